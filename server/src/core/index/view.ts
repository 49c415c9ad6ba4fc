import type { GitIgnores } from '../util/gitignore.js';
import { commonFolder } from '../../shared/paths.js';
import * as path from 'node:path';
import type { Range } from '../types.js';
import type { Config, KindConfig } from '../config.js';
import { frontMatterRef, statusesRef, type CompiledSchema, type SchemaSet } from '../schemas/registry.js';
import { sameIdLog, type DocInfo } from './docInfo.js';
import type { Ref } from '../parse/refs.js';
import type { FileNames } from './names.js';
import { idPrefix, normaliseId } from '../util/ids.js';
import { isMiddleman, servesPagesAsFolders } from '../model/site.js';
import { adrLogOf } from '../model/adr.js';
import { MAKEFILE_NAMES, type MakeTargets } from '../parse/makefile.js';
import { CODEOWNERS_FILES, type Codeowners } from '../parse/codeowners.js';

/** The template extensions a site generator builds `x.html` from (Middleman: `x.html.md.erb`). */
const TEMPLATE_CHAINS = ['.md', '.md.erb', '.markdown', '.erb', '.haml', '.slim'];

/** An npm script of a package.json: its name and where its key is written. */
export interface PackageScripts {
  file: string;
  scripts: Map<string, Range>;
}

/** What the engine holds about the whole workspace; the view reads it. */
export interface IndexState {
  config: Config;
  /** The compiled schemas of the kinds and legacy ADR profiles. */
  schemas: SchemaSet;
  docs: ReadonlyMap<string, DocInfo>;
  files: ReadonlySet<string>;
  /** File names, for "did you mean" of a missing file (read through the view's methods). */
  names: Pick<FileNames, 'filesNamed' | 'near' | 'withinOneEdit'>;
  /** Number of files under each folder ('' is the root). */
  dirs: ReadonlyMap<string, number>;
  ids: ReadonlyMap<string, DocInfo[]>;
  idPrefixes: ReadonlyMap<string, number>;
  /** Documents with an id each folder holds directly. */
  idFolders: ReadonlyMap<string, number>;
  packages: ReadonlyMap<string, PackageScripts | null>;
  /** Makefiles by path: their targets. */
  makefiles: ReadonlyMap<string, MakeTargets>;
  /** CODEOWNERS files by path: their owners. */
  codeowners: ReadonlyMap<string, Codeowners>;
  /** Second names of files and folders (symbolic links inside the root) → their real paths. */
  aliases: ReadonlyMap<string, string>;
  /** The `.gitignore` rules the index applied, if any. */
  gitIgnores?: GitIgnores;
}

/** A request was cancelled: its work stopped and it has no answer. */
export class Cancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** Where a path reference lands. */
export interface PathTarget {
  /** The repository-relative file or folder it names, if it exists. */
  found?: string;
  isFolder?: boolean;
  /** True when the path leaves the repository (never checked). */
  outside?: boolean;
  /** Candidates tried, in order. */
  tried: string[];
}

const parentOf = (p: string) => {
  const d = path.posix.dirname(p);
  return d === '.' ? '' : d;
};

/** How many folders a repository-relative file is in. */
const depthOf = (file: string) => file.split('/').length - 1;

/** How many folders two repository-relative files have in common from the root. */
export function foldersInCommon(a: string, b: string): number {
  const common = commonFolder([parentOf(a), parentOf(b)]);
  return common ? common.split('/').length : 0;
}

/**
 * Read access to the index for checks and editor features. Every lookup records a dependency
 * key, so that when a file changes the engine re-checks exactly the files that looked at it:
 * `file:<path>` (existence, headings, status), `dir:<path>` (folder listing), `id:<norm>` (who has
 * an id), `ids` (the set of all ids, for "did you mean"), `files` (the list of all files, for "did you
 * mean" of a missing file).
 */
export class IndexView {
  constructor(
    private readonly state: IndexState,
    readonly keys: Set<string> = new Set(),
    private readonly cancelled: () => boolean = () => false,
  ) {}

  /** Throws {@link Cancelled} when the request this view serves was cancelled (long loops call it). */
  throwIfCancelled(): void {
    if (this.cancelled()) throw new Cancelled();
  }

  /**
   * Lets the event loop run (so a cancel notification can arrive), then throws {@link Cancelled}
   * if it did. Long loops call it every few milliseconds.
   */
  async pause(): Promise<void> {
    await new Promise((r) => setImmediate(r));
    this.throwIfCancelled();
  }

  get config(): Config {
    return this.state.config;
  }

