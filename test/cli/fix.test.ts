import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO } from '../helpers/expected.js';
import { tempCopy } from '../helpers/tempCopy.js';
import { snapshot } from '../helpers/snapshot.js';

const FIXES = 'test/fixtures/fixes';
/** The files `check --fix` changes in the fixes fixture, with their text after it. */
const FIXED = JSON.parse(
  fs.readFileSync(path.join(REPO, 'test/fixtures/fixes.fixed.json'), 'utf8'),
) as Record<string, string>;
/** What `check --fix` prints on the fixes fixture: the fixes per file, then the findings left. */
const OUTPUT = fs.readFileSync(path.join(REPO, 'test/fixtures/fixes.fix-output.txt'), 'utf8');
const TODAY = ['--today', '2026-11-26'];

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/opsdocs.js'), ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every file of a tree with its text, by repository-relative path. */
function texts(root: string, rel = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const name = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) Object.assign(out, texts(root, name));
    else if (e.isFile()) out[name] = fs.readFileSync(path.join(root, name), 'utf8');
  }
  return out;
}

describe('opsdocs check --fix', () => {
  const made: string[] = [];
  afterEach(() => {
    for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
  const copy = () => {
    const root = tempCopy(FIXES);
    made.push(root);
    return root;
  };

  it('an inserted section, AGENTS.md row and package.json entry take the file’s line breaks (CRLF, a bare CR)', () => {
    const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-eol-')));
    made.push(root);
    const write = (rel: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
      fs.writeFileSync(path.join(root, rel), text);
    };
    const runbook = (title: string) =>
      `---\ntitle: ${title}\nowner: ops\nlast_reviewed: 2026-11-01\n---\n# ${title}\n\n## Overview\n\nx\n\n## Steps\n\n1. Step.\n`;
    write('docs/runbooks/crlf.md', runbook('Windows').replace(/\n/g, '\r\n'));
    write('docs/runbooks/cr.md', runbook('Old Mac').replace(/\n/g, '\r'));
    write('package.json', '{\r\n  "name": "x",\r\n  "scripts": {\r\n    "a": "echo a"\r\n  }\r\n}\r\n');
    write(
      'scripts/AGENTS.md',
      '# Scripts\r\n\r\n| Script | What | Run |\r\n| --- | --- | --- |\r\n| `scripts/a.sh` | A | `npm run a` |\r\n',
    );
    write('scripts/a.sh', 'echo a\n');
    cli('check', root, '--fix', ...TODAY);
    assert.equal(
      spawnSync(process.execPath, [path.join(REPO, 'bin/opsdocs.js'), 'new', 'script', 'b'], { cwd: root })
        .status,
      0,
    );
    const breaks = (rel: string) => {
      const t = fs.readFileSync(path.join(root, rel), 'utf8');
      return {
        crlf: t.split('\r\n').length - 1,
        lf: (t.match(/(?<!\r)\n/g) ?? []).length,
        cr: (t.match(/\r(?!\n)/g) ?? []).length,
      };
    };
    assert.deepEqual(
      breaks('docs/runbooks/crlf.md'),
      { crlf: 18, lf: 0, cr: 0 },
      'Rollback and Escalation added, in CRLF',
    );
    assert.deepEqual(breaks('docs/runbooks/cr.md'), { crlf: 0, lf: 0, cr: 18 }, 'and in bare CRs');
    assert.deepEqual(breaks('package.json'), { crlf: 7, lf: 0, cr: 0 });
    assert.deepEqual(breaks('scripts/AGENTS.md'), { crlf: 6, lf: 0, cr: 0 });
  });

  it('applies every safe fix, prints them per file, reports what remains, and exits on it', () => {
    const root = copy();
    const before = texts(root);
    const r = cli('check', root, '--fix', ...TODAY);
    assert.equal(r.stdout, OUTPUT);
    assert.equal(r.stderr, '');
    assert.equal(r.code, 1, 'error-level findings remain (guesses are not applied)');
    // Exactly the fixed files changed, to exactly these texts; nothing else written or created.
    assert.deepEqual(texts(root), { ...before, ...FIXED });
    // A second run has nothing to fix and leaves every file as it is.
    const snap = snapshot(root);
    const again = cli('check', root, '--fix', ...TODAY);
    assert.equal(again.stdout, `Nothing to fix.\n\n${OUTPUT.slice(OUTPUT.indexOf('\n\n') + 2)}`);
    assert.equal(again.code, 1);
    assert.deepEqual(snapshot(root), snap);
  });

  it('fixes in a second pass what would touch an edit of the first (two ADRs superseded by one)', () => {
    const root = copy();
    const adr2 = fs.readFileSync(path.join(root, 'docs/adr/ADR-002-cron.md'), 'utf8');
    fs.writeFileSync(
      path.join(root, 'docs/adr/ADR-008-at.md'),
      adr2.replace(/ADR-002/g, 'ADR-008').replace('Cron', 'At'),
    );
    const r = cli('check', root, '--fix', '--only', 'links/supersede-mismatch', ...TODAY);
    assert.match(r.stdout, /^fixed docs\/adr\/ADR-003-sqs\.md: Add ADR-002 to `supersedes` of ADR-003$/m);
    assert.match(
      r.stdout,
      /^10 fixes in 10 files\.\n\nfixed docs\/adr\/ADR-003-sqs\.md: Add ADR-008 to `supersedes` of ADR-003\n1 fix in 1 file\.\n\n/m,
    );
    assert.match(
      fs.readFileSync(path.join(root, 'docs/adr/ADR-003-sqs.md'), 'utf8'),
      /^supersedes: \[ADR-002, ADR-008\]$/m,
    );
    assert.equal(r.code, 0);
  });

  it('fixes only the rules --only names, and keeps stdout for the findings in --format json', () => {
    const root = copy();
    const before = texts(root);
    const r = cli('check', root, '--fix', '--only', 'sections', '--format', 'json', ...TODAY);
    assert.equal(
      r.stderr,
      [
        'fixed docs/runbooks/end.md: Add section "Rollback"; Add section "Escalation"',
        'fixed docs/runbooks/middle.md: Add section "Steps"; Add section "Rollback"',
        '4 fixes in 2 files.',
        '',
        '',
      ].join('\n'),
    );
    assert.deepEqual(JSON.parse(r.stdout).findings, []);
    assert.equal(r.code, 0);
    const sections = ['docs/runbooks/end.md', 'docs/runbooks/middle.md'];
    assert.deepEqual(texts(root), { ...before, ...Object.fromEntries(sections.map((f) => [f, FIXED[f]])) });
  });

  it('never writes through a symbolic link: a document linked from outside the repository is left as it is', function () {
    if (process.platform === 'win32') this.skip(); // links need privileges there
    const root = copy();
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'opsdocs-outside-'));
    made.push(outside);
    const target = path.join(outside, 'end.md');
    const link = path.join(root, 'docs/runbooks/end.md');
    fs.renameSync(link, target);
    fs.symlinkSync(target, link);
    const outsideBefore = fs.readFileSync(target, 'utf8');
    const r = cli('check', root, '--fix', ...TODAY);
    assert.doesNotMatch(r.stdout, /end\.md/);
    assert.match(r.stdout, /^17 fixes in 15 files\.$/m);
    assert.equal(fs.readFileSync(target, 'utf8'), outsideBefore, 'the file outside is untouched');
    assert.ok(fs.lstatSync(link).isSymbolicLink(), 'the link is still a link');
    assert.equal(
      fs.readFileSync(path.join(root, 'docs/runbooks/middle.md'), 'utf8'),
      FIXED['docs/runbooks/middle.md'],
    );
    assert.equal(r.code, 1);
  });

  it('rewrites no file that is not UTF-8: its other bytes would be lost; nothing is written', () => {
    const root = copy();
    const file = path.join(root, 'docs/adr/ADR-001-hosting.md');
    const latin1 = Buffer.from(
      `${fs.readFileSync(file, 'utf8')}\nCaf\u00e9 au lait, r\u00e9sum\u00e9.\n`,
      'latin1',
    );
    fs.writeFileSync(file, latin1);
    const before = snapshot(root);
    const r = cli('check', root, '--fix', ...TODAY);
    assert.deepEqual(
      [r.code, r.stderr],
      [
        2,
        'opsdocs: docs/adr/ADR-001-hosting.md is not UTF-8 text (OpsDocs edits only UTF-8 files); nothing written.\n',
      ],
    );
    assert.deepEqual(snapshot(root), before);
  });

  it('is refused with the other commands', () => {
    const r = cli('digest', path.join(REPO, FIXES), '--fix');
    assert.equal(r.stderr, 'opsdocs: --fix goes with check.\n');
    assert.equal(r.code, 2);
  });
});
