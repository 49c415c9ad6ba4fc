import type { Range } from '../types.js';
import { LineIndex } from './lines.js';

/** The targets a Makefile's rules name, with where each is written. */
export interface MakeTargets {
  file: string;
  targets: Map<string, Range>;
  /**
   * False when the file may make targets this reading cannot see: it includes other makefiles,
   * names targets with variables (`$(BIN):`), or has pattern rules (`%.o: %.c`). A missing target
   * is then no finding.
   */
  complete: boolean;
}

/** Names a Makefile may have, in the order GNU make looks for them. */
export const MAKEFILE_NAMES = ['GNUmakefile', 'makefile', 'Makefile'];

/** True for a file named as a Makefile. */
export function isMakefile(file: string): boolean {
  const name = file.slice(file.lastIndexOf('/') + 1);
  return MAKEFILE_NAMES.includes(name);
}

/**
 * A rule line: target names from the line's start, then `:` or `::` that is not an assignment
 * (`x := y`, `x ::= y`). Special targets (`.PHONY`) start with a dot and are not taken.
 */
const RULE = /^([^\s:#=.][^:#=]*?)\s*::?(?!=)/;
const TARGET = /^[\w@+./-]+$/;
/** Lines after which targets may come from elsewhere or from expansions this reading does not do. */
const INCOMPLETE = /^\s*(?:-?include|sinclude)\s|\$\(eval\b/;

/**
 * The targets of a Makefile, read conservatively by a regular expression over its lines (nothing is
 * run): each rule line's names, recipe lines (after a tab) and continued lines skipped.
 */
export function parseMakefile(file: string, text: string): MakeTargets {
  const lines = new LineIndex(text);
  const targets = new Map<string, Range>();
  let complete = true;
  let continued = false;
  let offset = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const start = offset;
    offset +=
      line.length + (text[start + line.length] === '\r' && text[start + line.length + 1] === '\n' ? 2 : 1);
    const wasContinued = continued;
    continued = line.endsWith('\\');
    if (wasContinued || line.startsWith('\t')) continue;
    if (INCOMPLETE.test(line)) complete = false;
    const m = RULE.exec(line);
    if (!m) continue;
    let at = 0;
    for (const name of m[1].split(/\s+/)) {
      at = line.indexOf(name, at);
      if (name.includes('%') || name.includes('$')) complete = false;
      else if (TARGET.test(name) && !name.startsWith('.') && !targets.has(name))
        targets.set(name, lines.rangeOf(start + at, start + at + name.length));
      at += name.length;
    }
  }
  return { file, targets, complete };
}