  /** True when a `.gitignore` the index applied leaves `file` out (it exists but is not read). */
  isGitIgnored(file: string): boolean {
    return !!this.state.gitIgnores?.ignores(file);
  }

  /** The schema a document is checked against (its kind's, or its legacy profile's). */
  schemaOf(doc: Pick<DocInfo, 'kind' | 'profile'>): CompiledSchema | undefined {
    const k = doc.kind;
    const schemas = this.state.schemas;
    if (!k) return undefined;
    if (doc.profile === 'madr') return schemas.get('adr-madr');
    if (doc.profile === 'nygard') return schemas.get('adr-nygard');
    if (!k.schema) return k.frontMatter ? schemas.get(frontMatterRef(k.name)) : undefined;
    if (schemas.withheld.has(k.schema)) return undefined;
    return (k.statuses && schemas.get(statusesRef(k.name))) || schemas.get(k.schema) || schemas.get(k.name);
  }

  doc(file: string): DocInfo | undefined {
    this.keys.add(`file:${file}`);
    return this.state.docs.get(file);
  }

  /**
   * Documents holding an id (any spelling: ADR-3, ADR-003 and ADR-0003 are one id). Asked `from` a
   * file, the nearest come first — most folders in common with it, then the shallowest: in a
   * repository of several ADR logs, each numbered by its own files
   * (`services/billing/docs/adr/0001-x.md`, `services/search/docs/adr/0001-y.md`), `ADR-0001` in
   * billing's README is billing's.
   */
  byId(id: string, from?: string): DocInfo[] {
    const norm = normaliseId(id);
    this.keys.add(`id:${norm}`);
    const docs = this.state.ids.get(norm) ?? [];
    if (from === undefined || docs.length < 2) return docs;
    // Nearest: most folders in common with `from`, then the shallowest (a repository's own
    // `docs/adr` before a service's `services/x/docs/adr`, for the root README).
    return docs
      .map((d) => ({ d, n: foldersInCommon(d.file, from), depth: depthOf(d.file) }))
      .sort((a, b) => b.n - a.n || a.depth - b.depth)
      .map((x) => x.d);
  }

  /**
   * The documents holding `id` as `from` sees them, nearest first: an ADR's own log's, when it has
   * one (see {@link IndexView.sameIdLog}), else every holder.
   */
  holdersOf(id: string, from: DocInfo): DocInfo[] {
    const docs = this.byId(id, from.file);
    if (docs.length < 2) return docs;
    const own = docs.filter((d) => this.sameIdLog(from, d));
    return own.length ? own : docs;
  }

  /**
   * The holders of `id` as `from` sees them when no one of them is nearest: two or more, in
   * different id logs, with as many folders in common with `from` and as deep (the root README
   * citing an ADR id two services' logs hold); else undefined.
   */
  ambiguousHolders(id: string, from: DocInfo): DocInfo[] | undefined {
    const docs = this.holdersOf(id, from);
    if (docs.length < 2 || docs.includes(from)) return undefined;
    const near = foldersInCommon(docs[0].file, from.file);
    const depth = depthOf(docs[0].file);
    const tied = docs.filter((d) => foldersInCommon(d.file, from.file) === near && depthOf(d.file) === depth);
    return tied.some((d) => !this.sameIdLog(tied[0], d)) ? tied : undefined;
  }

  /** True when two documents of one id are in one id log (see {@link sameIdLog}). */
  sameIdLog(a: DocInfo, b: DocInfo): boolean {
    return sameIdLog(a, b, this.holdsIds);
  }

  /** The decision-record log the file `file` is in (see {@link adrLogOf}). */
  adrLog(file: string): string {
    return adrLogOf(file, this.holdsIds);
  }

  private readonly holdsIds = (folder: string): boolean => {
    this.keys.add(`dir:${folder}`);
    return this.state.idFolders.has(folder);
  };

  /** Every id in the workspace (for suggestions). */
  allIds(): string[] {
    this.keys.add('ids');
    return [...this.state.ids.values()].map((docs) => docs[0].id!).filter(Boolean);
  }

  /**
   * True when a prose candidate such as `ADR-9` is an id: a kind's pattern matches it, or a document has an
   * id with its prefix.
   */
  isId(candidate: string): boolean {
    for (const k of this.state.config.kinds) if (k.idPattern && kindIdRe(k).test(candidate)) return true;
    return this.hasIdsLike(candidate);
  }

  /** True when some document has an id with the prefix of `id` (`ADR` of `ADR-9`). */
  hasIdsLike(id: string): boolean {
    this.keys.add('ids');
    return this.state.idPrefixes.has(idPrefix(id));
  }

