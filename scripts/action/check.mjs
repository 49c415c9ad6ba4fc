// The check step of action.yml: runs `opsdocs check` twice (GitHub annotations on stdout, SARIF to
// a file), with the file paths made relative to the workspace, and writes the step's outputs:
// errors, warnings, sarif-file and verdict ("pass: …" or "fail: …", which the last step acts on,
// after the SARIF upload). Exits 2 (failing the step) on a usage or configuration error.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const env = process.env;
const workspace = path.resolve(env.GITHUB_WORKSPACE ?? '.');
const bin = fileURLToPath(new URL('../../bin/opsdocs.js', import.meta.url));
const failLevel = env.OPSDOCS_FAIL_LEVEL || 'error';
const fail = (message) => {
  process.stdout.write(`::error title=OpsDocs::${message}\n`);
  process.exit(2);
};

if (!env.GITHUB_OUTPUT) fail('GITHUB_OUTPUT is not set: this step runs in a GitHub Actions runner.');
if (!['error', 'warning', 'none'].includes(failLevel))
  fail(`fail-level must be error, warning or none; got "${failLevel}".`);
const dir = path.resolve(workspace, env.OPSDOCS_PATH || '.');
const prefix = path.relative(workspace, dir).split(path.sep).join('/');
if (prefix.startsWith('..') || path.isAbsolute(prefix))
  fail(`path must be a folder inside the workspace; got "${env.OPSDOCS_PATH}".`);
const since = env.OPSDOCS_CHANGED_SINCE ? ['--changed-since', env.OPSDOCS_CHANGED_SINCE] : [];
const temp = fs.mkdtempSync(path.join(env.RUNNER_TEMP || os.tmpdir(), 'opsdocs-'));
// The second run reads what the first one parsed from this cache.
const cache = ['--cache-location', path.join(temp, 'opsdocs-facts.bin')];

const check = (format) => {
  const r = spawnSync(process.execPath, [bin, 'check', dir, '--format', format, ...since, ...cache], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  process.stderr.write(r.stderr ?? '');
  if (r.status === 2) return { code: 2, out: r.stdout };
  if (r.status !== 0 && r.status !== 1)
    fail(`opsdocs check stopped (${r.error?.message ?? `exit code ${r.status}`}).`);
  return { code: r.status, out: r.stdout };
};

// Annotations: `::error file=F,line=…` with F relative to the checked folder (escaped as a property).
const escProp = (s) => s.replace(/%/g, '%25').replace(/:/g, '%3A').replace(/,/g, '%2C');
const annotations = check('github');
const at = prefix ? escProp(`${prefix}/`) : '';
process.stdout.write(annotations.out.replace(/^(::\w+ file=)/gm, `$1${at}`));
if (annotations.code === 2) fail('opsdocs check exited 2: a usage or configuration error (see above).');

const sarif = check('sarif');
if (sarif.code === 2) fail('opsdocs check exited 2: a usage or configuration error (see above).');
const log = JSON.parse(sarif.out);
const results = log.runs.flatMap((run) => run.results ?? []);
for (const result of results)
  for (const location of result.locations ?? []) {
    const artifact = location.physicalLocation?.artifactLocation;
    if (artifact && prefix) artifact.uri = `${encodeURI(prefix)}/${artifact.uri}`;
  }
const sarifFile = path.join(temp, 'opsdocs.sarif');
fs.writeFileSync(sarifFile, JSON.stringify(log, null, 2));

const count = (level) => results.filter((r) => (r.level ?? 'warning') === level).length;
const errors = count('error');
const warnings = count('warning');
const found = `${errors} error(s), ${warnings} warning(s)`;
const failed = failLevel !== 'none' && (errors > 0 || (failLevel === 'warning' && warnings > 0));
const verdict = `${failed ? 'fail' : 'pass'}: ${found}; fail-level is ${failLevel}.`;
const outputs = { errors, warnings, 'sarif-file': sarifFile, verdict };
fs.appendFileSync(
  env.GITHUB_OUTPUT,
  Object.entries(outputs)
    .map(([k, v]) => `${k}=${v}\n`)
    .join(''),
);
