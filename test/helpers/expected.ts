import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Finding } from '../../server/src/core/types.js';

/** The repository root. */
export const REPO = path.resolve(__dirname, '../..');

/** One line per finding: `file:line:col-endLine:endCol severity rule message` (1-based). */
export function formatFinding(f: Finding): string {
  const s = f.range.start;
  const e = f.range.end;
  return `${f.file}:${s.line + 1}:${s.character + 1}-${e.line + 1}:${e.character + 1} ${f.severity} ${f.rule} ${f.message}`;
}

/** An expectation file: `# today: DATE` header, then one finding per line. */
export interface Expected {
  today: string;
  lines: string[];
}

export function readExpected(file: string): Expected {
  const text = fs.readFileSync(file, 'utf8');
  const today = /^# today: (\S+)/m.exec(text)?.[1] ?? '2026-11-26';
  const lines = text.split('\n').filter((l) => l.trim() && !l.startsWith('#'));
  return { today, lines };
}

/** Rewrites an expectation file (only when OPSDOCS_UPDATE_EXPECTED=1; review the diff). */
export function writeExpected(file: string, today: string, lines: string[]): void {
  const header = `# Expected findings (file:line:col-endLine:endCol severity rule message), checked with --today.\n# today: ${today}\n`;
  fs.writeFileSync(file, header + lines.map((l) => l + '\n').join(''));
}
