import * as path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Range } from '../types.js';
import type { Config } from '../config.js';
import type { DocInfo } from './docInfo.js';
import type { IndexState, PackageScripts } from './view.js';
import { normaliseId } from '../util/ids.js';
import { LineIndex } from '../parse/lines.js';

/** The prefix of an id: `ADR` of `ADR-003`. */
export const idPrefix = (id: string) => id.replace(/-\d+$/, '').toUpperCase();

/** Folders that hold a file, innermost first ('' is the root). */
export function ancestors(file: string): string[] {
  const out: string[] = [];
  let d = path.posix.dirname(file);
  while (d !== '.' && d !== '/') {
    out.push(d);
    d = path.posix.dirname(d);
  }
  out.push('');
  return out;
}

/** Reads the `scripts` of a package.json with the range of each name; null when it is not JSON. */
export function parsePackage(file: string, text: string): PackageScripts | null {
  let tree;
  try {
    tree = parseTree(text);
  } catch {
    return null; // nested deeper than the parser's stack: not a package.json we can read
  }
  if (!tree) return null;
  const scripts = new Map<string, Range>();
  const node = findNodeAtLocation(tree, ['scripts']);
  const lines = new LineIndex(text);
  for (const prop of node?.type === 'object' ? (node.children ?? []) : []) {
    const key = prop.children?.[0];
    if (key && typeof key.value === 'string')
      scripts.set(key.value, lines.rangeOf(key.offset, key.offset + key.length));
  }
  return { file, scripts };
}

/**
 * The workspace index: files, folders, documents, ids and package.json scripts, plus which
 * file's findings depend on which lookup (see {@link IndexView}), kept up to date file by file.
 */
export class IndexStore implements IndexState {
  config!: Config;
  readonly docs = new Map<string, DocInfo>();
  readonly files = new Set<string>();
  readonly dirs = new Map<string, number>();
  readonly ids = new Map<string, DocInfo[]>();
  readonly packages = new Map<string, PackageScripts | null>();
  /** How many documents have an id with each prefix (`ADR`, `TASK`), to tell ids in prose cheaply. */
  readonly idPrefixes = new Map<string, number>();
  private readonly dependents = new Map<string, Set<string>>();
  private readonly keysOf = new Map<string, Set<string>>();

  clear(): void {
    for (const m of [
      this.docs,
      this.dirs,
      this.ids,
      this.packages,
      this.dependents,
      this.keysOf,
      this.idPrefixes,
    ])
      m.clear();
    this.files.clear();
  }

  /** Adds a file; true when it is new. */
  addFile(file: string): boolean {
    if (this.files.has(file)) return false;
    this.files.add(file);
    for (const d of ancestors(file)) this.dirs.set(d, (this.dirs.get(d) ?? 0) + 1);
    return true;
  }

  /** Removes a file and whatever was indexed for it; true when it was there. */
  removeFile(file: string): boolean {
    this.deleteDoc(file);
    this.packages.delete(file);
    if (!this.files.delete(file)) return false;
    for (const d of ancestors(file)) {
      const n = (this.dirs.get(d) ?? 1) - 1;
      if (n > 0) this.dirs.set(d, n);
      else this.dirs.delete(d);
    }
    return true;
  }

  setDoc(doc: DocInfo): void {
    this.deleteDoc(doc.file);
    this.docs.set(doc.file, doc);
    if (doc.id && doc.kind) {
      const norm = normaliseId(doc.id);
      const list = this.ids.get(norm) ?? [];
      list.push(doc);
      list.sort((a, b) => (a.file < b.file ? -1 : 1));
      this.ids.set(norm, list);
      const prefix = idPrefix(doc.id);
      this.idPrefixes.set(prefix, (this.idPrefixes.get(prefix) ?? 0) + 1);
    }
  }

  deleteDoc(file: string): void {
    const old = this.docs.get(file);
    if (!old) return;
    this.docs.delete(file);
    if (old.id && old.kind) {
      const norm = normaliseId(old.id);
      const list = (this.ids.get(norm) ?? []).filter((d) => d !== old);
      if (list.length) this.ids.set(norm, list);
      else this.ids.delete(norm);
      const prefix = idPrefix(old.id);
      const n = (this.idPrefixes.get(prefix) ?? 1) - 1;
      if (n > 0) this.idPrefixes.set(prefix, n);
      else this.idPrefixes.delete(prefix);
    }
  }

  /** Records the lookups the findings of `file` depend on (replacing earlier ones). */
  record(file: string, keys: Set<string>): void {
    this.forget(file);
    this.keysOf.set(file, keys);
    for (const k of keys) {
      let set = this.dependents.get(k);
      if (!set) this.dependents.set(k, (set = new Set()));
      set.add(file);
    }
  }

  forget(file: string): void {
    for (const k of this.keysOf.get(file) ?? []) this.dependents.get(k)?.delete(file);
    this.keysOf.delete(file);
  }

  /** The `id:` lookups that found no document (what a deleted document's id became). */
  unresolvedIdKeys(): string[] {
    return [...this.dependents.keys()].filter((k) => k.startsWith('id:') && !this.ids.has(k.slice(3)));
  }

  /** Files whose findings looked up any of `keys`. */
  dependentsOf(keys: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const k of keys) for (const f of this.dependents.get(k) ?? []) out.add(f);
    return out;
  }
}
