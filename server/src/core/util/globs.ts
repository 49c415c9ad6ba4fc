import picomatch from 'picomatch';

/**
 * Whether a glob from an untrusted workspace is simple enough to match safely: no braces,
 * parentheses (extglobs), `+` or leading `!`, and at most two `*` in a path segment. Other globs
 * compile to regular expressions that can backtrack for minutes on a long file name.
 */
export function simpleGlob(glob: string): boolean {
  if (/[{}()+]/.test(glob) || glob.startsWith('!')) return false;
  return glob.split('/').every((seg) => seg === '**' || (seg.match(/\*/g) ?? []).length <= 2);
}

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
  const compiled = globs.map((g) => g.split('/').map((s) => (s === '**' ? s : picomatch.makeRe(s, OPTS))));
  return (file) => {
    const parts = file.split('/');
    return compiled.some((segs) => matchSegments(segs, parts));
  };
}

function matchSegments(segs: (RegExp | '**')[], parts: string[]): boolean {
  const memo = new Map<number, boolean>();
  const at = (i: number, j: number): boolean => {
    const key = i * (parts.length + 1) + j;
    let r = memo.get(key);
    if (r !== undefined) return r;
    const s = segs[i];
    if (i === segs.length) r = j === parts.length;
    else if (s === '**') r = at(i + 1, j) || (j < parts.length && at(i, j + 1)); // dot: true, as picomatch
    else r = j < parts.length && s.test(parts[j]) && at(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return at(0, 0);
}
