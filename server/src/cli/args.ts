// The checks of the command line that several commands (./commands/) share.

import * as fs from 'node:fs';
import { isIsoDate } from '../core/util/dates.js';
import type { Values } from './main.js';

/** What is wrong with the arguments of `check` or `digest` (folders, `--format`, `--today`), if anything. */
export function folderArgsProblem(
  command: string,
  formats: readonly string[],
  args: string[],
  values: Values,
): string | undefined {
  if (args.length > 1) return `${command} takes one folder, got ${args.length}.`;
  if (args.length === 1 && values.dir !== undefined)
    return `${command} takes its folder as DIR or as --dir, not both.`;
  const format = values.format ?? formats[0];
  if (!formats.includes(format))
    return `--format of ${command} must be one of ${formats.join(', ')}; got "${format}".`;
  return todayProblem(values.today);
}

export const todayProblem = (today: string | undefined) =>
  today !== undefined && !isIsoDate(today)
    ? `--today must be a date written YYYY-MM-DD; got "${today}".`
    : undefined;

export const isFolder = (dir: string) => fs.existsSync(dir) && fs.statSync(dir).isDirectory();
