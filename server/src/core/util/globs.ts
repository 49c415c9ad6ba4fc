import picomatch from 'picomatch';

/**
 * Whether a glob from an untrusted workspace is simple enough to match safely: no braces,
 * parentheses (extglobs), `+`, backslashes or leading `!`, no `/` inside `[…]`, no empty path
 * segment, `**` only as a whole segment, and at most two `*` in a segment. Other globs compile to
 * regular expressions that can backtrack for minutes on a long file name.
 */
export function simpleGlob(glob: string): boolean {
  const g = withoutDotSlash(glob);
  if (/[{}()+\\]/.test(g) || g.startsWith('!') || /\[[^\]]*\//.test(g)) return false;
  return g
    .split('/')
    .every(
      (seg) => seg === '**' || (seg !== '' && !seg.includes('**') && (seg.match(/\*/g) ?? []).length <= 2),
    );
}

/** A glob without its leading `./` (picomatch ignores it). */
const withoutDotSlash = (glob: string) => glob.replace(/^(\.\/)+/, '');

const OPTS = { dot: true };

/** Matches paths against globs: picomatch's whole-path regular expression. */
export function globMatcher(globs: string[]): (file: string) => boolean {
  return globs.length ? picomatch(globs, OPTS) : () => false;
}

/**
 * Matches paths against simple globs (see {@link simpleGlob}) one path segment at a time, `**`
 * by a memoised walk over (glob segment, path segment): the cost grows with the number of
 * segments, not exponentially as one regular expression over the whole path can.
 */
export function segmentMatcher(globs: string[]): (file: string) => boolean {
  const compiled = globs.map((g) => {
    const segs = withoutDotSlash(g).split('/');
    // A trailing `**` after a wildcard segment needs one more path segment, as in picomatch.
    const oneMore =
      segs.length > 1 && segs[segs.length - 1] === '**' && picomatch.scan(segs[segs.length - 2]).isGlob;
    return {
      oneMore,
      segs: segs.map((s) => (s === '**' ? s : picomatch.makeRe(s, { ...OPTS, nonegate: true }))),
      // A path without one of the glob's plain segments (`node_modules`) cannot match: told at once.
      plain: segs.filter((s) => s !== '**' && !picomatch.scan(s).isGlob),
    };
  });
  return (file) => {
    const parts = file.split('/');
    return compiled.some(
      ({ segs, oneMore, plain }) =>
        plain.every((p) => parts.includes(p)) && matchSegments(segs, parts, oneMore),
    );
  };
}

function matchSegments(segs: (RegExp | '**')[], parts: string[], oneMore: boolean): boolean {
  const memo = new Map<number, boolean>();
  const at = (i: number, j: number): boolean => {
    const key = i * (parts.length + 1) + j;
    let r = memo.get(key);
    if (r !== undefined) return r;
    const s = segs[i];
    if (i === segs.length) r = j === parts.length;
    // A trailing `**` takes whatever is left (at least one segment when `oneMore`).
    else if (s === '**' && i === segs.length - 1) r = !oneMore || j < parts.length;
    else if (s === '**')
      r = at(i + 1, j) || (j < parts.length && at(i, j + 1)); // dot: true
    else r = j < parts.length && s.test(parts[j]) && at(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return at(0, 0);
}
