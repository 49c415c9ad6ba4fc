import { CONFIG_FILE, kindPlural } from '../config.js';
import { emptyEdits, type WorkspaceEdits } from '../features/edits.js';
import { addScriptEntries, scriptNames } from '../scaffold/scaffold.js';
import { notFound, type Workspace } from '../workspace.js';
import type { Detection, KindEvidence } from './detect.js';

/**
 * What `opsdocs init` writes: the detected `.opsdocs.json`, the handbook's npm scripts and, with
 * `--ci github`, a workflow; each only where nothing is yet (never over an existing file or script).
 */

/** The npm scripts `init` adds when their names are free: the seed handbook's names. */
export const INIT_SCRIPTS: [string, string][] = [
  ['lint:tasks', 'opsdocs check'],
  ['tasks:summary', 'opsdocs digest'],
  ['ensure:agents', 'opsdocs check --only agents'],
];

/** The CI providers `--ci` writes a workflow for. */
export const CI_PROVIDERS = ['github'] as const;

/** Where `--ci github` writes its workflow. */
export const GITHUB_WORKFLOW_FILE = '.github/workflows/opsdocs.yml';

/**
 * The GitHub Actions workflow: on a pull request, the docs changed since its base (and those whose
 * findings depend on them); on a push, every doc. The parse cache is kept between runs and the
 * findings go to code scanning as SARIF, also when the check fails.
 */
export const GITHUB_WORKFLOW = `# Written by opsdocs init: checks the repository's docs with OpsDocs.
name: OpsDocs
on:
  pull_request:
  push:
    branches: [main]
permissions:
  contents: read
  security-events: write
jobs:
  opsdocs:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # --changed-since compares with the pull request's base
      - uses: actions/setup-node@v4
        with:
          node-version: 22
          cache: npm
      - run: npm ci
      - uses: actions/cache@v4
        with:
          path: node_modules/.cache/opsdocs
          key: opsdocs-\${{ runner.os }}-\${{ github.sha }}
          restore-keys: opsdocs-\${{ runner.os }}-
      - name: Check the docs this pull request changes
        if: github.event_name == 'pull_request'
        env:
          BASE: origin/\${{ github.base_ref }}
        run: npx opsdocs check --cache --changed-since "$BASE" --format sarif > opsdocs.sarif
      - name: Check every doc
        if: github.event_name != 'pull_request'
        run: npx opsdocs check --cache --format sarif > opsdocs.sarif
      - uses: github/codeql-action/upload-sarif@v3
        if: always() && hashFiles('opsdocs.sarif') != ''
        with:
          sarif_file: opsdocs.sarif
          category: opsdocs
`;

/** The plan of `init`: the edits to make and one line per step for the user. */
export interface InitPlan {
  /** The `.opsdocs.json` text detection proposes; undefined when the defaults fit. */
  config?: string;
  edits: WorkspaceEdits;
  steps: string[];
}

/** Whether a file is absent (`absent`), present, or unreadable (its error). */
async function presence(workspace: Workspace, file: string): Promise<'absent' | { text?: string }> {
  const r = await workspace.read(file);
  if ('text' in r) return { text: r.text };
  return notFound(r) ? 'absent' : {};
}

/** Plans `init` in `workspace` from a detection; `ci`: the provider to write a workflow for. */
export async function planInit(
  workspace: Workspace,
  detection: Detection,
  ci?: (typeof CI_PROVIDERS)[number],
): Promise<InitPlan> {
  const edits = emptyEdits();
  edits.creates = [];
  const steps: string[] = [];
  const config =
    Object.keys(detection.delta).length > 0 ? `${JSON.stringify(detection.delta, null, 2)}\n` : undefined;
  const existing = await presence(workspace, CONFIG_FILE);
  if (existing !== 'absent')
    steps.push(
      `keep ${CONFIG_FILE}: it exists and is never overwritten${config ? '; the detected config is printed below to merge by hand' : ''}`,
    );
  else if (config) {
    edits.creates.push({ file: CONFIG_FILE, text: config });
    steps.push(`create ${CONFIG_FILE}: what differs from the defaults`);
  } else steps.push(`no ${CONFIG_FILE}: the defaults fit this layout`);

  const pkg = await presence(workspace, 'package.json');
  if (pkg === 'absent') steps.push('no package.json: npm scripts not added');
  else {
    const taken = pkg.text === undefined ? undefined : scriptNames(pkg.text);
    if (!taken) steps.push('package.json is not a readable JSON object: npm scripts not added');
    else {
      const free = INIT_SCRIPTS.filter(([name]) => !taken.has(name));
      for (const [name] of INIT_SCRIPTS)
        if (taken.has(name)) steps.push(`keep the npm script "${name}": package.json has it already`);
      if (free.length) {
        addScriptEntries(edits, pkg.text!, free);
        steps.push(
          `update package.json: add ${free.map(([name, command]) => `"${name}": "${command}"`).join(', ')}`,
        );
      }
    }
  }

  if (ci === 'github') {
    if ((await presence(workspace, GITHUB_WORKFLOW_FILE)) !== 'absent')
      steps.push(`keep ${GITHUB_WORKFLOW_FILE}: it exists and is never overwritten`);
    else {
      edits.creates.push({ file: GITHUB_WORKFLOW_FILE, text: GITHUB_WORKFLOW });
      steps.push(
        `create ${GITHUB_WORKFLOW_FILE}: pull requests checked with --changed-since, cache kept, SARIF to code scanning`,
      );
    }
  }
  return { config, edits, steps };
}

/** The kinds init looks for, in the order it prints them. */
const KINDS = ['adr', 'runbook', 'policy', 'task'];

const counted = (r: Record<string, number>) =>
  Object.entries(r)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([what, n]) => `${what} (${n})`)
    .join(', ');

/** What detection found, one line per kind (and the AGENTS.md files), for the user. */
export function describeDetection(d: Detection): string[] {
  const lines: string[] = [];
  for (const name of KINDS) {
    const names = kindPlural(name).replace(/^./, (c) => c.toUpperCase());
    const k: KindEvidence | undefined = d.kinds.find((e) => e.kind === name);
    if (!k) {
      lines.push(`${names}: none found`);
      continue;
    }
    const total = k.folders.reduce((n, f) => n + f.files, 0);
    const where = k.folders.map((f) => `${f.folder || '.'} (${f.files})`).join(', ');
    lines.push(`${names}: ${total} in ${where}`);
    lines.push(`  format: ${counted(k.formats)}`);
    if (Object.keys(k.ids).length) lines.push(`  ids: ${counted(k.ids)}`);
    lines.push(`  shape: ${k.shape}`);
    if (k.statuses) lines.push(`  statuses of their own, besides the built-in ones: ${counted(k.statuses)}`);
    if (k.stubs?.length)
      lines.push(
        `  left out, no section (aliases, stubs): ${k.stubs.length} (${k.stubs.slice(0, 3).join(', ')}${k.stubs.length > 3 ? ', …' : ''})`,
      );
  }
  lines.push(
    d.agents.length
      ? `AGENTS.md: ${d.agents.length} (${d.agents.slice(0, 5).join(', ')}${d.agents.length > 5 ? ', …' : ''})`
      : 'AGENTS.md: none found',
  );
  return lines;
}
