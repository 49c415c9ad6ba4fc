import * as path from 'node:path';

/**
 * How many names a "did you mean" of a missing file compares at most. Where more names are near
 * the missing one's length, no name is suggested: a guess from part of them could be wrong where
 * the whole list has a nearer name or a tie.
 */
export const MAX_NAME_CANDIDATES = 256;

/**
 * The file names of the workspace, for "did you mean" of a missing file without a scan of every
 * file per link: files by name, and names by extension and stem length (each length's names
 * sorted, so that what is compared does not depend on the order files were added). The names
 * within one edit of a missing one are looked up by parts of their stems (see {@link partKeys}):
 * six numbers a name, made when first asked and kept up to date as names come and go (a key per
 * character of every name cost 1.2 s and 60 MB on 10k files; comparing every name of three
 * lengths made 5,000 broken links to 5,000 names cost as much again as the whole check). Files
 * under `node_modules/` are not suggested and not kept.
 */
export class FileNames {
  private readonly byName = new Map<string, string[]>();
  /** extension → stem length → names, sorted. */
  private readonly byLength = new Map<string, Map<number, string[]>>();
  /** {@link partKeys} → names; made by the first {@link withinOneEdit}, then kept up to date. */
  private byPart?: Map<number, string[]>;

  add(file: string): void {
    if (file.includes('node_modules/')) return;
    const name = path.posix.basename(file);
    const files = this.byName.get(name);
    if (files) {
      files.push(file);
      return;
    }
    this.byName.set(name, [file]);
    if (this.byPart) fileByParts(this.byPart, name);
    const bucket = this.bucket(name, true)!;
    bucket.splice(sortedIndex(bucket, name), 0, name);
  }

  remove(file: string): void {
    const name = path.posix.basename(file);
    const files = this.byName.get(name)?.filter((f) => f !== file);
    if (!files) return;
    if (files.length) {
      this.byName.set(name, files);
      return;
    }
    this.byName.delete(name);
    if (this.byPart)
      for (const key of partKeys(path.posix.extname(name), stemOf(name, path.posix.extname(name)))) {
        const list = this.byPart.get(key)?.filter((n) => n !== name);
        if (list?.length) this.byPart.set(key, list);
        else this.byPart.delete(key);
      }
    const bucket = this.bucket(name, false);
    const i = bucket ? sortedIndex(bucket, name) : -1;
    if (bucket && bucket[i] === name) bucket.splice(i, 1);
  }

  clear(): void {
    this.byName.clear();
    this.byLength.clear();
    this.byPart = undefined;
  }

  /** The files called `name`, in any folder. */
  filesNamed(name: string): readonly string[] {
    return this.byName.get(name) ?? [];
  }

  /**
   * The names of the same extension as `name` whose stem is within one edit (insertion, deletion
   * or substitution, ignoring case) of its stem, the name itself included when it is kept.
   */
  withinOneEdit(name: string): string[] {
    const ext = path.posix.extname(name);
    const length = name.length - ext.length; // as the names are filed (lower case may differ)
    const stem = name.slice(0, length).toLowerCase();
    const byPart = (this.byPart ??= this.parts());
    const out = new Set<string>();
    for (const key of partKeys(ext, stem))
      for (const n of byPart.get(key) ?? [])
        if (Math.abs(n.length - ext.length - length) <= 1 && oneEditApart(stem, stemOf(n, ext))) out.add(n);
    return [...out].sort();
  }

  private parts(): Map<number, string[]> {
    const byPart = new Map<number, string[]>();
    for (const name of this.byName.keys()) fileByParts(byPart, name);
    return byPart;
  }

  /**
   * Names with extension `ext` whose stem (the name without it) is at most `slack` characters
   * longer or shorter than `stemLength`; undefined when there are more than `max`.
   */
  near(ext: string, stemLength: number, slack: number, max = MAX_NAME_CANDIDATES): string[] | undefined {
    const lengths = this.byLength.get(ext);
    const out: string[] = [];
    for (let len = stemLength - slack; len <= stemLength + slack; len++) {
      const names = lengths?.get(len) ?? [];
      if (out.length + names.length > max) return undefined;
      out.push(...names);
    }
    return out;
  }

  private bucket(name: string, create: boolean): string[] | undefined {
    const ext = path.posix.extname(name);
    const len = name.length - ext.length;
    let lengths = this.byLength.get(ext);
    if (!lengths && create) this.byLength.set(ext, (lengths = new Map<number, string[]>()));
    let bucket = lengths?.get(len);
    if (!bucket && create) lengths!.set(len, (bucket = []));
    return bucket;
  }
}

/** A file name's stem, lower case. */
const stemOf = (name: string, ext: string) => name.slice(0, name.length - ext.length).toLowerCase();

/** The parts a stem is cut into to be looked up: one edit leaves all parts but one as they were. */
const PARTS = 3;

/**
 * Keys (hashes) two stems within one edit share at least one of. The shorter stem's length `m`
 * (either's, when equal) is cut into {@link PARTS} parts; the edit falls in one part `j`, so both
 * stems begin with the parts before it and end with the parts after it. A key is the hash of those
 * two, for each `j`; a stem gives the keys of both roles: the shorter (`m` its length) and the
 * longer (`m` one less). Names that share a key but not an edit are told apart by the comparison.
 */
function partKeys(ext: string, stem: string): number[] {
  const keys: number[] = [];
  for (let m = stem.length; m >= Math.max(0, stem.length - 1); m--)
    for (let j = 0; j < PARTS; j++) {
      const before = Math.floor((m * j) / PARTS);
      const after = m - Math.floor((m * (j + 1)) / PARTS);
      let h = hashOf(ext, 0, ext.length, 0x811c9dc5);
      h = Math.imul(h ^ (m * PARTS + j + 1), 0x01000193);
      h = hashOf(stem, 0, before, h);
      h = Math.imul(h ^ 0x2f, 0x01000193);
      keys.push(hashOf(stem, stem.length - after, stem.length, h));
    }
  return keys;
}

/** FNV-1a of `s[from, to)`'s UTF-16 code units, from `h`. */
function hashOf(s: string, from: number, to: number, h: number): number {
  for (let i = from; i < to; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

function fileByParts(byPart: Map<number, string[]>, name: string): void {
  const ext = path.posix.extname(name);
  for (const key of partKeys(ext, stemOf(name, ext))) {
    const list = byPart.get(key);
    if (list) list.push(name);
    else byPart.set(key, [name]);
  }
}

/** True when `a` becomes `b` by at most one insertion, deletion or substitution. */
function oneEditApart(a: string, b: string): boolean {
  if (a.length > b.length) [a, b] = [b, a];
  if (b.length - a.length > 1) return false;
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  // Past the first difference the rest must match: after one substitution, or one insertion in b.
  return a.length === b.length ? a.slice(i + 1) === b.slice(i + 1) : a.slice(i) === b.slice(i + 1);
}

/** Where `name` is or would go in the sorted list `list`. */
function sortedIndex(list: readonly string[], name: string): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < name) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
