// Generates a synthetic, handbook-shaped workspace of N Markdown documents, deterministically
// (seeded PRNG): ADRs with supersedes/superseded_by, runbooks and policies with `related` lists,
// links to heading anchors and id mentions, tasks with depends_on and checklists, guides, one
// AGENTS.md per scripts folder (with the scripts it documents) and a root package.json whose
// scripts the docs mention with `npm run`. About 3% of the documents carry a deliberate problem
// (overdue review or task, broken anchor, blocked task without a reason), as real repos do.
//
// usage: node bench/synth.mjs DIR N      (DIR must not exist or be empty)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The date the synthetic lifecycle fields are written against (pass it as `today`). */
export const SYNTH_TODAY = '2026-11-26';

function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'cache queue billing search ledger gateway payments identity storage ingest metrics alerting ' +
  'backup replica cluster edge router session export import catalog inventory pricing checkout ' +
  'notifications email webhooks scheduler worker mobile partner reporting audit archive tenant'
).split(' ');
const VERBS =
  'restart rotate failover drain scale restore purge rebuild migrate replay reindex throttle'.split(' ');
const POLICY_TOPICS = [
  'Access control',
  'Key rotation',
  'Secrets management',
  'MFA',
  'Logging',
  'Data retention',
  'Vulnerability scanning',
  'Change approval',
  'Backups',
  'Incident reporting',
];
const SENTENCES = [
  'Alerts come from the service dashboards and are routed to the on-call rotation of the owning team.',
  'Every change is applied through the pipeline; manual changes in the console are reverted by the next run.',
  'Capacity is reviewed monthly and right-sized when utilisation stays under forty percent for two weeks.',
  'The service keeps three replicas in two zones, and a zone failure must not lose acknowledged writes.',
  'Credentials are short-lived and issued by the identity provider; long-lived keys are not allowed.',
  'Customer data never leaves the region it was written in, including backups and log archives.',
  'If the error budget is spent, feature work stops until the rolling budget is positive again.',
  'Runbooks are reviewed after every incident that used them and at least once per review period.',
];
const STATUSES = [
  'todo',
  'todo',
  'todo',
  'in_progress',
  'in_progress',
  'review',
  'done',
  'done',
  'done',
  'blocked',
];
const SCRIPT_NAMES = ['deploy', 'rollback', 'rotate-keys', 'check-budgets', 'lint:docs', 'tasks:summary'];

const pad = (n, w) => String(n).padStart(w, '0');
const slugOf = (s) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const cap = (s) => s[0].toUpperCase() + s.slice(1);
const rel = (from, to) => path.posix.relative(path.posix.dirname(from), to);
function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * Writes the workspace and returns what the benchmark needs to know about it: counts by kind,
 * and "probes" (runbooks with a finding, with positions of a link, a heading, an id mention and
 * completion points) for the language-server measurements.
 */