  /**
   * The paths a reference may name: `first` (as written), then where a site generator looks —
   * asked only once those name nothing, so a link that resolves neither costs the look-ups nor
   * depends on the generator's configuration.
   */
  private *candidatesOf(from: string, ref: Pick<Ref, 'target' | 'base'>, first: string[]) {
    yield* first;
    if (ref.base !== 'file') return;
    // Middleman finds `images/x.png` of any page under `source/` in `source/images/`.
    if (from.startsWith('source/') && ref.target.startsWith('images/') && isMiddleman(this))
      yield `source/${path.posix.normalize(ref.target)}`;
    // On a site that serves `a/page.md` as `a/page/`, a link in it is followed from there too.
    if (!/(^|\/)(index|README)\.md$/i.test(from) && servesPagesAsFolders(this))
      yield path.posix.normalize(path.posix.join(from.replace(/\.(md|markdown)$/i, ''), ref.target));
  }

  /** `clean` with its first symbolic-link name replaced by the real path; undefined through none. */
  private realOf(clean: string): string | undefined {
    const { aliases } = this.state;
    if (aliases.size === 0) return undefined;
    for (let at = clean.length; at > 0; at = clean.lastIndexOf('/', at - 1)) {
      const real = aliases.get(clean.slice(0, at));
      if (real !== undefined) return real === '' ? clean.slice(at + 1) : real + clean.slice(at);
    }
    return undefined;
  }

