import type { Check } from './check.js';
import * as path from 'node:path';
import { nearest } from '../util/similar.js';
import { relativePath } from '../features/edits.js';

/**
 * The file a missing path most likely meant: the only file of that name, or of the nearest name (same
 * extension).
 */
function similarFile(files: string[], target: string): string | undefined {
  const name = path.posix.basename(target);
  const ext = path.posix.extname(target);
  const byName = new Map<string, string[]>();
  for (const f of files) {
    if (path.posix.extname(f) !== ext || f.includes('node_modules/')) continue;
    const b = path.posix.basename(f);
    const list = byName.get(b);
    if (list) list.push(f);
    else byName.set(b, [f]);
  }
  const best = byName.has(name)
    ? name
    : nearest(
        name.slice(0, name.length - ext.length),
        [...byName.keys()].map((b) => b.slice(0, b.length - ext.length)),
        1,
      )[0];
  const found = best === undefined ? undefined : byName.get(best === name ? name : best + ext);
  return found?.length === 1 ? found[0] : undefined;
}

/** GitHub line anchors (`#L10`, `#L10-L20`) point into source views, not headings. */
const LINE_ANCHOR = /^L\d+(-L\d+)?$/;

/**
 * Paths and links must land on a file or folder of the repository, and a `#fragment` on a
 * heading (GitHub slug) or an HTML anchor of the target document.
 */
export const linksCheck: Check = {
  name: 'links',
  rules: [
    {
      id: 'links/missing-file',
      severity: 'error',
      summary: 'A link, inline-code path or front-matter path names a file or folder that does not exist.',
    },
    {
      id: 'links/missing-anchor',
      severity: 'error',
      summary: 'A `#fragment` names no heading or HTML anchor of the target document.',
    },
    {
      id: 'agents/missing-path',
      severity: 'error',
      summary: 'An AGENTS.md mentions a path that does not exist.',
    },
  ],
  run({ doc, view, report }) {
    const missingRule = doc.kind?.name === 'agents' ? 'agents/missing-path' : 'links/missing-file';
    for (const ref of doc.refs) {
      if (ref.kind !== 'link' && ref.kind !== 'path' && !(ref.kind === 'field' && ref.base)) continue;
      const target = view.resolvePath(doc.file, ref);
      if (target.outside) continue;
      if (!target.found) {
        // Inline code is a path of ours only when its first folder exists here: `deployment.md`,
        // `config/secrets.yml` of another project or `@scope/pkg` are not reported.
        if (ref.kind === 'path' && !view.isAnchoredPath(doc.file, ref.target)) continue;
        const where =
          target.tried.length === 1 && target.tried[0] === ref.target
            ? ''
            : ` (looked for ${target.tried.map((t) => `\`${t}\``).join(' and ')})`;
        const guess = similarFile(view.allFiles(), ref.target);
        const written =
          guess && (ref.base === 'file' ? relativePath(doc.file, guess, ref.target.startsWith('./')) : guess);
        report(
          missingRule,
          ref.range,
          `\`${ref.target}\` does not exist${where}.${written ? ` Did you mean \`${written}\`?` : ''}`,
          written ? { replacement: written } : undefined,
        );
        continue;
      }
      const fragment = ref.fragment;
      if (!fragment || target.isFolder || LINE_ANCHOR.test(fragment)) continue;
      const targetDoc = view.doc(target.found);
      if (!targetDoc) continue; // not Markdown: anchors are not ours to check
      const anchors = targetDoc.parsed.anchors;
      const wanted = fragment.toLowerCase();
      if (anchors.has(fragment) || [...anchors].some((a) => a.toLowerCase() === wanted)) continue;
      const guess = nearest(fragment, anchors, 1)[0];
      const inFile = target.found === doc.file ? 'this document' : `\`${target.found}\``;
      report(
        'links/missing-anchor',
        ref.fragmentRange ?? ref.range,
        `No heading \`#${fragment}\` in ${inFile}.${guess ? ` Did you mean \`#${guess}\`?` : ''}`,
        guess && ref.fragmentRange ? { replacement: guess } : undefined,
      );
    }
  },
};
