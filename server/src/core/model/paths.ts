import * as path from 'node:path';
import type { DocInfo } from '../index/docInfo.js';
import type { IndexView } from '../index/view.js';
import type { Ref } from '../parse/refs.js';
import type { FixData } from '../types.js';
import { didYouMean, nearest } from '../util/similar.js';
import { linkDestination, relativePath } from '../features/edits.js';

/**
 * The file a missing path most likely meant: the only file of that name, or of the nearest name
 * (same extension). The names within one edit come from an index and are exact; further ones are
 * compared only where few names are near its length (else nothing further is suggested), so a
 * workspace of broken links costs time in proportion to its links, not to links × files.
 */
export function similarFile(view: IndexView, target: string): string | undefined {
  const name = path.posix.basename(target);
  const ext = path.posix.extname(target);
  const stem = (b: string) => b.slice(0, b.length - ext.length);
  let found = view.filesNamed(name);
  if (found.length === 0) {
    const slack = Math.max(1, Math.floor(stem(name).length / 3)); // as far as nearest() looks
    const close = view.namesWithinOneEdit(name);
    const near = close.length ? close : view.namesNear(ext, stem(name).length, slack);
    const best = near && nearest(stem(name), near.map(stem), 1)[0];
    found = best === undefined ? [] : view.filesNamed(best + ext);
  }
  return found.length === 1 ? found[0] : undefined;
}

/** What to say of a path reference that names nothing: the message and the fix. */
export interface MissingPath {
  message: string;
  fix?: FixData;
}

/** Before a path in its clause: the path is what something makes ("will create `x`", "generates `x`"). */
const MADE_BY = /\b(?:will\s+(?:create|generate|write)|creates|generates|writes)\b/i;
/** After a path in its sentence: it is in another repository ("`x` in that repo"). */
const ELSEWHERE =
  /^[^.;]*?\bin\s+(?:that|another|the\s+other|a\s+separate|their|its\s+own)\s+repo(?:sitory)?\b/i;

/**
 * True when the sentence around an inline-code path says it names a file that a command or test
 * run makes ("`pnpm test` will create temporary `x/.env` files", "This will create a directory
 * named `doc/adr`") or one in another repository ("see `docs/x.md` in that repo"): a mention of
 * a file that is rightly not here.
 */
function mentionedAsNotHere(doc: DocInfo, ref: Ref): boolean {
  const line = doc.parsed.lines.lineText(ref.range.start.line);
  const before = line.slice(0, ref.range.start.character);
  // The clause the path ends: "creates a worktree, … and checks `x`" does not say `x` is made.
  const clause = before.slice(Math.max(...['. ', '; ', ', ', ': '].map((p) => before.lastIndexOf(p))) + 1);
  const after = ref.range.end.line === ref.range.start.line ? line.slice(ref.range.end.character) : '';
  return MADE_BY.test(clause) || ELSEWHERE.test(after);
}

/**
 * A link, inline-code path or front-matter path of `doc` that names no file or folder, with a
 * "did you mean"; undefined when it names one, leaves the repository, or is inline code that is
 * not a path of this repository (its first folder does not exist here: `deployment.md`,
 * `config/secrets.yml` of another project, `@scope/pkg`).
 */
export function missingPath(
  doc: DocInfo,
  view: IndexView,
  ref: Ref,
  target = view.resolvePath(doc.file, ref),
): MissingPath | undefined {
  if (target.outside || target.found) return undefined;
  if (ref.kind === 'path' && !view.isAnchoredPath(doc.file, ref.target)) return undefined;
  if (ref.kind === 'path' && mentionedAsNotHere(doc, ref)) return undefined;
  const tried = target.tried;
  const where =
    tried.length === 1 && tried[0] === ref.target
      ? ''
      : ` (looked for ${tried.map((t) => `\`${t}\``).join(' and ')})`;
  const guess = similarFile(view, ref.target);
  const written =
    guess && (ref.base === 'file' ? relativePath(doc.file, guess, ref.target.startsWith('./')) : guess);
  return {
    message: `\`${ref.target}\` does not exist${where}.${didYouMean(written, '`')}`,
    // A link's destination is written encoded; a path in inline code or front matter as it is.
    fix: written ? { replacement: ref.kind === 'link' ? linkDestination(written) : written } : undefined,
  };
}

/** True for the references that name a path: links, inline-code paths and front-matter paths. */
export const isPathRef = (ref: Ref) =>
  ref.kind === 'link' || ref.kind === 'path' || (ref.kind === 'field' && !!ref.base);

/**
 * A Markdown link or link definition to a relative path or `#anchor`: what an editor's own Markdown
 * link validation also checks (unlike inline-code paths, front-matter paths and site-root links).
 */
export const isPlainLink = (ref: Ref) => ref.kind === 'link' && ref.base === 'file';
