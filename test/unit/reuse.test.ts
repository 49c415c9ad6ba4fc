import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { Engine, type Reusable } from '../../server/src/core/engine.js';
import type { Finding } from '../../server/src/core/types.js';
import { Pacer } from '../../server/src/core/util/pace.js';
import { FindingsSnapshot, resultOf, sha1 } from '../../server/src/node/snapshot.js';
import { formatFinding } from '../helpers/expected.js';
import { writeFiles } from '../helpers/gitRepo.js';
import { MemoryWorkspace, memoryCopy } from '../helpers/memoryWorkspace.js';

const TODAY = '2026-11-26';

/** An engine with a digest over `files`, indexed. */
async function indexed(files: Map<string, string>, today = TODAY): Promise<Engine> {
  const engine = new Engine({ workspace: new MemoryWorkspace(new Map(files)), today, hash: sha1 });
  await engine.indexAll();
  return engine;
}

/** The last check of `files`: its findings and what its index keeps for reusing them. */
async function lastCheckOf(files: Map<string, string>): Promise<{ findings: Finding[]; reusable: Reusable }> {
  const engine = await indexed(files);
  const findings = engine.allFindings();
  return { findings, reusable: (await engine.reusable())! };
}

/** The findings of `files` checked with the last check's reused where nothing they looked up changed. */
async function reusedCheck(
  last: { findings: Finding[]; reusable: Reusable },
  files: Map<string, string>,
  today = TODAY,
): Promise<{ findings: Finding[]; reused: number; checked: number }> {
  const engine = await indexed(files, today);
  const reused = await engine.reuseFindings(last.reusable, last.findings);
  return { findings: engine.allFindings(), reused, checked: engine.checkedFiles().length };
}

/** A fixture's last check, and the fixture with `file` edited by `edit`. */
async function edited(fixture: string, file: string, edit: (text: string) => string) {
  const base = (await memoryCopy(`test/fixtures/${fixture}`)).files;
  const files = new Map(base).set(file, edit(base.get(file)!));
  return { base, last: await lastCheckOf(base), files };
}

const fresh = async (files: Map<string, string>, today = TODAY) =>
  (await indexed(files, today)).allFindings();

/** A seeded random number generator (mulberry32): the same changes on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Change = (files: Map<string, string>, pick: <T>(xs: T[]) => T | undefined) => string | undefined;

const md = (files: Map<string, string>) => [...files.keys()].filter((f) => /\.md$/i.test(f));
const folderOf = (f: string) => (f.includes('/') ? f.slice(0, f.lastIndexOf('/')) : '');
const relative = (from: string, to: string) => path.posix.relative(folderOf(from) || '.', to);

/**
 * The kinds of change a workspace sees between two checks: what is read by others (headings, ids,
 * statuses, scripts, file names) and what is not (a paragraph).
 */