  /** Resolves a path reference of `from` to a file or folder of the repository. */
  resolvePath(from: string, ref: Pick<Ref, 'target' | 'base' | 'dir'>): PathTarget {
    if (ref.target === '') return { found: from, tried: [from] };
    const tried: string[] = [];
    // A command's path is taken from its working folder (`dir`).
    const rootRel = path.posix.normalize(path.posix.join(ref.dir ?? '', ref.target.replace(/^\.\//, '')));
    const fileRel = path.posix.normalize(path.posix.join(parentOf(from), ref.target));
    if (ref.base === 'site') {
      const site = this.state.config.siteRoot;
      if (site === undefined) return { outside: true, tried };
      const siteRel = path.posix.normalize(path.posix.join(site, ref.target.replace(/^\/+/, '')));
      return this.resolvePath(from, { target: siteRel, base: 'root' });
    }
    const first = ref.base === 'root' ? [rootRel] : ref.base === 'file' ? [fileRel] : [rootRel, fileRel];
    const candidates = this.candidatesOf(from, ref, first);
    let outside = true;
    for (const c of candidates) {
      if (c === '..' || c.startsWith('../') || path.posix.isAbsolute(c)) continue;
      outside = false;
      const clean = c === '.' ? '' : c.replace(/\/$/, '');
      if (tried.includes(clean)) continue;
      tried.push(clean);
      this.keys.add(`file:${clean}`);
      if (this.state.files.has(clean)) return { found: clean, tried };
      // A site file built from its template: `x.html` from `x.html.md`, `x.html.md.erb` or
      // `x.html.erb`, `x.csv` from `x.csv.erb` (Middleman).
      if (path.posix.extname(clean))
        for (const source of (clean.endsWith('.html') ? TEMPLATE_CHAINS : ['.erb']).map((t) => clean + t)) {
          this.keys.add(`file:${source}`);
          if (this.state.files.has(source)) return { found: source, tried };
        }
      this.keys.add(`dir:${clean}`);
      if (clean === '' || this.state.dirs.has(clean)) return { found: clean, isFolder: true, tried };
      // A second name (a symbolic link) of a file or folder, or a path through one.
      const real = this.realOf(clean);
      if (real !== undefined && real !== clean) {
        // What is at the real path is looked up too: a change there changes this answer.
        this.keys.add(`file:${real}`);
        this.keys.add(`dir:${real}`);
        if (this.state.files.has(real) || this.state.dirs.has(real))
          return { found: real, isFolder: !this.state.files.has(real), tried };
      }
      // A static site serves `x.md` at `x/` (Jekyll permalinks, MkDocs, Hugo): a link to that URL.
      if (clean && !path.posix.extname(clean)) {
        this.keys.add(`file:${clean}.md`);
        if (this.state.files.has(`${clean}.md`)) return { found: `${clean}.md`, tried };
      }
    }
    return { outside, tried };
  }

  /**
   * True when a path written in `from` starts with a folder that exists (at the root, or beside
   * `from`; `./` and `../` always do): the path is then meant as one of ours, not `config/x.yml`
   * of another project or `@scope/pkg`. A bare file name is never anchored.
   */
  isAnchoredPath(from: string, written: string): boolean {
    const clean = written.replace(/\/$/, '').replace(/^\.\//, '');
    if (!clean.includes('/')) return written.startsWith('./');
    const first = clean.split('/')[0];
    if (first === '..') return true;
    const beside = path.posix.join(parentOf(from), first);
    this.keys.add(`dir:${first}`);
    this.keys.add(`dir:${beside}`);
    return this.state.dirs.has(first) || this.state.dirs.has(beside);
  }

  /** True when the workspace has this file (of any kind). */
  hasFile(file: string): boolean {
    this.keys.add(`file:${file}`);
    return this.state.files.has(file);
  }

  /** Every indexed document, in no particular order. */
  documents(): DocInfo[] {
    this.keys.add('files');
    return [...this.state.docs.values()];
  }

  /** The files called `name` (a file name without folder), in any folder but `node_modules/`. */
  filesNamed(name: string): readonly string[] {
    this.keys.add('files');
    return this.state.names.filesNamed(name);
  }

  /**
   * File names with extension `ext` whose stem is at most `slack` characters longer or shorter
   * than `stemLength`; undefined when there are too many to compare (see {@link FileNames.near}).
   */
  namesNear(ext: string, stemLength: number, slack: number): string[] | undefined {
    this.keys.add('files');
    return this.state.names.near(ext, stemLength, slack);
  }

  /** File names of the same extension within one edit of `name` (see {@link FileNames.withinOneEdit}). */
  namesWithinOneEdit(name: string): string[] {
    this.keys.add('files');
    return this.state.names.withinOneEdit(name);
  }

  /** Every file of the workspace. */
  allFiles(): string[] {
    this.keys.add('files');
    return [...this.state.files];
  }

  /** Files directly in a folder. */
  filesIn(dir: string): string[] {
    this.keys.add(`dir:${dir}`);
    const prefix = dir ? `${dir}/` : '';
    const direct = (f: string) => f.startsWith(prefix) && !f.slice(prefix.length).includes('/');
    return [...this.state.files].filter((f) => direct(f) && !this.isGitIgnored(f));
  }

  /** The scripts of the nearest package.json above a file, or undefined when there is none. */
  nearestPackage(from: string): PackageScripts | undefined {
    let dir = parentOf(from);
    for (;;) {
      const file = dir ? `${dir}/package.json` : 'package.json';
      this.keys.add(`file:${file}`);
      const pkg = this.state.packages.get(file);
      if (pkg !== undefined) return pkg ?? undefined;
      if (dir === '') return undefined;
      dir = parentOf(dir);
    }
  }

  /** The Makefile `make` reads in a folder ('' the root), or undefined when it has none. */
  makefileIn(dir: string): MakeTargets | undefined {
    for (const name of MAKEFILE_NAMES) {
      const file = dir ? `${dir}/${name}` : name;
      this.keys.add(`file:${file}`);
      const found = this.state.makefiles.get(file);
      if (found) return found;
    }
    return undefined;
  }

  /** The Makefile of the nearest folder above a file that has one, or undefined. */
  nearestMakefile(from: string): MakeTargets | undefined {
    for (let dir = parentOf(from); ; dir = parentOf(dir)) {
      const found = this.makefileIn(dir);
      if (found || dir === '') return found;
    }
  }

  /**
   * The CODEOWNERS files of the workspace (GitHub's and GitLab's places), in GitHub's order;
   * undefined when one exists that could not be read (its owners are unknown).
   */
  codeownersFiles(): Codeowners[] | undefined {
    const found: Codeowners[] = [];
    for (const file of CODEOWNERS_FILES) {
      this.keys.add(`file:${file}`);
      const owners = this.state.codeowners.get(file);
      if (owners) found.push(owners);
      else if (this.state.files.has(file)) return undefined;
    }
    return found;
  }

  /** The kind of the document that holds an id, by a kind's pattern (for ids no document holds yet). */
  kindForId(candidate: string): KindConfig | undefined {
    return this.state.config.kinds.find((k) => k.idPattern && kindIdRe(k).test(candidate));
  }
}

const idRes = new WeakMap<KindConfig, RegExp>();
function kindIdRe(k: KindConfig): RegExp {
  let re = idRes.get(k);
  if (!re) {
    re = new RegExp(`^(?:${k.idPattern})$`, 'i');
    idRes.set(k, re);
  }
  return re;
}
