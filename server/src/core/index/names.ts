import * as path from 'node:path';
import { distance } from 'fastest-levenshtein';

/**
 * How many names a "did you mean" of a missing file compares at most. Where more names are near
 * the missing one's length, no name is suggested: a guess from part of them could be wrong where
 * the whole list has a nearer name or a tie.
 */
export const MAX_NAME_CANDIDATES = 256;

/**
 * The file names of the workspace, for "did you mean" of a missing file without a scan of every
 * file per link: files by name; names by the texts one deletion away from their stem (lower case),
 * which finds every name within one edit of another exactly (symmetric deletion); and names by
 * extension and length (each length's names sorted, so that what is compared does not depend on
 * the order files were added). Files under `node_modules/` are not suggested and not kept. The
 * deletion index (a key per character of every name: most of the cost of listing a big workspace)
 * is built when a "did you mean" first asks for it, and kept up to date from then on.
 */
export class FileNames {
  private readonly byName = new Map<string, string[]>();
  /** extension → stem length → names, sorted. */
  private readonly byLength = new Map<string, Map<number, string[]>>();
  /** extension + NUL + a stem (lower case) with at most one character deleted → names. */
  private byDeletion?: Map<string, string[]>;

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
    if (this.byDeletion) addDeletions(this.byDeletion, name);
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
    const byDeletion = this.byDeletion;
    if (!byDeletion) return;
    for (const key of deletionKeys(name)) {
      const names = byDeletion.get(key)?.filter((n) => n !== name);
      if (names?.length) byDeletion.set(key, names);
      else byDeletion.delete(key);
    }
  }

  clear(): void {
    this.byName.clear();
    this.byLength.clear();
    this.byDeletion = undefined;
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
    const out = new Set<string>();
    if (!this.byDeletion) {
      this.byDeletion = new Map();
      for (const n of this.byName.keys()) addDeletions(this.byDeletion, n);
    }
    for (const key of deletionKeys(name)) {
      for (const n of this.byDeletion.get(key) ?? []) {
        if (out.has(n)) continue;
        if (distance(stem, n.slice(0, n.length - ext.length).toLowerCase()) <= 1) out.add(n);
      }
    }
    return [...out].sort();
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

/**
 * The keys of a name in the deletion index: its extension and its stem in lower case, whole and
 * with each one character deleted. Two stems within one edit of each other share a key.
 */
function deletionKeys(name: string): Set<string> {
  const ext = path.posix.extname(name);
  const stem = name.slice(0, name.length - ext.length).toLowerCase();
  const keys = new Set([`${ext}\0${stem}`]);
  for (let i = 0; i < stem.length; i++) keys.add(`${ext}\0${stem.slice(0, i)}${stem.slice(i + 1)}`);
  return keys;
}

/** Files `name` under each of its {@link deletionKeys} in `byDeletion`. */
function addDeletions(byDeletion: Map<string, string[]>, name: string): void {
  for (const key of deletionKeys(name)) {
    const names = byDeletion.get(key);
    if (names) names.push(name);
    else byDeletion.set(key, [name]);
  }
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
