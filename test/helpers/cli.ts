import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO } from './expected.js';

/** Runs the built CLI in `cwd` as a user would (`opsdocs ...` via bin/opsdocs.js). */
export function runCli(
  cwd: string,
  ...args: string[]
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin/opsdocs.js'), ...args], {
    cwd,
    encoding: 'utf8',
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** `--format json` output as the lines of an expectation file (`file:line:col-endLine:endCol severity …`). */
export function asExpected(stdout: string): string[] {
  const findings = JSON.parse(stdout).findings as Record<string, string | number>[];
  return findings.map(
    (f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.severity} ${f.rule} ${f.message}`,
  );
}

/** `opsdocs check --format json` in `root`: its findings as expectation-file lines, exit code and stderr. */
export function checkLines(
  root: string,
  ...args: string[]
): { lines: string[]; code: number | null; stderr: string } {
  const r = runCli(root, 'check', '--today', '2026-11-26', '--format', 'json', ...args);
  return { lines: asExpected(r.stdout), code: r.code, stderr: r.stderr };
}