export function generate(root, n, { seed = 42, today = SYNTH_TODAY } = {}) {
  const rnd = prng(seed ^ n);
  const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
  const chance = (p) => rnd() < p;
  const teamCount = Math.max(4, Math.round(n / 250));
  const teams = Array.from({ length: teamCount }, (_, i) => `team-${pad(i + 1, 3)}`);
  const count = {
    agents: teamCount,
    adr: Math.round(n * 0.1),
    policy: Math.round(n * 0.08),
    runbook: Math.round(n * 0.3),
    guide: Math.round(n * 0.04),
  };
  // -1: root README
  count.task = n - count.agents - count.adr - count.policy - count.runbook - count.guide - 1;

  // ---- phase 1: what exists (paths, ids, titles, headings) ----
  const adrs = [];
  for (let i = 1; i <= count.adr; i++) {
    const title = `${cap(pick(WORDS))} ${pick(WORDS)} on ${pick(WORDS)}`;
    adrs.push({
      i,
      id: `ADR-${pad(i, 4)}`,
      title,
      file: `docs/adr/ADR-${pad(i, 4)}-${slugOf(title)}.md`,
      status: chance(0.1) ? 'proposed' : 'accepted',
      date: addDays(today, -Math.floor(rnd() * 1500)),
    });
  }
  // every 10th ADR supersedes one a few numbers earlier
  for (const a of adrs) {
    if (a.i % 10 === 0 && a.i > 3) {
      const old = adrs[a.i - 4];
      if (!old.supersededBy && !old.supersedes) {
        a.supersedes = [old.id];
        old.supersededBy = a.id;
        old.status = 'superseded';
      }
    }
  }
  const liveAdrs = adrs.filter((a) => a.status !== 'superseded');
  const byTeam = (kind, total, make) => {
    const out = teams.map(() => []);
    for (let i = 0; i < total; i++) {
      const t = i % teamCount;
      out[t].push(make(teams[t], out[t].length + 1, i));
    }
    return out;
  };
  const policies = byTeam('policy', count.policy, (team, k) => {
    const title = `${cap(pick(WORDS))} ${pick(['security', 'data', 'availability', 'access', 'change'])} policy`;
    const topics = POLICY_TOPICS.filter(() => chance(0.5));
    if (topics.length === 0) topics.push(POLICY_TOPICS[k % POLICY_TOPICS.length]);
    return { team, title, file: `docs/policies/${team}/${slugOf(title)}-${k}.md`, topics };
  });
  const runbooks = byTeam('runbook', count.runbook, (team, k) => {
    const title = `${cap(pick(VERBS))} the ${pick(WORDS)} ${pick(WORDS)} service`;
    return { team, title, file: `docs/runbooks/${team}/${slugOf(title)}-${k}.md`, verification: chance(0.4) };
  });
  let taskNo = 0;
  const tasks = byTeam('task', count.task, (team) => {
    taskNo++;
    const title = `${cap(pick(VERBS))} ${pick(WORDS)} ${pick(WORDS)} for ${pick(WORDS)}`;
    return {
      team,
      id: `TASK-${pad(taskNo, 5)}`,
      title,
      file: `tasks/${team}/TASK-${pad(taskNo, 5)}-${slugOf(title)}.md`,
      status: pick(STATUSES),
    };
  });
  const guides = byTeam('guide', count.guide, (team, k) => {
    const title = `${cap(pick(WORDS))} ${pick(['onboarding', 'platform', 'on-call', 'release'])} guide`;
    return { team, title, file: `docs/guides/${team}/${slugOf(title)}-${k}.md` };
  });

  const allRunbooks = runbooks.flat();

  // ---- phase 2: write ----
  const written = new Set();
  const files = [];
  const write = (file, text) => {
    const abs = path.join(root, ...file.split('/'));
    const dir = path.dirname(abs);
    if (!written.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      written.add(dir);
    }
    fs.writeFileSync(abs, text);
    files.push(file);
  };
  const other = (list, t) => (chance(0.9) ? list[t] : pick(list)); // same team mostly, sometimes another
  const anyOf = (groups, t) => {
    const g = other(groups, t);
    return g.length ? pick(g) : pick(groups.find((x) => x.length) ?? [undefined]);
  };
  const badAnchor = () => (chance(0.01) ? '-old' : '');
  const scriptMention = () => `\`npm run ${pick(SCRIPT_NAMES)}\``;
  const probes = [];
  let bytes = 0;
  const put = (file, text) => {
    bytes += Buffer.byteLength(text);
    write(file, text);
  };

  put(
    'package.json',
    JSON.stringify(
      {
        name: 'synthetic-handbook',
        private: true,
        version: '0.0.0',
        scripts: Object.fromEntries(SCRIPT_NAMES.map((s) => [s, `echo ${s}`])),
      },
      null,
      2,
    ) + '\n',
  );
  put(
    'README.md',
    `# Synthetic handbook\n\n${n} documents for ${teamCount} teams. Start with the guides:\n\n${guides
      .flat()
      .slice(0, 50)
      .map((g) => `- [${g.title}](${g.file})`)
      .join('\n')}\n\nDecisions live in \`docs/adr/\`; the first is ADR-0001.\n`,
  );

  for (const a of adrs) {
    const t = a.i % teamCount;
    const rb = anyOf(runbooks, t);
    const po = anyOf(policies, t);
    const mention = pick(liveAdrs);
    const fm = [
      '---',
      `id: ${a.id}`,
      `title: ${a.title}`,
      `status: ${a.status}`,
      `date: ${a.date}`,
      `deciders: [${pick(teams)}-lead, cto]`,
      ...(a.supersedes ? [`supersedes: [${a.supersedes.join(', ')}]`] : []),
      ...(a.supersededBy ? [`superseded_by: ${a.supersededBy}`] : []),
      `tags: [${pick(WORDS)}, ${pick(WORDS)}]`,
      '---',
    ];
    put(
      a.file,
      `${fm.join('\n')}\n\n# ${a.id}: ${a.title}\n\n${a.supersededBy ? `> Superseded by ${a.supersededBy}.\n\n` : ''}## Context\n\n${pick(SENTENCES)} ${pick(SENTENCES)} This builds on ${mention.id}.\n\n## Options considered\n\n- Keep the current ${pick(WORDS)} setup.\n- Move to a managed ${pick(WORDS)} service.\n- Build it in-house.\n\n## Decision\n\nWe move to the managed ${pick(WORDS)} service. Operations follow the [runbook](${rel(a.file, rb.file)}#steps) and the [${po.topics[0]} rules](${rel(a.file, po.file)}#${slugOf(po.topics[0])}).\n\n## Consequences\n\n- ${pick(SENTENCES)}\n- Costs are reviewed in \`${rb.file}\`.\n- ${pick(SENTENCES)}\n`,
    );
  }

  policies.forEach((group, t) =>
    group.forEach((p) => {
      const overdue = chance(0.03);
      const rbs = [anyOf(runbooks, t), anyOf(runbooks, t)];
      const peer = anyOf(policies, t);
      const adr = pick(liveAdrs);
      const fm = [
        '---',
        `title: ${p.title}`,
        `owner: ${p.team}`,
        `version: "${1 + Math.floor(rnd() * 4)}.${Math.floor(rnd() * 10)}"`,
        `effective: ${addDays(today, -400)}`,
        `last_reviewed: ${addDays(today, overdue ? -200 : -Math.floor(rnd() * 150))}`,
        'review_every_days: 180',
        'related:',
        ...rbs.map((r) => `  - ${r.file}`),
        `  - ${adr.id}`,
        '---',
      ];
      const topics = p.topics
        .map((topic) => `### ${topic}\n\n- ${pick(SENTENCES)}\n- ${pick(SENTENCES)}\n`)
        .join('\n');
      put(
        p.file,
        `${fm.join('\n')}\n\n# ${p.title}\n\n## Purpose\n\n${pick(SENTENCES)} Decided in [${adr.id}](${rel(p.file, adr.file)}#decision).\n\n## Scope\n\nAll production and staging accounts of ${p.team}, the pipelines and the people who can reach them.\n\n## Requirements\n\n${topics}\n## Exceptions\n\nExceptions are time-boxed and approved by the owner. See also the [${peer.topics[0]} rules](${rel(p.file, peer.file)}#${slugOf(peer.topics[0])}${badAnchor()}) and \`${rbs[0].file}\`.\n`,
      );
    }),
  );

  runbooks.forEach((group, t) =>
    group.forEach((r, k) => {
      const probe = k === 0 && probes.length < 20; // first runbook of each team: always has a finding
      const overdue = probe || chance(0.03);
      const po = anyOf(policies, t);
      const topic = pick(po.topics);
      const peer = anyOf(runbooks, t);
      const far = pick(allRunbooks);
      const adr = pick(liveAdrs);
      const adr2 = pick(liveAdrs);
      const fm = [
        '---',
        `title: ${r.title}`,
        `owner: ${r.team}`,
        `services: [${pick(WORDS)}, ${pick(WORDS)}]`,
        `last_reviewed: ${addDays(today, overdue ? -(120 + Math.floor(rnd() * 200)) : -Math.floor(rnd() * 80))}`,
        'review_every_days: 90',
        'related:',
        `  - ${po.file}`,
        `  - ${adr.id}`,
        `  - ${peer.file}`,
        `severity: ${pick(['sev1', 'sev2', 'sev3', 'sev4'])}`,
        '---',
      ];
      const lines = [
        ...fm,
        '',
        `# ${r.title}`,
        '',
        '## Overview',
        '',
        `${pick(SENTENCES)} The design is recorded in [${adr.id}](${rel(r.file, adr.file)}#decision).`,
        `Access follows the [${topic} rules](${rel(r.file, po.file)}#${slugOf(topic)}${badAnchor()}); see also ${adr2.id}.`,
        '',
        '## Steps',
        '',
        `1. Check the dashboards of \`${r.team}\`: no open sev1 incident, burn rate below 2x.`,
        `2. Run ${scriptMention()} from the repository root and watch the error rate for 15 minutes.`,
        `3. If the ${pick(WORDS)} backlog grows, follow the [${peer.title}](${rel(r.file, peer.file)}#steps) runbook.`,
        `4. ${pick(SENTENCES)}`,
        '',
        `- [ ] Confirm the ${pick(WORDS)} alerts are green.`,
        `- [ ] Post a note in \`#${r.team}\`.`,
        '',
        ...(r.verification ? ['## Verification', '', `${pick(SENTENCES)}`, ''] : []),
        '## Rollback',
        '',
        `1. Re-apply the previous release with ${scriptMention()}.`,
        `2. ${pick(SENTENCES)}`,
        '',
        '## Escalation',
        '',
        `- No acknowledgement in 10 minutes: page the secondary on-call, then the ${r.team} lead.`,
        `- Cross-team impact: follow [${far.title}](${rel(r.file, far.file)}#escalation) and \`${far.file}\`.`,
        '',
      ];
      const text = lines.join('\n');
      put(r.file, text);
      if (probe) probes.push(runbookProbe(r.file, lines));
    }),
  );

  tasks.forEach((group, t) =>
    group.forEach((task, k) => {
      const done = task.status === 'done';
      const earlier = group.slice(Math.max(0, k - 20), k).filter((d) => !done || d.status === 'done');
      const deps = [];
      for (let j = 0; j < 2 && earlier.length; j++) if (chance(0.5)) deps.push(pick(earlier).id);
      const rb = anyOf(runbooks, t);
      const po = anyOf(policies, t);
      const due = done
        ? addDays(today, -Math.floor(rnd() * 300))
        : addDays(today, chance(0.03) ? -10 : 5 + Math.floor(rnd() * 120));
      const fm = [
        '---',
        `id: ${task.id}`,
        `title: ${task.title}`,
        `status: ${task.status}`,
        `owner: ${task.team}.${pick(WORDS)}`,
        `priority: ${pick(['P0', 'P1', 'P2', 'P3'])}`,
        `due: ${due}`,
        `depends_on: [${[...new Set(deps)].join(', ')}]`,
        ...(task.status === 'blocked' && chance(0.9)
          ? [`blocked_reason: waiting for ${pick(WORDS)} capacity`]
          : []),
        `labels: [${task.team}, ${pick(WORDS)}]`,
        '---',
      ];
      const items = Array.from(
        { length: 3 + Math.floor(rnd() * 4) },
        (_, j) => `- [${done || j < 1 ? 'x' : ' '}] ${cap(pick(VERBS))} the ${pick(WORDS)} ${pick(WORDS)}.`,
      );
      items.push(
        `- [${done ? 'x' : ' '}] Update the [runbook](${rel(task.file, rb.file)}#rollback) and \`${rb.file}\`.`,
      );
      items.push(
        `- [${done ? 'x' : ' '}] Check against the [${po.topics[0]} rules](${rel(task.file, po.file)}#${slugOf(po.topics[0])}).`,
      );
      put(
        task.file,
        `${fm.join('\n')}\n\n# ${task.id}: ${task.title}\n\n${pick(SENTENCES)} Follows ${pick(liveAdrs).id}.\n\n## Checklist\n\n${items.join('\n')}\n\n## Notes\n\n${pick(SENTENCES)}\n`,
      );
    }),
  );

  guides.forEach((group, t) =>
    group.forEach((g) => {
      const links = Array.from({ length: 8 }, () => anyOf(chance(0.5) ? runbooks : policies, t)).map(
        (d) => `- [${d.title}](${rel(g.file, d.file)})`,
      );
      put(
        g.file,
        `# ${g.title}\n\nThis guide collects what ${g.team} needs day to day.\n\n## Key references\n\n${links.join('\n')}\n- Scripts: \`scripts/${g.team}/AGENTS.md\`\n- Decisions: ${pick(liveAdrs).id}, ${pick(liveAdrs).id}\n\n## Cadence\n\n1. ${pick(SENTENCES)}\n2. ${pick(SENTENCES)}\n3. Run ${scriptMention()} before a release.\n`,
      );
    }),
  );

  teams.forEach((team, t) => {
    const dir = `scripts/${team}`;
    const scripts = ['deploy.sh', 'rotate-keys.sh', 'check-budgets.sh'];
    for (const s of scripts)
      put(`${dir}/${s}`, `#!/usr/bin/env sh\n# ${s} for ${team}\nset -eu\necho "${s}"\n`);
    const po = policies[t][0] ?? policies.flat()[0];
    const rows = scripts.map(
      (s) =>
        `| \`${dir}/${s}\` | ${cap(pick(VERBS))} the ${pick(WORDS)} service per the [policy](${rel(`${dir}/AGENTS.md`, po.file)}#scope). | Run from the repo root. |`,
    );
    put(
      `${dir}/AGENTS.md`,
      `# Scripts of ${team}\n\nEvery file in this folder is listed here (checked by ${scriptMention()}).\n\n| Script | Purpose | Usage |\n| --- | --- | --- |\n${rows.join('\n')}\n| \`${dir}/AGENTS.md\` | This file. | Keep in sync. |\n\n## Conventions\n\n- POSIX \`sh\`, \`set -eu\`, a usage header comment.\n- Infrastructure context: ${pick(liveAdrs).id}.\n`,
    );
  });

  const md = files.filter((f) => f.endsWith('.md')).length;
  return { root, docs: md, files: files.length, bytes, teams: teamCount, counts: count, probes, today };
}

