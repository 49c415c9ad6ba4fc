import type { GitIgnores } from '../util/gitignore.js';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree } from 'jsonc-parser';
import type { Finding, Range } from '../types.js';
import type { SchemaSet } from '../schemas/registry.js';
import type { Config } from '../config.js';
import type { DocInfo } from './docInfo.js';
import type { IndexState, PackageScripts } from './view.js';
import { idPrefix, normaliseId } from '../util/ids.js';
import { LineIndex } from '../parse/lines.js';
import { FileNames } from './names.js';
import { folderOf } from '../model/fileNames.js';
import type { MakeTargets } from '../parse/makefile.js';
import type { Codeowners } from '../parse/codeowners.js';

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

/** What a file of the workspace holds for the index, once read. */
export type FileEntry =
  | { doc: DocInfo }
  /** A Markdown file that could not be read or parsed, and why. */
  | { unreadable: string }
  /** A package.json: its scripts, or null when it is not JSON. */
  | { package: PackageScripts | null }
  /** A Makefile: its targets. */
  | { makefile: MakeTargets }
  /** A CODEOWNERS file: its owners. */
  | { codeowners: Codeowners }
  /** Any other file: only listed. */
  | { listed: true };

/**
 * The workspace index and every piece of per-file state: files, folders, documents, ids,
 * package.json scripts, files that could not be read, the configuration and its findings, the
 * findings computed for each file, and which file's findings depend on which lookup (see
 * {@link IndexView}). The engine changes it only through these methods.
 */
export class IndexStore implements IndexState {
  private current!: Config;
  private schemaSet!: SchemaSet;
  private ownFindings: readonly Finding[] = [];
  private readonly docMap = new Map<string, DocInfo>();
  private readonly fileSet = new Set<string>();
  private aliasMap: ReadonlyMap<string, string> = new Map();
  private readonly fileNames = new FileNames();
  private readonly dirCounts = new Map<string, number>();
  private readonly idMap = new Map<string, DocInfo[]>();
  private readonly packageMap = new Map<string, PackageScripts | null>();
  private readonly makefileMap = new Map<string, MakeTargets>();
  private readonly codeownersMap = new Map<string, Codeowners>();
  private readonly prefixCounts = new Map<string, number>();
  /** How many documents with an id each folder holds directly (what tells ADR logs apart). */
  private readonly idFolderCounts = new Map<string, number>();
  private readonly unreadable = new Map<string, string>();
  private readonly findingsOf = new Map<string, Finding[]>();
  private readonly dependents = new Map<string, Set<string>>();
  /** The dependents sets a file's findings are in (one per lookup): no key string kept per file. */
  private readonly keysOf = new Map<string, Set<string>[]>();
  /** The `.gitignore` rules the engine applied at the last full index, if any. */
  gitIgnores?: GitIgnores;

  get config(): Config {
    return this.current;
  }
  get schemas(): SchemaSet {
    return this.schemaSet;
  }
  /** Problems with the configuration and the team's schemas. */
  get configFindings(): readonly Finding[] {
    return this.ownFindings;
  }
  get docs(): ReadonlyMap<string, DocInfo> {
    return this.docMap;
  }
  get aliases(): ReadonlyMap<string, string> {
    return this.aliasMap;
  }

  /** Takes the second names of files and folders the last whole listing found. */
  setAliases(aliases: ReadonlyMap<string, string>): void {
    this.aliasMap = aliases;
  }

  get files(): ReadonlySet<string> {
    return this.fileSet;
  }
  /** File names, for "did you mean" of a missing file. */
  get names(): FileNames {
    return this.fileNames;
  }
  get dirs(): ReadonlyMap<string, number> {
    return this.dirCounts;
  }
  get ids(): ReadonlyMap<string, DocInfo[]> {
    return this.idMap;
  }
  get packages(): ReadonlyMap<string, PackageScripts | null> {
    return this.packageMap;
  }
  get makefiles(): ReadonlyMap<string, MakeTargets> {
    return this.makefileMap;
  }
  get codeowners(): ReadonlyMap<string, Codeowners> {
    return this.codeownersMap;
  }
  /** How many documents have an id with each prefix (`ADR`, `TASK`), to tell ids in prose cheaply. */
  get idPrefixes(): ReadonlyMap<string, number> {
    return this.prefixCounts;
  }
  get idFolders(): ReadonlyMap<string, number> {
    return this.idFolderCounts;
  }

  /** Empties the index and takes a (new) configuration, its schemas and their findings. */
  reset(config: Config, schemas: SchemaSet, findings: readonly Finding[]): void {
    for (const m of [
      this.docMap,
      this.dirCounts,
      this.idMap,
      this.packageMap,
      this.makefileMap,
      this.codeownersMap,
      this.prefixCounts,
      this.idFolderCounts,
      this.unreadable,
      this.findingsOf,
      this.dependents,
      this.keysOf,
    ])
      m.clear();
    this.fileSet.clear();
    this.fileNames.clear();
    this.gitIgnores = undefined;
    this.current = config;
    this.schemaSet = schemas;
    this.ownFindings = findings;
  }