const CHANGES: Record<string, Change> = {
  'a heading renamed': (files, pick) => {
    const file = pick(md(files).filter((f) => /^#{1,6} \S/m.test(files.get(f)!)));
    if (!file) return undefined;
    const text = files.get(file)!;
    const headings = text.match(/^#{1,6} .+$/gm)!;
    const heading = pick(headings)!;
    files.set(file, text.replace(heading, `${heading} renamed`));
    return `${file}: ${heading} renamed`;
  },
  'a paragraph added, linking to another file with an anchor, and naming an id': (files, pick) => {
    const file = pick(md(files));
    const target = pick([...files.keys()]);
    if (!file || !target) return undefined;
    const id = pick((files.get(pick(md(files))!)!.match(/\b(?:ADR|TASK|RB|POL)-\d+\b/g) ?? []) as string[]);
    const line = `\nSee [this](${relative(file, target)}#overview)${id ? ` and ${id}` : ''}.\n`;
    files.set(file, files.get(file)! + line);
    return `${file}: a paragraph linking ${target}`;
  },
  'a file deleted': (files, pick) => {
    const file = pick([...files.keys()].filter((f) => f !== '.opsdocs.json'));
    if (!file) return undefined;
    files.delete(file);
    return `${file} deleted`;
  },
  'a file renamed': (files, pick) => {
    const file = pick([...files.keys()].filter((f) => f !== '.opsdocs.json'));
    if (!file) return undefined;
    const to = file.replace(/([^/]+)$/, 'moved-$1');
    files.set(to, files.get(file)!);
    files.delete(file);
    return `${file} renamed to ${to}`;
  },
  'a document created beside another, citing a third': (files, pick) => {
    const beside = pick(md(files));
    const cited = pick(md(files));
    if (!beside || !cited) return undefined;
    const file = `${folderOf(beside) ? `${folderOf(beside)}/` : ''}new-page.md`;
    files.set(
      file,
      `# New page\n\nFollow [it](${relative(file, cited)}) and [its part](${relative(file, cited)}#steps).\n`,
    );
    return `${file} created`;
  },
  'a missing link target created': (files, pick) => {
    const missing: string[] = [];
    for (const f of md(files))
      for (const m of files.get(f)!.matchAll(/\]\(([^)#\s:]+)(?:#[^)]*)?\)/g)) {
        const to = path.posix.normalize(path.posix.join(folderOf(f), m[1]));
        if (!to.startsWith('..') && !files.has(to)) missing.push(to);
      }
    const file = pick(missing);
    if (!file) return undefined;
    files.set(file, /\.md$/i.test(file) ? '# Now here\n\n## Steps\n' : 'now here\n');
    return `${file} created (it was linked to)`;
  },
  'an id or a status in front matter changed': (files, pick) => {
    const file = pick(md(files).filter((f) => /^(id|status): .+$/m.test(files.get(f)!)));
    if (!file) return undefined;
    const text = files.get(file)!;
    const next =
      /^status: /m.test(text) && pick([true, false])
        ? text.replace(
            /^status: .+$/m,
            `status: ${pick(['deprecated', 'accepted', 'superseded', 'done', 'blocked', 'open', 'approved'])}`,
          )
        : text.replace(
            /^id: (.+)$/m,
            (_, id: string) => `id: ${id.replace(/\d+$/, (n) => String(Number(n) + 1))}`,
          );
    files.set(file, next);
    return `${file}: its id or status changed`;
  },
  'an id written another way (ADR-002 as ADR-2, ADR-3 as ADR-0003)': (files, pick) => {
    const file = pick(md(files).filter((f) => /^id: [A-Za-z]+-\d+$/m.test(files.get(f)!)));
    if (!file) return undefined;
    const respell = (n: string) => (n.startsWith('0') ? String(Number(n)) : n.padStart(4, '0'));
    files.set(
      file,
      files
        .get(file)!
        .replace(/^id: ([A-Za-z]+-)(\d+)$/m, (_, p: string, n: string) => `id: ${p}${respell(n)}`),
    );
    return `${file}: its id written another way`;
  },
  'package.json scripts changed': (files, pick) => {
    const file = pick([...files.keys()].filter((f) => /(^|\/)package\.json$/.test(f)));
    if (!file) return undefined;
    files.set(file, JSON.stringify({ scripts: { build: 'tsc', [pick(['lint', 'deploy', 'test'])!]: 'x' } }));
    return `${file}: scripts changed`;
  },
};

/**
 * Fixture workspaces: links, ids, supersession, tasks, scripts, AGENTS.md indexes, learned templates
 * and statuses, ADR logs of several services.
 */
const WORKSPACES = [
  'links',
  'agents-index',
  'lifecycle',
  'superseded-links',
  'commands',
  'code-paths',
  'reference-links',
  'id-forms',
  'nygard-decisions',
  'anchor-styles-mkdocs',
  'owners',
  'learn-own',
  'learn-mixed',
  'learn-frontmatter',
  'learn-statuses',
  'adr-logs',
];

describe('findings of the last check reused where no change reaches them (Engine.reuseFindings)', () => {
  it('after random changes of every kind, the findings equal a fresh check (property, 16 workspaces)', async function () {
    this.timeout(120_000);
    const rnd = random(20261205);
    const pick = <T>(xs: T[]): T | undefined => (xs.length ? xs[Math.floor(rnd() * xs.length)] : undefined);
    let trials = 0;
    let reusedSome = 0;
    for (const name of WORKSPACES) {
      const base = (await memoryCopy(`test/fixtures/${name}`)).files;
      const last = await lastCheckOf(base);
      for (let trial = 0; trial < 12; trial++) {
        const files = new Map(base);
        const said: string[] = [];
        for (let n = 1 + Math.floor(rnd() * 3); n > 0; n--) {
          const change = pick(Object.keys(CHANGES))!;
          said.push(CHANGES[change](files, pick) ?? `(${change}: nothing to change)`);
        }
        const got = await reusedCheck(last, files);
        assert.deepEqual(
          got.findings.map(formatFinding),
          (await fresh(files)).map(formatFinding),
          `${name} after ${said.join('; ')}`,
        );
        trials++;
        if (got.reused > 0) reusedSome++;
      }
    }
    // The property holds trivially if nothing is ever reused: most trials reuse something (a file
    // created or deleted where a template is learned changes its counts, and then nothing is).
    assert.ok(reusedSome > trials * 0.6, `${reusedSome} of ${trials} trials reused findings`);
  });

  it('takes every file but the edited one when the edit changes nothing another file looks up', async () => {
    const { last, files } = await edited('links', 'docs/runbooks/deploy.md', (t) => `${t}\nMore words.\n`);
    const got = await reusedCheck(last, files);
    assert.equal(got.reused, got.checked - 1);
    assert.deepEqual(got.findings.map(formatFinding), (await fresh(files)).map(formatFinding));
  });

  it('re-checks the citing files when a heading they link to is renamed', async () => {
    const { last, files } = await edited('links', 'docs/policies/security.md', (t) =>
      t.replace('## MFA', '## Multi-factor authentication'),
    );
    const got = await reusedCheck(last, files);
    // The policy and the runbook linking to its `#mfa` are checked again.
    assert.equal(got.reused, got.checked - 2);
    const anchors = got.findings.filter((f) => f.rule === 'links/missing-anchor').map(formatFinding);
    assert.ok(
      anchors.some((a) => a.includes('No heading `#mfa` in `docs/policies/security.md`.')),
      anchors.join('\n'),
    );
    assert.deepEqual(got.findings.map(formatFinding), (await fresh(files)).map(formatFinding));
  });

  it('never lets a request between its rests see a finding the change made stale', async () => {
    const { last, files } = await edited('links', 'docs/policies/security.md', (t) =>
      t.replace('## MFA', '## Multi-factor authentication'),
    );
    const runbook = 'docs/runbooks/deploy.md';
    const want = (await indexed(files)).findings(runbook).map(formatFinding);
    const engine = await indexed(files);
    const seen: string[][] = [];
    // A request at every rest, as the language server answers them.
    const pace = new Pacer(async () => void seen.push(engine.findings(runbook).map(formatFinding)), -1);
    assert.ok((await engine.reuseFindings(last.reusable, last.findings, pace)) > 0);
    assert.ok(seen.length > 0, 'it rested');
    for (const s of seen) assert.deepEqual(s, want);
    assert.deepEqual(engine.findings(runbook).map(formatFinding), want);
  });

  it('re-checks the citers of an id written another way: "did you mean" names ids as written', async () => {
    const adr = 'docs/adr/ADR-002-queues.md';
    const { base, last, files } = await edited('defer-links', adr, (t) =>
      t.replace('id: ADR-002', 'id: ADR-2'),
    );
    const want = (await fresh(files)).map(formatFinding);
    const unknown = want.filter((f) => f.includes('links/unknown-id'));
    assert.deepEqual(unknown, [
      'docs/guide.md:12:15-12:22 error links/unknown-id No document has the id ADR-009. Did you mean ADR-001 (Jobs on cron)?',
      'docs/runbooks/deploy.md:7:5-7:12 error links/unknown-id No document has the id ADR-404. Did you mean ADR-001 (Jobs on cron)?',
    ]);
    assert.deepEqual((await reusedCheck(last, files)).findings.map(formatFinding), want);
    // The same change made in an editor.
    const ws = new MemoryWorkspace(new Map(base));
    const live = new Engine({ workspace: ws, today: TODAY });
    await live.indexAll();
    live.allFindings();
    ws.files.set(adr, files.get(adr)!);
    assert.ok((await live.update(adr)).includes('docs/runbooks/deploy.md'));
    assert.deepEqual(live.allFindings().map(formatFinding), want);
  });

  it('re-checks a link through a symbolic link when what it points to is deleted', async function () {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-reuse-link-'));
    try {
      writeFiles(root, {
        'real/x.md': '# X\n',
        'docs/adr/ADR-001-x.md':
          '---\nid: ADR-001\ntitle: X\nstatus: accepted\ndate: 2026-11-01\n---\n# ADR-001: X\n\n## Context\n\nSee [x](alias/x.md).\n\n## Decision\n\nX.\n\n## Consequences\n\nNone.\n',
      });
      try {
        fs.symlinkSync('../../real', path.join(root, 'docs/adr/alias'));
      } catch {
        this.skip(); // a file system without symbolic links
      }
      const { FsWorkspace } = await import('../../server/src/node/fsWorkspace.js');
      const engineOf = async () => {
        const engine = new Engine({
          workspace: new FsWorkspace(root, { log() {} }),
          today: TODAY,
          hash: sha1,
        });
        await engine.indexAll();
        return engine;
      };
      const first = await engineOf();
      const last = { findings: first.allFindings(), reusable: (await first.reusable())! };
      assert.deepEqual(last.findings, [], 'the link resolves through the symbolic link');
      fs.rmSync(path.join(root, 'real/x.md'));
      const want = (await engineOf()).allFindings().map(formatFinding);
      assert.deepEqual(
        want.filter((f) => f.includes('links/missing-file')),
        [
          'docs/adr/ADR-001-x.md:11:9-11:19 error links/missing-file `alias/x.md` does not exist (looked for `docs/adr/alias/x.md`).',
        ],
      );
      const again = await engineOf();
      await again.reuseFindings(last.reusable, last.findings);
      assert.deepEqual(again.allFindings().map(formatFinding), want);
      // The same deletion seen by a running index.
      assert.ok(first.remove('real/x.md').includes('docs/adr/ADR-001-x.md'));
      assert.deepEqual(first.allFindings().map(formatFinding), want);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it("re-checks a kind's documents, and only them, when a document changes what was counted of them", async () => {
    const base = (await memoryCopy('test/fixtures/learn-own')).files;
    const last = await lastCheckOf(base);
    // A seventh decision on the learned template: the template is the same, its counts are not.
    const files = new Map(base).set(
      'docs/decisions/0007-decision-7.md',
      '# 7. Decision 7\n\nStatus: accepted\n\n## Problem\n\nText.\n\n## Proposal\n\nText.\n\n## Outcome\n\nText.\n',
    );
    const kinds = async (f: Map<string, string>) => (await indexed(f)).getConfig().kinds;
    const [before, after] = [await kinds(base), await kinds(files)];
    const adr = (k: typeof before) => k.find((x) => x.name === 'adr')!;
    assert.deepEqual([adr(before).learned?.docs, adr(after).learned?.docs], [6, 7]);
    const template = (k: (typeof before)[number]) => ({ ...k, learned: 0, learnedFileName: 0 });
    assert.deepEqual(template(adr(after)), template(adr(before)));
    const got = await reusedCheck(last, files);
    // The six runbooks are taken; the seven decisions are checked.
    assert.deepEqual([got.reused, got.checked], [6, 13]);
    const want = (await fresh(files)).map(formatFinding);
    assert.deepEqual(got.findings.map(formatFinding), want);
    assert.ok(
      want.some((f) => f.includes('Missing section "Outcome": 6 of 7 ADRs in docs/decisions have it.')),
      `the counts are in the messages:\n${want.join('\n')}`,
    );
  });

  it('takes nothing when the date, the configuration or the learned templates changed', async () => {
    const base = (await memoryCopy('test/fixtures/learn-own')).files;
    const last = await lastCheckOf(base);
    const later = await reusedCheck(last, base, '2027-06-01');
    assert.equal(later.reused, 0, 'another date');
    assert.deepEqual(later.findings.map(formatFinding), (await fresh(base, '2027-06-01')).map(formatFinding));
    const configured = new Map(base).set('.opsdocs.json', '{"rules":{"links/missing-anchor":"warning"}}');
    assert.equal((await reusedCheck(last, configured)).reused, 0, 'a configuration');
    // One runbook fewer on the learned template: the template learned from the others is another.
    const runbooks = md(base).filter((f) => f.includes('runbook'));
    assert.ok(runbooks.length > 1);
    const relearned = new Map(base);
    relearned.set(runbooks[0], '# A runbook of no template\n\nJust words.\n');
    const learned = (e: Engine) => JSON.stringify(e.getConfig().kinds);
    if (learned(await indexed(relearned)) !== learned(await indexed(base)))
      assert.equal((await reusedCheck(last, relearned)).reused, 0, 'learned templates');
    else assert.fail('the change was meant to change the learned template');
    // The one closed task done: `closed` is no longer a learned status.
    const statuses = (await memoryCopy('test/fixtures/learn-statuses')).files;
    const closed = md(statuses).find((f) => /^status: closed$/m.test(statuses.get(f)!))!;
    const done = new Map(statuses).set(
      closed,
      statuses.get(closed)!.replace('status: closed', 'status: done'),
    );
    assert.notEqual(learned(await indexed(done)), learned(await indexed(statuses)));
    assert.equal((await reusedCheck(await lastCheckOf(statuses), done)).reused, 0, 'learned statuses');
  });
});

describe('the snapshot keeps what reusing the findings needs (FindingsSnapshot.lastCheck)', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-reuse-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const said: string[] = [];
  const open = (file: string, build = 'b1') =>
    new FindingsSnapshot(file, build, { log: (m) => said.push(m) });

  it('saved with a check and read back whole; reused through it as from the engine', async () => {
    const base = (await memoryCopy('test/fixtures/links')).files;
    const engine = await indexed(base);
    const file = path.join(dir, 'facts.bin.findings');
    assert.equal(await open(file).saveCheck(engine, resultOf(engine)), undefined);
    const last = open(file).lastCheck();
    assert.ok(last);
    assert.deepEqual(last.result.findings, engine.allFindings());
    assert.deepEqual(last.reusable, await engine.reusable());
    const files = new Map(base).set(
      'docs/runbooks/deploy.md',
      `${base.get('docs/runbooks/deploy.md')}\nMore.\n`,
    );
    const again = await indexed(files);
    assert.equal(await open(file).reuseIn(again), again.checkedFiles().length - 1);
    assert.deepEqual(again.allFindings(), await fresh(files));
    assert.equal(open(file, 'b2').lastCheck(), undefined, 'of another build: not used');
  });

  it('saved with a pace: rests between its parts, and writes the same file', async () => {
    const engine = await indexed((await memoryCopy('test/fixtures/links')).files);
    const [plain, paced] = [path.join(dir, 'plain.findings'), path.join(dir, 'paced.findings')];
    assert.equal(await open(plain).saveCheck(engine, resultOf(engine)), undefined);
    const rests: boolean[] = [];
    // Never due: only the rests the save takes between its parts.
    const pace = new Pacer(async () => void rests.push(fs.existsSync(paced)), Infinity);
    assert.equal(await open(paced).saveCheck(engine, resultOf(engine), pace), undefined);
    // After the digest, the result, the versions, the lookups and the whole; the file written after.
    assert.deepEqual(rests, [false, false, false, false, false]);
    assert.deepEqual(fs.readFileSync(paced), fs.readFileSync(plain));
  });

  it('is not used when its lookups are damaged or of the wrong shape (said once)', async () => {
    const engine = await indexed((await memoryCopy('test/fixtures/links')).files);
    const file = path.join(dir, 'facts.bin.findings');
    await open(file).saveCheck(engine, resultOf(engine));
    const stored = deserialize(fs.readFileSync(file)) as Record<string, unknown>;
    const reusable = deserialize(stored.reuse as Uint8Array) as Reusable;
    const forged = (r: Partial<Record<keyof Reusable, unknown>>) => {
      const bytes = serialize({ ...reusable, ...r });
      const seal = sha1(`reuse ${stored.inputs as string}\n${sha1(bytes)}`);
      fs.writeFileSync(file, serialize({ ...stored, reuse: bytes, reuseSeal: seal }));
    };
    const cases: [string, () => void][] = [
      [
        'a byte changed',
        () => {
          const bytes = Buffer.from(stored.reuse as Uint8Array);
          bytes[bytes.length - 1] ^= 1;
          fs.writeFileSync(file, serialize({ ...stored, reuse: bytes }));
        },
      ],
      [
        'a member past the names',
        () => forged({ members: Uint32Array.of(...reusable.members, reusable.names.length) }),
      ],
      [
        'a key whose files run past the members',
        () =>
          forged({ starts: Uint32Array.of(...reusable.starts.slice(0, -1), reusable.members.length + 1) }),
      ],
      ['starts out of order', () => forged({ starts: Uint32Array.from(reusable.starts).reverse() })],
      ['hashes fewer than names', () => forged({ hashes: reusable.hashes.slice(1) })],
      ['flags as a list', () => forged({ flags: [...reusable.flags] })],
      ['the counts of learned kinds as numbers', () => forged({ stats: reusable.stats.map(() => 1) })],
      ['no counts of learned kinds', () => forged({ stats: undefined })],
      ['a field more', () => forged({ extra: 1 } as never)],
      [
        'a list with a forged length',
        () => {
          const names = [...reusable.names];
          names.length = 2 ** 32 - 1;
          forged({ names });
        },
      ],
    ];
    for (const [what, damage] of cases) {
      said.length = 0;
      damage();
      const snapshot = open(file);
      assert.equal(snapshot.lastCheck(), undefined, what);
      assert.equal(snapshot.lastCheck(), undefined, what);
      assert.equal(said.length, 1, `${what}: said once (${said.join(' | ')})`);
      assert.match(
        said[0],
        /is damaged \((the seal of its lookups does not match|lookups of the wrong shape)\); not used\./,
        what,
      );
    }
  });
});
