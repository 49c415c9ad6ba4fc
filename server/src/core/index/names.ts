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
 * sorted, so that what is compared does not depend on the order files were added). A name within
 * one edit of another has a stem at most one character longer or shorter, so the names within one
 * edit are found exactly among three lengths' names, each compared in one pass; nothing is built
 * for it ahead (a key per character of every name cost 1.2 s and 60 MB on 10k files). Files under
 * `node_modules/` are not suggested and not kept.
 */
export class FileNames {
  private readonly byName = new Map<string, string[]>();
  /** extension → stem length → names, sorted. */
  private readonly byLength = new Map<string, Map<number, string[]>>();

  add(file: string): void {
    if (file.includes('node_modules/')) return;
    const name = path.posix.basename(file);
    const files = this.byName.get(name);
    if (files) {
      files.push(file);
      return;
    }
    this.byName.set(name, [file]);
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
    const bucket = this.bucket(name, false);
    const i = bucket ? sortedIndex(bucket, name) : -1;
    if (bucket && bucket[i] === name) bucket.splice(i, 1);
  }

  clear(): void {
    this.byName.clear();
    this.byLength.clear();
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
    const stem = name.slice(0, name.length - ext.length).toLowerCase();
    const lengths = this.byLength.get(ext);
    const length = name.length - ext.length; // as the names are filed (lower case may differ)
    const out: string[] = [];
    for (let len = length - 1; len <= length + 1; len++)
      for (const n of lengths?.get(len) ?? [])
        if (oneEditApart(stem, n.slice(0, n.length - ext.length).toLowerCase())) out.push(n);
    return out.sort();
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