  /** Adds findings about the configuration found after {@link reset} (the `.gitignore` files'). */
  addConfigFindings(findings: readonly Finding[]): void {
    if (findings.length) this.ownFindings = [...this.ownFindings, ...findings];
  }

  /** Replaces the config (and its schemas), keeping the index; the caller describes the documents again. */
  setConfig(config: Config, schemas?: SchemaSet): void {
    this.current = config;
    if (schemas) this.schemaSet = schemas;
    this.findingsOf.clear();
  }

  /** Lists a file (while the workspace is listed); true when it is new. */
  addFile(file: string): boolean {
    if (this.fileSet.has(file)) return false;
    this.fileSet.add(file);
    this.fileNames.add(file);
    for (const d of ancestors(file)) this.dirCounts.set(d, (this.dirCounts.get(d) ?? 0) + 1);
    return true;
  }

  /** Records what a listed file holds (while the whole workspace is indexed; nothing is re-checked). */
  set(file: string, entry: FileEntry): void {
    this.findingsOf.delete(file);
    this.deleteDoc(file);
    this.unreadable.delete(file);
    this.packageMap.delete(file);
    this.makefileMap.delete(file);
    this.codeownersMap.delete(file);
    if ('doc' in entry) this.setDoc(entry.doc);
    else if ('unreadable' in entry) this.unreadable.set(file, entry.unreadable);
    else if ('package' in entry) this.packageMap.set(file, entry.package);
    else if ('makefile' in entry) this.makefileMap.set(file, entry.makefile);
    else if ('codeowners' in entry) this.codeownersMap.set(file, entry.codeowners);
  }

  /**
   * A file changed or was created: records what it holds now and returns the files whose
   * findings may have changed (it and those whose findings looked it up), their findings dropped.
   */
  update(file: string, entry: FileEntry): string[] {
    const oldId = this.docMap.get(file)?.id;
    const created = this.addFile(file);
    this.set(file, entry);
    return this.invalidate(file, created, oldId);
  }

  /** A file was deleted: forgets it; returns the files whose findings may have changed. */
  remove(file: string): string[] {
    const oldId = this.docMap.get(file)?.id;
    const wasUnreadable = this.unreadable.delete(file);
    const had = this.removeFile(file);
    this.forget(file);
    if (!had && !wasUnreadable) return [];
    return this.invalidate(file, true, oldId);
  }

  /** Forgets a file that vanished while the workspace was indexed (nothing is re-checked). */
  drop(file: string): void {
    this.unreadable.delete(file);
    this.removeFile(file);
  }

  /** Why a file could not be read, when it could not. */
  unreadableReason(file: string): string | undefined {
    return this.unreadable.get(file);
  }

  /** The findings computed for a file, until a change it depends on drops them. */
  cachedFindings(file: string): Finding[] | undefined {
    return this.findingsOf.get(file);
  }

  /** Keeps the findings of a file and the lookups (dependency keys) they were computed from. */
  setFindings(file: string, findings: Finding[], keys: Set<string>): void {
    this.findingsOf.set(file, findings);
    this.record(file, keys);
  }

  /** Drops every computed finding (today's date, rule levels or the whole index changed). */
  dropFindings(): void {
    this.findingsOf.clear();
  }

  /** Every file that can have findings (documents, unreadable files, config files), sorted. */
  checkedFiles(): string[] {
    const files = [...this.docMap.keys(), ...this.unreadable.keys(), ...this.ownFindings.map((f) => f.file)];
    return [...new Set(files)].sort();
  }

  /**
   * The files whose findings a change to `changed` (created, edited or deleted files) can alter:
   * those files and every file whose findings looked them up. Only findings computed so far count.
   */
  affectedBy(changed: string[], createdOrDeleted: ReadonlySet<string>): Set<string> {
    const keys: string[] = [];
    for (const f of changed) {
      const id = this.docMap.get(f)?.id;
      keys.push(...changeKeys(f, createdOrDeleted.has(f), [id]));
      if (id) keys.push('ids');
    }
    // A deleted document's id is not known any more: the lookups of ids no document has now.
    if (changed.some((f) => !this.fileSet.has(f))) keys.push('ids', ...this.unresolvedIdKeys());
    const out = this.dependentsOf(keys);
    for (const f of changed) out.add(f);
    return out;
  }

  /** The files whose findings looked up `file` (by path, folder or id), and the file itself. */
  citersOf(file: string): Set<string> {
    const keys = [`file:${file}`];
    const id = this.docMap.get(file)?.id;
    if (id) keys.push(`id:${normaliseId(id)}`);
    const out = this.dependentsOf(keys);
    out.add(file);
    return out;
  }

  /** Every lookup the computed findings made, and the files whose findings made it. */
  lookups(): ReadonlyMap<string, ReadonlySet<string>> {
    return this.dependents;
  }