/** Positions in a generated runbook that the language-server measurements aim at. */
function runbookProbe(file, lines) {
  const find = (re) => {
    const line = lines.findIndex((l) => re.test(l));
    return { line, text: lines[line] };
  };
  const access = find(/^Access follows the \[/); // link into a policy, with an anchor
  const linkStart = access.text.indexOf('](') + 2;
  const hash = access.text.indexOf('#', linkStart);
  const slash = access.text.lastIndexOf('/', hash);
  const stepsHeading = find(/^## Steps$/);
  const see = access.text.indexOf('see also ') + 'see also '.length;
  const steps = find(/^2\. Run `npm run /);
  const body = find(/^4\. /);
  return {
    file,
    // definition / hover: inside the link target and on the id mention
    link: { line: access.line, character: linkStart + 3 },
    id: { line: access.line, character: see + 2 },
    // references: on a heading (links to #steps) and on the link (references of its target)
    heading: { line: stepsHeading.line, character: 4 },
    // completion: after `#` (anchors), after the folder's `/` (paths), after `ADR-` (ids), after `npm run `
    // (scripts)
    completion: [
      { kind: 'anchor', line: access.line, character: hash + 1 },
      { kind: 'path', line: access.line, character: slash + 1 },
      { kind: 'id', line: access.line, character: see + 4 },
      { kind: 'script', line: steps.line, character: steps.text.indexOf('npm run ') + 8 },
    ],
    // the line edits type into (the end of step 4)
    edit: { line: body.line, character: body.text.length },
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, size] = process.argv.slice(2);
  if (!dir || !size) {
    process.stderr.write('usage: node bench/synth.mjs DIR N\n');
    process.exit(2);
  }
  const info = generate(path.resolve(dir), Number(size));
  process.stdout.write(JSON.stringify({ ...info, probes: info.probes.length }, null, 2) + '\n');
}
