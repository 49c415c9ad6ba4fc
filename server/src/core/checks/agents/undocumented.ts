import * as path from 'node:path';
import type { Check } from '../check.js';
import { globMatcher, segmentMatcher, simpleGlob } from '../../util/globs.js';

const messages = {
  undocumented: (file: string, dir: string) =>
    `\`${file}\` is in ${dir}/ but not mentioned in this AGENTS.md.`,
};

/** True when `text` names the file `name` as a word of its own (in prose, a table or a path). */
function namedIn(text: string, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[\\s\`'"(/|])${escaped}($|[\\s\`'")|:,.])`, 'm').test(text);
}

/**
 * The matcher of the configured index folders, made once per list: a segment at a time when every
 * glob is simple (always so in an untrusted workspace, whose config keeps only those).
 */
const indexFolders = new WeakMap<string[], (dir: string) => boolean>();

/**
 * An AGENTS.md of an index folder (`agentsIndexFolders`: `scripts/` by default) documents its
 * folder: every file directly in it must be mentioned (by path, link, or file name). An AGENTS.md
 * elsewhere (writing guidelines in docs/, the project's at the root) guides rather than lists.
 */
export const agentsCheck: Check = {
  name: 'agents/undocumented',
  rules: [
    {
      id: 'agents/undocumented-file',
      severity: 'warning',
      summary: 'A file in the folder of an AGENTS.md is not mentioned in it.',
    },
  ],
  run({ doc, view, report }) {
    if (doc.kind?.name !== 'agents') return;
    const dir = path.posix.dirname(doc.file);
    const globs = view.config.agentsIndexFolders;
    let isIndex = indexFolders.get(globs);
    if (!isIndex)
      indexFolders.set(globs, (isIndex = (globs.every(simpleGlob) ? segmentMatcher : globMatcher)(globs)));
    if (dir === '.' || !isIndex(dir)) return;
    const mentioned = new Set<string>();
    for (const ref of doc.refs) {
      if (ref.kind !== 'link' && ref.kind !== 'path') continue;
      const t = view.resolvePath(doc.file, ref);
      if (t.found) mentioned.add(t.found);
    }
    const text = doc.parsed.text;
    for (const file of view.filesIn(dir)) {
      const name = path.posix.basename(file);
      if (file === doc.file || name.startsWith('.') || mentioned.has(file)) continue;
      if (namedIn(text, name)) continue;
      report('agents/undocumented-file', doc.titleRange, messages.undocumented(file, dir), { file });
    }
  },
};