  /**
   * Drops the findings of a changed file (created or deleted when `createdOrDeleted`, its id
   * before the change `oldId`) and of its dependents, and returns those files.
   */
  private invalidate(file: string, createdOrDeleted: boolean, oldId: string | undefined): string[] {
    const affected = this.dependentsOf(this.keysReached(file, createdOrDeleted, oldId));
    affected.add(file);
    for (const f of affected) this.findingsOf.delete(f);
    return [...affected].filter((f) => this.docMap.has(f) || this.unreadable.has(f) || f === file);
  }

  /**
   * The lookups a change to `file` alters (see {@link invalidate}), the index holding the file as
   * it is now.
   */
  keysReached(file: string, createdOrDeleted: boolean, oldId: string | undefined): string[] {
    const newId = this.docMap.get(file)?.id;
    const keys = changeKeys(file, createdOrDeleted, [oldId, newId]);
    // Another spelling of the same id (`ADR-2` for `ADR-002`) too: "did you mean" names ids as written.
    if (oldId !== newId) keys.push('ids');
    return keys;
  }

  /** Removes a file and whatever was indexed for it; true when it was there. */
  private removeFile(file: string): boolean {
    this.findingsOf.delete(file);
    this.deleteDoc(file);
    this.packageMap.delete(file);
    this.makefileMap.delete(file);
    this.codeownersMap.delete(file);
    if (!this.fileSet.delete(file)) return false;
    this.fileNames.remove(file);
    for (const d of ancestors(file)) {
      const n = (this.dirCounts.get(d) ?? 1) - 1;
      if (n > 0) this.dirCounts.set(d, n);
      else this.dirCounts.delete(d);
    }
    return true;
  }

  private setDoc(doc: DocInfo): void {
    this.docMap.set(doc.file, doc);
    if (!doc.id) return;
    const norm = normaliseId(doc.id);
    const list = this.idMap.get(norm) ?? [];
    list.push(doc);
    list.sort((a, b) => (a.file < b.file ? -1 : 1));
    this.idMap.set(norm, list);
    const prefix = idPrefix(doc.id);
    this.prefixCounts.set(prefix, (this.prefixCounts.get(prefix) ?? 0) + 1);
    const folder = folderOf(doc.file);
    this.idFolderCounts.set(folder, (this.idFolderCounts.get(folder) ?? 0) + 1);
  }

  private deleteDoc(file: string): void {
    const old = this.docMap.get(file);
    if (!old) return;
    this.docMap.delete(file);
    if (!old.id) return;
    const norm = normaliseId(old.id);
    const list = (this.idMap.get(norm) ?? []).filter((d) => d !== old);
    if (list.length) this.idMap.set(norm, list);
    else this.idMap.delete(norm);
    const prefix = idPrefix(old.id);
    const n = (this.prefixCounts.get(prefix) ?? 1) - 1;
    if (n > 0) this.prefixCounts.set(prefix, n);
    else this.prefixCounts.delete(prefix);
    const folder = folderOf(file);
    const m = (this.idFolderCounts.get(folder) ?? 1) - 1;
    if (m > 0) this.idFolderCounts.set(folder, m);
    else this.idFolderCounts.delete(folder);
  }

  /** Records the lookups the findings of `file` depend on (replacing earlier ones). */
  private record(file: string, keys: Set<string>): void {
    this.forget(file);
    const sets: Set<string>[] = [];
    for (const k of keys) {
      let set = this.dependents.get(k);
      if (!set) this.dependents.set(k, (set = new Set()));
      set.add(file);
      sets.push(set);
    }
    this.keysOf.set(file, sets);
  }

  private forget(file: string): void {
    for (const set of this.keysOf.get(file) ?? []) set.delete(file);
    this.keysOf.delete(file);
  }

  /** The `id:` lookups that found no document (what a deleted document's id became). */
  private unresolvedIdKeys(): string[] {
    return [...this.dependents.keys()].filter((k) => k.startsWith('id:') && !this.idMap.has(k.slice(3)));
  }

  /** Files whose findings looked up any of `keys`. */
  private dependentsOf(keys: Iterable<string>): Set<string> {
    const out = new Set<string>();
    for (const k of keys) for (const f of this.dependents.get(k) ?? []) out.add(f);
    return out;
  }
}

/**
 * The index lookups (see {@link IndexView}) a change to `file` can alter: the file's own, and
 * when it was created or deleted its folders' and the file list's ("did you mean" of a missing
 * file), and those of its ids.
 */
function changeKeys(file: string, createdOrDeleted: boolean, ids: (string | undefined)[]): string[] {
  const keys = [`file:${file}`];
  if (createdOrDeleted) keys.push('files', ...ancestors(file).flatMap((d) => [`dir:${d}`, `file:${d}`]));
  for (const id of new Set(ids.filter((x): x is string => !!x).map(normaliseId))) keys.push(`id:${id}`);
  return keys;
}
