import type { Finding, FixData, Logger, Range, RuleLevel } from './types.js';
import { silentLogger } from './types.js';
import { notFound, type ReadResult, type Workspace } from './workspace.js';
import { isWithin } from '../shared/paths.js';
import { posix } from 'node:path';
import { CONFIG_FILE, parseConfig, type Config, type KindConfig } from './config.js';
import {
  loadSchemas,
  statusesProblems,
  withFrontMatterSchemas,
  type CompiledSchema,
} from './schemas/registry.js';
import { parseMarkdown, type DocFacts, type Directive, type ParsedDoc } from './parse/markdown.js';
import { describe, KindMatcher, type DocInfo } from './index/docInfo.js';
import { CHECKS, RULES } from './checks/index.js';
import { isIsoDate, localToday } from './util/dates.js';
import { nearest } from './util/similar.js';
import { IndexStore, parsePackage, type FileEntry } from './index/store.js';
import { isMakefile, parseMakefile } from './parse/makefile.js';
import { isCodeowners, parseCodeowners } from './parse/codeowners.js';
import { unreadableFinding } from './checks/file.js';
import { Pacer } from './util/pace.js';
import { checkFailedFinding } from './checks/internal.js';
import { IndexView } from './index/view.js';
import { detectFacts, detectIn, type DetectFacts } from './init/detect.js';
import { describedAs, LazyDoc, leanOf, type LeanDoc } from './index/lazyDoc.js';
import { learnedKinds } from './init/learn.js';
import { isGitIgnoreFile, readGitIgnores } from './util/gitignore.js';
import { HistoryIndex, NO_HISTORY, type History } from './history.js';
import { folderOf, isMarkdownFile } from './model/fileNames.js';

/** Rules a workspace's `.opsdocs.json` cannot turn off or down (user settings can). */
const WORKSPACE_CANNOT_HIDE = new Set(['config/untrusted', 'internal/check-failed']);

const isPackageJson = (f: string) => f === 'package.json' || f.endsWith('/package.json');
/**
 * Files the index reads besides documents and the configuration: the names commands run
 * (package.json scripts, Makefile targets) and the owners of CODEOWNERS.
 */
const readsNames = (f: string) => isPackageJson(f) || isMakefile(f) || isCodeowners(f);

/** Options of {@link Engine}. */
export interface EngineOptions {
  workspace: Workspace;
  logger?: Logger;
  /** `YYYY-MM-DD` used by date checks; defaults to the local date. */
  today?: string;
  /** Rule levels that win over the config file (editor settings). */
  ruleOverrides?: Record<string, RuleLevel>;
  /**
   * Leave plain Markdown links (to relative paths and `#anchors`) to the editor's own link
   * validation: their missing files and anchors are not reported. Ids, inline-code paths,
   * front-matter paths, site-root links and `npm run` are checked as always.
   */
  deferPlainLinks?: boolean;
  /**
   * Reads the facts of a text while the whole workspace is indexed (of `total` Markdown files):
   * from an on-disk cache or in worker threads. Without it every text is parsed on this thread.
   */
  facts?: FactsSource;
  /**
   * Reads the facts of a document re-read after it changed (the language server parses in a
   * thread, so a big document being typed into never blocks requests). This thread when absent.
   */
  reread?: RereadSource;
  /**
   * False in a workspace the user has not trusted (VS Code's Restricted Mode): what in its config
   * becomes a regular expression (team schemas, `idPattern`s, complex globs) is not used, and the
   * other globs are matched a path segment at a time (a crafted pattern could keep it busy).
   */
  trusted?: boolean;
  /**
   * Reads the repository's history (server/src/node/git.ts) once per full index, for the checks
   * against code (`lifecycle/stale-against-code`). Without it those checks are off.
   */
  history?: () => Promise<History>;
  /**
   * A strong hash of a text (SHA-1 in the node layer: the parse cache's key). With it the engine
   * keeps a digest of every input of its findings ({@link Engine.inputsDigest}), so a snapshot of
   * the findings can be shown by a later start before its index is built. Without it there is no
   * digest.
   */
  hash?: (text: string) => string;
  /**
   * The hashes of documents as an earlier run read them ({@link Engine.readVersions}: the version
   * of each file then, and the hash of its text), asked for by each {@link Engine.indexAll} that
   * digests its inputs. For the digest, a document whose file is still at that version
   * ({@link Workspace.version}) is taken at that hash, not read; the index reads it all the same
   * when it is built.
   */
  knownHashes?: (pace: Pacer) => Promise<KnownHashes | undefined> | KnownHashes | undefined;
  /**
   * The text of a known hash and its facts, as an earlier run kept them (the node layer's parse
   * cache). With it, the index takes a document whose file is still at its known version
   * ({@link knownHashes}) from here instead of reading the file; one it does not give is read,
   * and so is one the workspace says must be ({@link Workspace.skipRead}: an editor's buffer, or
   * a run that writes to the files it read, `check --fix`).
   */
  known?: KnownSource;
}

/**
 * What an index keeps of its full check for a later one ({@link Engine.reusable}): that one takes
 * the check's findings for every file none of its changes reaches ({@link Engine.reuseFindings}).
 * Kept as a few flat lists (a snapshot of 10k documents reads it in tens of milliseconds).
 */
export interface Reusable {
  /** {@link Engine.contextDigest}: the inputs besides the files' texts and names. */
  context: string;
  /**
   * Per kind of the configuration in effect, in its order, the digest of what was learned of its
   * documents' numbers (how many have each section, field and file name), or '' when nothing
   * was. Only the findings of that kind's documents name them.
   */
  stats: string[];
  /** Every file the check knew of (listed, read or checked), sorted. */
  names: string[];
  /** Per name, {@link LISTED} and {@link CHECKED} bits. */
  flags: Uint8Array;
  /** Per name, the hash of its text as read, or '' (not read; the configuration's are in `context`). */
  hashes: string[];
  /** Per name, the document's id, or ''. */
  ids: string[];
  /** Each lookup the checks made (`file:…`, `dir:…`, `id:…`, `ids`, `files`). */
  keys: string[];
  /** Per key, where its files start in `members`; one more at the end (`members.length`). */
  starts: Uint32Array;
  /** The files (indices into `names`) whose checks made each lookup, key after key. */
  members: Uint32Array;
}

/** See {@link Reusable.flags}. */
export const LISTED = 1;
export const CHECKED = 2;

/** A document's hash at a version of its file (see {@link EngineOptions.knownHashes}). */
export interface KnownHash {
  version: string;
  hash: string;
  /**
   * What the run that read it kept of the document ({@link LeanDoc}), as JSON: with it and a
   * {@link EngineOptions.known} entry of its hash, a start holds the document unbuilt.
   */
  lean?: string;
}
/** {@link KnownHash}es by file. */
export type KnownHashes = ReadonlyMap<string, KnownHash>;

/**
 * See {@link EngineOptions.facts}. `hash` is the text's {@link EngineOptions.hash} when the engine
 * read it with one: a source keyed by that same function takes it instead of hashing the text
 * again (the node layer's parse cache is).
 */
export type FactsSource = (text: string, total: number, hash?: string) => Promise<DocFacts>;
/** See {@link EngineOptions.reread}. */
export type RereadSource = (text: string) => Promise<DocFacts>;
/**
 * A text and its facts an earlier run kept (see {@link EngineOptions.known}), each read when first
 * asked for; facts undefined when they cannot be read (the text is then parsed).
 */
export interface KnownEntry {
  text(): string;
  facts(): DocFacts | undefined;
}
/** See {@link EngineOptions.known}. */
export type KnownSource = (hash: string) => KnownEntry | undefined;

/**
 * Whether documents described with a kind of the first set of id patterns (`describe`) are
 * described the same with one of the second: the same patterns, and kinds alike in what
 * `describe` reads of them (name, id pattern, legacy formats, fields).
 */
function describedAlike(
  before: readonly string[],
  after: readonly string[],
): (a: KindConfig | undefined, b: KindConfig | undefined) => boolean {
  const seen = new Map<KindConfig, string>();
  const read = (k: KindConfig) => {
    let r = seen.get(k);
    if (r === undefined) seen.set(k, (r = JSON.stringify([k.name, k.idPattern, k.legacyFormats, k.fields])));
    return r;
  };
  const same = JSON.stringify(before) === JSON.stringify(after);
  return (a, b) => same && (a === b || (!!a && !!b && read(a) === read(b)));
}

/** The id a {@link Reusable} kept for its `i`th name, if any. */
const oldIdAt = (r: Reusable, i: number) => r.ids[i] || undefined;

/** Findings by their file, in the order given. */
export function findingsByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  return byFile;
}
const byName = ([a]: [string, unknown], [b]: [string, unknown]) => (a < b ? -1 : a > b ? 1 : 0);
const CHUNK = 50;
/** The size of the first chunk; each next one doubles up to {@link CHUNK}. */
const FIRST_CHUNK = 8;
/** Chunks read ahead of the one being added to the index (see {@link Engine.indexAll}). */
const CHUNKS_AHEAD = 2;

/** Called while indexing: files done and total. */
export type Progress = (done: number, total: number) => void;

/**
 * The OpsDocs engine: reads the config, indexes every Markdown document of a workspace once and
 * answers with findings. It has no editor or protocol code; the CLI and the language server are
 * thin layers over it.
 */
export class Engine {
  private readonly workspace: Workspace;
  private readonly logger: Logger;
  private today: string;
  private ruleOverrides: Record<string, RuleLevel>;
  private deferPlainLinks: boolean;
  private matcher!: KindMatcher;
  /** The kinds `.opsdocs.json` declares (their shape is never learned). */
  private configuredKinds: ReadonlySet<string> = new Set();
  private readonly store = new IndexStore();
  private readonly factsSource?: FactsSource;
  private readonly reread?: RereadSource;
  private readonly trusted: boolean;
  private readonly historySource?: () => Promise<History>;
  private history: History = NO_HISTORY;
  private historyIndex?: HistoryIndex;
  private readonly hash?: (text: string) => string;
  /** The hash of each text the index read (or why it could not be read), for {@link inputsDigest}. */
  private readonly readHashes = new Map<string, string>();
  /** The hash of each text read (by its read), handed to the facts source with the text. */
  private readonly hashOfRead = new WeakMap<ReadResult, string>();
  /** The version of each file whose text the index read, when the workspace told it. */
  private readonly versions = new Map<string, string>();
  private readonly knownHashes?: EngineOptions['knownHashes'];
  private readonly known?: KnownSource;
  /** The documents of this full index at their known version, not loaded yet (see {@link known}). */
  private readonly atKnownVersion = new Set<string>();
  /** How many documents this full index took at their known version. */
  private keptTaken = 0;
  /** How many of those it holds unbuilt ({@link LazyDoc}). */
  private lazyTaken = 0;
  /** The {@link DetectFacts} of each parsed document asked for (by template learning, or a save). */
  private readonly detected = new WeakMap<ParsedDoc, DetectFacts>();
  /** {@link describedAs} of each kind, digested, for the id patterns of {@link describedFor}. */
  private described = new Map<KindConfig | undefined, string>();
  private describedFor?: readonly string[];

  constructor(options: EngineOptions) {
    this.workspace = options.workspace;
    this.logger = options.logger ?? silentLogger;
    this.today = options.today ?? localToday();
    this.ruleOverrides = options.ruleOverrides ?? {};
    this.deferPlainLinks = options.deferPlainLinks ?? false;
    this.factsSource = options.facts;
    this.reread = options.reread;
    this.trusted = options.trusted ?? true;
    this.historySource = options.history;
    this.hash = options.hash;
    this.knownHashes = options.knownHashes;
    this.known = options.known;
    if (!isIsoDate(this.today))
      throw new Error(`"today" must be a date written YYYY-MM-DD, got "${this.today}"`);
  }

  /** The configuration in use. */
  getConfig(): Config {
    return this.store.config;
  }

  /** Problems with `.opsdocs.json` and the team's schemas. */
  getConfigFindings(): readonly Finding[] {
    return this.store.configFindings;
  }

  /** Indexed documents by file. */
  documents(): ReadonlyMap<string, DocInfo> {
    return this.store.docs;
  }

  /** Every file of the workspace (Markdown or not) as last listed or updated. */
  files(): ReadonlySet<string> {
    return this.store.files;
  }

  /** Read access to the whole index (for editor features); `cancelled` stops long lookups. */
  view(cancelled?: () => boolean): IndexView {
    return new IndexView(this.store, new Set(), cancelled);
  }

  /** The repository's history as last read (`none`, with the reason, when there is none). */
  getHistory(): History {
    return this.history;
  }

  /**
   * The files a change under review touches (`check --changed-since`), workspace-relative: the
   * documents citing them get a `lifecycle/cites-changed` notice. Ignored without history.
   */
  setChangedFiles(files: Iterable<string>): void {
    if (this.history.kind !== 'git') return;
    this.setHistory({ ...this.history, changed: new Set(files) });
  }

  private setHistory(history: History): void {
    this.history = history;
    this.historyIndex = history.kind === 'git' ? new HistoryIndex(history) : undefined;
    this.store.dropFindings();
  }

  /** The date the date checks use (`YYYY-MM-DD`). */
  getToday(): string {
    return this.today;
  }

  setToday(today: string): void {
    if (!isIsoDate(today)) throw new Error(`"today" must be a date written YYYY-MM-DD, got "${today}"`);
    if (today !== this.today) this.store.dropFindings();
    this.today = today;
  }

  setRuleOverrides(rules: Record<string, RuleLevel>): void {
    this.ruleOverrides = { ...rules };
    this.store.dropFindings();
  }

  /** See {@link EngineOptions.deferPlainLinks}. */
  setDeferPlainLinks(defer: boolean): void {
    if (defer !== this.deferPlainLinks) this.store.dropFindings();
    this.deferPlainLinks = defer;
  }

  /** True when the file takes part in checks (Markdown, not excluded, not a test fixture). */
  isChecked(file: string): boolean {
    const m = this.matcher;
    return isMarkdownFile(file) && !m.isExcluded(file) && !m.isFixture(file) && !m.isGitIgnored(file);
  }

  /** True when the index reads the names `file` defines (scripts, targets, owners). */
  private readsNamesOf(file: string): boolean {
    return readsNames(file) && !this.matcher.isGitIgnored(file);
  }

  /**
   * True when the workspace's listing need not walk `folder`: the configuration excludes it whole
   * (see {@link KindMatcher.isExcludedFolder}: `.venv`, `dist`, a `build/**` of its own), so none
   * of its files is ever read or known (as when they were listed and left out), and it holds no
   * schema the configuration names (whose changes a listing notices). False before the
   * configuration is read.
   */
  readonly skipsFolder = (folder: string): boolean =>
    !!(this.matcher as KindMatcher | undefined)?.isExcludedFolder(folder) &&
    !this.schemaFiles().some((f) => isWithin(f, folder));

  /**
   * The team's schema files the configuration names, as paths (`./out/x.json` is `out/x.json`):
   * worked out once a configuration (asked about every file listed).
   */
  private schemaFiles(): readonly string[] {
    const config = this.store.config as Config | undefined;
    if (!config) return [];
    if (this.schemas?.config !== config)
      this.schemas = {
        config,
        files: config.kinds.flatMap((k) => (k.schema ? [posix.normalize(k.schema)] : [])),
      };
    return this.schemas.files;
  }
  private schemas: { config: Config; files: string[] } | undefined;

  /**
   * True when `path` is in a folder the listing does not walk, or is one ({@link skipsFolder}:
   * `dist/app.js` when the default `exclude` leaves out `dist` and all it holds), so a change there
   * cannot change a finding; false for `docs/a` under `docs/*`, since `docs/a/b.md` is not
   * excluded. False before the configuration is read.
   */
  isExcludedTree(path: string): boolean {
    if (this.isConfigFile(path)) return false;
    for (let f = path; f; f = folderOf(f)) if (this.skipsFolder(f)) return true;
    return false;
  }

  /**
   * True when the index reads `file`'s text: a checked document, the configuration or a schema it
   * names, a package.json (its scripts), a Makefile (its targets), a CODEOWNERS file (its owners).
   * For any other file only whether it exists matters.
   */
  readsText(file: string): boolean {
    return this.isChecked(file) || this.isConfigFile(file) || this.readsNamesOf(file);
  }

  /**
   * True when a change to `file` changes the configuration. Before the first index has read the
   * configuration (an editor may open a document at once), only `.opsdocs.json` is known to be.
   */
  isConfigFile(file: string): boolean {
    const config = this.store.config as Config | undefined;
    if (file === CONFIG_FILE || this.schemaFiles().includes(file)) return true;
    return !!config?.gitignore && isGitIgnoreFile(file) && !this.matcher.isExcluded(file);
  }

  /**
   * Reads the `.gitignore` files among `listed` (not those the configuration excludes) and takes
   * their rules, unless the configuration turns them off. Their texts are inputs like the
   * configuration's ({@link contextDigest}); what was left out of them is a finding.
   */
  private async readGitIgnores(listed: readonly string[]): Promise<void> {
    if (!this.store.config.gitignore) return;
    // Git reads a .gitignore the configuration excludes, when files it governs are not (`docs/*`
    // excludes docs/.gitignore, not docs/x/gen/a.md): only those in a folder excluded whole are not.
    const rules = await readGitIgnores(
      listed,
      (f) => this.read(f),
      this.trusted,
      (f) => f.includes('/') && this.isExcludedTree(folderOf(f)),
      (message) => this.logger.log(message),
    );
    if (!rules) return;
    this.store.addConfigFindings(rules.findings);
    this.store.gitIgnores = rules;
    this.matcher = new KindMatcher(this.store.config, this.trusted, rules);
  }

  /**
   * Reads the config and schemas, lists the workspace and parses every document. With
   * `onInputsRead` (and a {@link EngineOptions.hash}), every text is read and hashed first and it
   * is called with {@link inputsDigest} before any document is parsed. When it answers true (the
   * caller has the findings of exactly these inputs), no document is parsed: the index then holds
   * the configuration and the files, not their documents, and this returns false.
   */
  async indexAll(
    progress?: Progress,
    onInputsRead?: (digest: string) => Promise<boolean | void>,
  ): Promise<boolean> {
    this.readHashes.clear();
    this.versions.clear();
    this.atKnownVersion.clear();
    this.keptTaken = 0;
    this.lazyTaken = 0;
    await this.loadConfig();
    if (this.historySource) this.setHistory(await this.historySource());
    const listed = await this.workspace.listFiles(undefined, this.skipsFolder);
    this.store.setAliases(this.workspace.aliases?.() ?? new Map());
    // Long loops over every file rest now and then: the server answers requests meanwhile.
    const pace = Pacer.letsEventsIn();
    await this.readGitIgnores(listed);
    for (const f of listed) {
      if (!this.matcher.isExcluded(f)) this.store.addFile(f);
      if (pace.due()) await pace.rest();
    }
    // A folder that cannot be listed may hold documents: unchecked, said as for an unreadable file
    // (unless a document in it would be excluded).
    for (const [folder, why] of this.workspace.unlisted?.() ?? []) {
      if (this.matcher.isExcluded(`${folder === '.' ? '' : `${folder}/`}README.md`)) continue;
      this.store.addFile(folder);
      this.store.set(folder, { unreadable: `its files cannot be listed: ${why}` });
    }
    const files = [...this.store.files];
    const md: string[] = [];
    for (const f of files) {
      if (this.readsNamesOf(f)) this.store.set(f, this.entryOf(f, await this.read(f)));
      if (this.isChecked(f)) md.push(f);
      if (pace.due()) await pace.rest();
    }
    md.sort();
    this.logger.log(`Indexing ${md.length} Markdown files (${files.length} files in all).`);
    // Texts read ahead of their parse (to digest the inputs first), each handed to it once.
    const read = new Map<string, ReadResult>();
    // What the last run kept of the documents at their known version (held unbuilt, see LazyDoc).
    const leans = new Map<string, string>();
    if (onInputsRead && this.hash) {
      // A document known at its file's version is taken at its hash; the others are read.
      const knownHashes = await this.knownHashes?.(pace);
      const unread: string[] = [];
      for (const f of md) {
        const known = knownHashes?.get(f);
        if (known === undefined || this.workspace.version?.(f) !== known.version) unread.push(f);
        else {
          this.readHashes.set(f, known.hash);
          this.versions.set(f, known.version);
          this.atKnownVersion.add(f);
          if (known.lean !== undefined) leans.set(f, known.lean);
        }
        if (pace.due()) await pace.rest();
      }
      if (knownHashes)
        this.logger.log(
          `${md.length - unread.length} of ${md.length} Markdown files unchanged since the last check: not read to digest the inputs.`,
        );
      for (let i = 0; i < unread.length; i += CHUNK) {
        await Promise.all(unread.slice(i, i + CHUNK).map(async (f) => read.set(f, await this.read(f))));
        if (pace.due(CHUNK)) await pace.rest();
      }
      await pace.rest();
      const digest = this.inputsDigest()!; // a sort and a hash of every file: its own slice
      await pace.rest();
      if (await onInputsRead(digest)) return false;
    }
    const take = (f: string) => {
      const res = read.get(f);
      read.delete(f);
      return res;
    };
    // A chunk of files is read (and parsed, by the facts source) at once, then added in order.
    // The next chunks are read meanwhile, so a parser thread always has texts waiting while this
    // thread adds what it parsed.
    const source = this.factsSource;
    const facts = source ? (text: string, hash?: string) => source(text, md.length, hash) : undefined;
    // A document at its known version that the last run kept lean is held unbuilt; the others load.
    const toLoad: string[] = [];
    for (const f of md) {
      const lazy = leans.has(f) ? this.lazyAtVersion(f, leans.get(f)!) : undefined;
      if (lazy) this.store.set(f, { doc: lazy });
      else toLoad.push(f);
      if (pace.due()) await pace.rest();
    }
    let done = md.length - toLoad.length;
    if (done) progress?.(done, md.length);
    // The loads of the chunks read ahead run without a rest: the first chunks are small, while the
    // code is not optimized yet (100 documents from the parse cache held requests ~60 ms).
    const chunks: string[][] = [];
    for (let i = 0, size = FIRST_CHUNK; i < toLoad.length; i += size, size = Math.min(2 * size, CHUNK))
      chunks.push(toLoad.slice(i, i + size));
    const loadChunk = (c: number) => Promise.all(chunks[c].map((f) => this.load(f, facts, take(f))));
    const ahead: Promise<Loaded[]>[] = [];
    let next = 0;
    for (; next < chunks.length && ahead.length < CHUNKS_AHEAD; next++) ahead.push(loadChunk(next));
    for (const chunk of chunks) {
      const loaded = await ahead.shift()!;
      if (next < chunks.length) ahead.push(loadChunk(next++));
      for (let j = 0; j < chunk.length; j++) {
        this.apply(chunk[j], loaded[j]);
        if (pace.due()) await pace.rest();
      }
      progress?.((done += chunk.length), md.length);
      await pace.rest(); // let requests in between chunks
    }
    if (md.length === 0) progress?.(0, 0);
    if (this.keptTaken)
      this.logger.log(
        `${this.keptTaken} of ${md.length} Markdown files taken at their known version from the parse cache, not read${
          this.lazyTaken ? `; ${this.lazyTaken} of them not built until asked for` : ''
        }.`,
      );
    await this.learnConventions(pace);
    await this.settleLazy(pace);
    // The schemas documents are checked against are compiled now, one at a time with a rest after
    // each (ajv generates code, ~35 ms a schema), not within one slice of the first check.
    const view = this.view();
    const schemas = new Set<CompiledSchema>();
    for (const doc of this.store.docs.values()) {
      const schema = view.schemaOf(doc);
      if (schema) schemas.add(schema);
    }
    for (const schema of schemas) {
      try {
        void schema.validate;
      } catch {
        // The check that uses it fails the same way, and says so (internal/check-failed).
      }
      await pace.rest();
    }
    // Requests answered between chunks may have checked files against a half-built index.
    this.store.dropFindings();
    return true;
  }

  /**
   * Re-reads one file after it changed, was created or was deleted (on disk or in a buffer), or
   * every file under a folder (see {@link updateFolder}). Returns the files whose findings may have
   * changed: the file itself and the files whose findings looked it up (links to it, its id, its
   * folder, its package.json).
   */
  async update(file: string): Promise<string[]> {
    if (this.isConfigFile(file)) {
      const before = this.store.checkedFiles();
      await this.indexAll();
      return [...new Set([...before, ...this.store.checkedFiles()])];
    }
    // An excluded path may still be a folder holding files that are not (`docs/*` excludes `docs/a`,
    // not `docs/a/b.md`).
    if (this.matcher.isExcluded(file)) return this.updateFolder(file);
    const res = await this.load(file, this.isChecked(file) ? this.reread : undefined);
    if ('error' in res && res.missing) return this.updateFolder(file);
    return this.store.update(file, this.entryOf(file, res));
  }

  /**
   * Makes the index hold what is now under a path that is not a file. An editor reports a folder
   * created, renamed or deleted as one event for the folder and none for its files
   * (microsoft/vscode#86213): its files are listed as the whole workspace is, each is read, and
   * the indexed files under it that are gone are forgotten (a deleted file is just forgotten).
   */
  private async updateFolder(dir: string): Promise<string[]> {
    const listed = (await this.workspace.listFiles(dir, this.skipsFolder)).filter(
      (f) => !this.matcher.isExcluded(f),
    );
    const config = listed.find((f) => this.isConfigFile(f));
    if (config) return this.update(config); // a team schema moved in: everything is read again
    const kept = new Set(listed);
    const under = this.store.dirs.has(dir)
      ? [...this.store.files].filter((f) => f.startsWith(`${dir}/`))
      : [];
    const changed = [dir, ...under].filter((f) => !kept.has(f)).flatMap((f) => this.remove(f));
    for (const f of listed) changed.push(...(await this.update(f)));
    return [...new Set(changed)];
  }

  /** Forgets a deleted file. Returns the files whose findings may have changed. */
  remove(file: string): string[] {
    return this.store.remove(file);
  }

  /**
   * The files whose findings a change to `changed` (created, edited or deleted files) can alter:
   * those files and every file whose findings looked them up; every checked file when the
   * configuration or a schema it names is among them. Computes all findings first.
   */
  affectedBy(changed: string[], createdOrDeleted: ReadonlySet<string> = new Set(changed)): Set<string> {
    this.allFindings();
    const affected = this.store.affectedBy(changed, createdOrDeleted);
    if (changed.some((f) => this.isConfigFile(f))) for (const f of this.checkedFiles()) affected.add(f);
    return affected;
  }

  /** The findings of one file, after rule levels and disable comments. */
  findings(file: string): Finding[] {
    const cached = this.store.cachedFindings(file);
    if (cached) return cached;
    const doc = this.store.docs.get(file);
    const reason = this.store.unreadableReason(file);
    const view = new IndexView(this.store);
    const out = this.store.configFindings.filter((f) => f.file === file);
    if (reason !== undefined) out.push(unreadableFinding(file, reason));
    else if (doc) out.push(...this.runChecks(doc, view));
    const result = this.applyLevels(out, doc?.parsed.directives ?? []);
    this.store.setFindings(file, result, view.keys);
    return result;
  }

  /**
   * The documents that may cite `file` (by path, id, heading or script): those whose checks
   * looked it up, and the file itself. A superset: callers resolve each reference again. Checks
   * every document not checked yet first, since the checks record the lookups.
   */
  citing(file: string): DocInfo[] {
    for (const f of this.unchecked()) this.findings(f);
    return this.citers(file);
  }

  /**
   * {@link citing} for many files at once (a moved folder's): checks every document not checked
   * yet once, then gathers what cites each file, pausing through `view` every few milliseconds so
   * a cancelled request stops in the middle.
   */
  async citingAll(files: Iterable<string>, view: IndexView): Promise<Set<DocInfo>> {
    const pace = new Pacer(() => view.pause());
    for (const f of this.unchecked()) {
      if (this.store.docs.has(f)) this.findings(f); // an edit during a pause may have removed it
      if (pace.due()) await pace.rest();
    }
    const out = new Set<DocInfo>();
    for (const file of files) {
      for (const doc of this.citers(file)) out.add(doc);
      if (pace.due()) await pace.rest();
    }
    return out;
  }

  /** The documents whose findings are not computed yet (computing them records their lookups). */
  private unchecked(): string[] {
    return [...this.store.docs.keys()].filter((f) => !this.store.cachedFindings(f));
  }

  /** The documents whose computed findings looked up `file`, and the file itself. */
  private citers(file: string): DocInfo[] {
    return [...this.store.citersOf(file)].flatMap((f) => this.store.docs.get(f) ?? []);
  }

  /** Every file that can have findings (documents, unreadable files, config files), sorted. */
  checkedFiles(): string[] {
    return this.store.checkedFiles();
  }

  /**
   * A digest of everything the findings depend on: the texts the index read (documents, the config
   * and its schemas, package.json, Makefiles, CODEOWNERS files), the name of every listed file and
   * symbolic link, the repository's history, the date and the settings. Equal digests, equal
   * findings (of the same OpsDocs build). Undefined without a {@link EngineOptions.hash}.
   */
  inputsDigest(): string | undefined {
    const hash = this.hash;
    if (!hash) return undefined;
    const parts = [
      ...this.settingsDigested(hash),
      // Names as JSON: a name may hold a line break (two files never read as one named `a\nb`).
      `files ${hash(JSON.stringify([...this.store.files].sort()))}`,
      ...[...this.readHashes].sort(byName).map((entry) => JSON.stringify(entry)),
    ];
    return hash(parts.join('\n'));
  }

  /**
   * A digest of what the findings depend on besides the files' texts and names: the settings, the
   * date, the history, the aliases, the texts of the configuration and its schemas, and the
   * configuration in effect (with the kinds learned from the documents, so after an index).
   */
  contextDigest(): string | undefined {
    const hash = this.hash;
    if (!hash) return undefined;
    // What was counted of a learned kind's documents is left out: a document created or deleted
    // there changes the counts, which only the messages of that kind's documents name
    // (`Reusable.stats`); the template itself is in.
    const config = this.store.config;
    const kinds = config.kinds.map((k) => ({ ...k, learned: undefined, learnedFileName: undefined }));
    const parts = [
      ...this.settingsDigested(hash),
      `config ${hash(JSON.stringify({ ...config, kinds }))}`,
      ...[...this.readHashes]
        .filter(([f]) => this.isConfigFile(f))
        .sort(byName)
        .map((entry) => JSON.stringify(entry)),
    ];
    return hash(parts.join('\n'));
  }

  /** The inputs of every finding besides the files (see {@link inputsDigest}), each digested. */
  private settingsDigested(hash: (text: string) => string): string[] {
    const plain = (_: string, v: unknown) => (v instanceof Map || v instanceof Set ? [...v] : v);
    return [
      `today ${this.today}`,
      `rules ${JSON.stringify(Object.entries(this.ruleOverrides).sort(byName))}`,
      `defer ${this.deferPlainLinks} trusted ${this.trusted}`,
      `history ${hash(JSON.stringify(this.history, plain))}`,
      `aliases ${hash(JSON.stringify([...(this.workspace.aliases?.() ?? [])].sort(byName)))}`,
    ];
  }

  /**
   * What a later index needs to take this index's findings for the files a change does not reach
   * (see {@link reuseFindings}); computes every finding first. Undefined without a
   * {@link EngineOptions.hash}. Its loops rest when `pace` says.
   */
  async reusable(pace = Pacer.never): Promise<Reusable | undefined> {
    const context = this.contextDigest();
    if (context === undefined) return undefined;
    const checked = this.checkedFiles();
    for (const f of checked) {
      this.findings(f);
      if (pace.due()) await pace.rest();
    }
    const texts = this.textHashes();
    const names = [...new Set([...this.store.files, ...texts.keys(), ...checked])].sort();
    const at = new Map(names.map((f, i) => [f, i]));
    const flags = new Uint8Array(names.length);
    const hashes: string[] = [];
    const ids: string[] = [];
    for (const [i, f] of names.entries()) {
      flags[i] = (this.store.files.has(f) ? LISTED : 0) | (this.store.cachedFindings(f) ? CHECKED : 0);
      hashes.push(texts.get(f) ?? '');
      ids.push(this.store.docs.get(f)?.id ?? '');
      if (pace.due()) await pace.rest();
    }
    const keys: string[] = [];
    const starts: number[] = [];
    const members: number[] = [];
    for (const [key, files] of this.store.lookups()) {
      const first = members.length;
      for (const f of files) if (flags[at.get(f) ?? -1] & CHECKED) members.push(at.get(f)!);
      if (members.length > first) {
        keys.push(key);
        starts.push(first);
      }
      if (pace.due()) await pace.rest();
    }
    starts.push(members.length);
    const [startsOf, membersOf] = [Uint32Array.from(starts), Uint32Array.from(members)];
    const stats = this.statsDigests();
    return { context, stats, names, flags, hashes, ids, keys, starts: startsOf, members: membersOf };
  }

  /**
   * After {@link indexAll}: takes the findings of an earlier check (`findings`, with what
   * {@link reusable} kept of it) for every file whose findings no change since can alter — the
   * lookups each file's checks made tell which, as for an edit ({@link update}) — and returns for
   * how many files it took them. Takes none when anything besides the files' texts and names
   * changed ({@link contextDigest}: settings, date, history, configuration, learned templates),
   * and none for the documents of a kind whose learned counts changed ({@link Reusable.stats}).
   * Its loops rest when `pace` says; requests may be answered at a rest, but the index must not
   * change there (the language server runs it in the folder's job, before any queued edit).
   */
  async reuseFindings(last: Reusable, findings: readonly Finding[], pace = Pacer.never): Promise<number> {
    if (last.context !== this.contextDigest()) return 0;
    const stats = this.statsDigests();
    if (stats.length !== last.stats.length) return 0;
    const kinds = this.store.config.kinds;
    const recounted = new Set(kinds.filter((_, i) => stats[i] !== last.stats[i]).map((k) => k.name));
    if (pace.due(16)) await pace.rest();
    const { names, flags, hashes, keys, starts, members } = last;
    const keysOf: (Set<string> | undefined)[] = [];
    for (let k = 0; k < keys.length; k++) {
      for (let j = starts[k]; j < starts[k + 1]; j++) (keysOf[members[j]] ??= new Set()).add(keys[k]);
      if (pace.due()) await pace.rest();
    }
    const byFile = findingsByFile(findings);
    if (pace.due(16)) await pace.rest();
    // What changed since: a text (or why a file could not be read), a file created or deleted.
    const now = this.textHashes();
    if (pace.due(16)) await pace.rest();
    const before = new Set(names);
    const listedNow = this.store.files;
    const changed: [file: string, createdOrDeleted: boolean, oldId: string | undefined][] = [];
    for (let i = 0; i < names.length; i++) {
      const file = names[i];
      const listed = (flags[i] & LISTED) !== 0;
      if (listed !== listedNow.has(file)) changed.push([file, true, oldIdAt(last, i)]);
      else if ((now.get(file) ?? '') !== hashes[i]) changed.push([file, false, oldIdAt(last, i)]);
      if (pace.due()) await pace.rest();
    }
    for (const f of listedNow) {
      if (!before.has(f)) changed.push([f, true, undefined]);
      if (pace.due()) await pace.rest();
    }
    for (const [f] of now) {
      if (!before.has(f) && !listedNow.has(f)) changed.push([f, false, undefined]);
      if (pace.due()) await pace.rest();
    }
    // Where a change reaches: the changed files, and every file whose last check made a lookup
    // the change alters (as an edit drops them: IndexStore.invalidate).
    const keyAt = new Map<string, number>();
    for (let k = 0; k < keys.length; k++) {
      keyAt.set(keys[k], k);
      if (pace.due()) await pace.rest();
    }
    const reached = new Set<string>();
    for (const [file, createdOrDeleted, oldId] of changed) {
      reached.add(file);
      for (const key of this.store.keysReached(file, createdOrDeleted, oldId)) {
        const k = keyAt.get(key);
        if (k !== undefined) for (let j = starts[k]; j < starts[k + 1]; j++) reached.add(names[members[j]]);
      }
      if (pace.due()) await pace.rest();
    }
    // Only findings no change reaches are taken, so a request answered at a rest in between sees
    // current findings only (the others it checks, as any file not checked yet).
    const checkedNow = new Set(this.checkedFiles());
    if (pace.due(16)) await pace.rest();
    let reused = 0;
    for (let i = 0; i < names.length; i++) {
      const file = names[i];
      const kind = this.store.docs.get(file)?.kind;
      if (!(flags[i] & CHECKED) || !checkedNow.has(file) || reached.has(file)) continue;
      if ((kind && recounted.has(kind.name)) || this.store.cachedFindings(file)) continue;
      this.store.setFindings(file, byFile.get(file) ?? [], keysOf[i] ?? new Set());
      reused++;
      if (pace.due()) await pace.rest();
    }
    return reused;
  }

  /** {@link Reusable.stats} of the configuration in effect. */
  private statsDigests(): string[] {
    const hash = this.hash!;
    return this.store.config.kinds.map((k) =>
      k.learned || k.learnedFileName ? hash(JSON.stringify([k.learned, k.learnedFileName])) : '',
    );
  }

  /** The hash of each text the index read but the configuration's (those are in {@link contextDigest}). */
  private textHashes(): Map<string, string> {
    return new Map([...this.readHashes].filter(([f]) => !this.isConfigFile(f)));
  }

  /**
   * The version and hash of each document as the index last read it (see
   * {@link EngineOptions.knownHashes}), for the files whose workspace told their version.
   */
  async readVersions(pace = Pacer.never): Promise<Map<string, KnownHash>> {
    const out = new Map<string, KnownHash>();
    for (const [file, version] of this.versions) {
      const hash = this.readHashes.get(file);
      const doc = this.store.docs.get(file);
      if (hash === undefined || !doc) continue;
      const lean: LeanDoc = {
        describedAs: this.describedDigest(doc.kind),
        ...(doc.id !== undefined ? { id: doc.id } : {}),
        profile: doc.profile,
        detect: this.detectOf(doc),
      };
      out.set(file, { version, hash, lean: JSON.stringify(lean) });
      if (pace.due()) await pace.rest();
    }
    return out;
  }

  /**
   * The text and facts {@link EngineOptions.known} keeps of a document of this full index still
   * at its known version, taken once; undefined to read the file.
   */
  private keptAtVersion(file: string): { read: ReadResult; facts: DocFacts } | undefined {
    if (!this.atKnownVersion.delete(file) || !this.known) return undefined;
    const hash = this.readHashes.get(file)!;
    if (this.workspace.skipRead?.(file) === false) return undefined;
    const kept = this.known(hash);
    const facts = kept?.facts();
    if (!kept || !facts) return undefined;
    const read = { text: kept.text(), version: this.versions.get(file) };
    this.hashOfRead.set(read, hash);
    this.keptTaken++;
    return { read, facts };
  }

  /**
   * A document of this full index at its known version as a {@link LazyDoc}, when the last run
   * kept it lean (`lean`, JSON) and {@link EngineOptions.known} keeps its text; undefined to load it.
   * Its kind is settled after the templates are learned ({@link settleLazy}).
   */
  private lazyAtVersion(file: string, json: string): LazyDoc | undefined {
    if (!this.known || !this.atKnownVersion.has(file) || this.workspace.skipRead?.(file) === false)
      return undefined;
    const lean = leanOf(json);
    const entry = lean && this.known(this.readHashes.get(file)!);
    if (!lean || !entry) return undefined;
    this.atKnownVersion.delete(file);
    this.keptTaken++;
    this.lazyTaken++;
    return new LazyDoc(file, this.matcher.kindOf(file), lean, (kind) => {
      const text = entry.text();
      return describe(parseMarkdown(file, text, entry.facts()), kind, this.matcher.idPatterns);
    });
  }

  /**
   * After the templates are learned: each document held unbuilt whose kind (or the id patterns) no
   * longer describes it as the last run's did is built now, with its kind.
   */
  private async settleLazy(pace: Pacer): Promise<void> {
    if (!this.lazyTaken) return;
    for (const doc of [...this.store.docs.values()]) {
      if (doc instanceof LazyDoc && doc.lean.describedAs !== this.describedDigest(doc.kind)) {
        try {
          this.store.set(doc.file, { doc: doc.withKind(doc.kind).whole() });
        } catch (err) {
          this.logger.log(`${doc.file}: parser failed: ${(err as Error).stack ?? String(err)}`);
          this.store.set(doc.file, { unreadable: `the parser failed (${(err as Error).message})` });
        }
      }
      if (pace.due()) await pace.rest();
    }
  }

  /** {@link describedAs} of `kind` with the id patterns in effect, digested when the engine hashes. */
  private describedDigest(kind: KindConfig | undefined): string {
    const patterns = this.matcher.idPatterns;
    if (this.describedFor !== patterns) {
      this.described = new Map<KindConfig | undefined, string>();
      this.describedFor = patterns;
    }
    let d = this.described.get(kind);
    if (d === undefined) {
      const plain = describedAs(kind, patterns);
      this.described.set(kind, (d = this.hash ? this.hash(plain) : plain));
    }
    return d;
  }

  /** The {@link DetectFacts} of a document (kept by a lazy one, made once of a built one). */
  private detectOf(doc: DocInfo): DetectFacts {
    if (doc instanceof LazyDoc) return doc.lean.detect;
    let d = this.detected.get(doc.parsed);
    if (!d) this.detected.set(doc.parsed, (d = detectFacts(doc.parsed)));
    return d;
  }

  /**
   * Builds every document held unbuilt, resting when `pace` says (the language server runs it
   * after its first diagnostics, so no later request builds thousands at once). Returns how many.
   */
  async buildLazy(pace: Pacer): Promise<number> {
    let n = 0;
    for (const doc of [...this.store.docs.values()]) {
      if (doc instanceof LazyDoc && !doc.built && this.store.docs.get(doc.file) === doc) {
        try {
          doc.whole();
          n++;
        } catch (err) {
          // A check that reads it then fails the same way, and says so (internal/check-failed).
          this.logger.log(`${doc.file}: cannot be built: ${(err as Error).stack ?? String(err)}`);
        }
      }
      if (pace.due()) await pace.rest();
    }
    return n;
  }

  /** Reads a file of the workspace, noting its hash (and version) for {@link inputsDigest}. */
  private async read(file: string): Promise<ReadResult> {
    const res = await this.workspace.read(file);
    if (!this.hash) return res;
    if ('text' in res && res.version !== undefined) this.versions.set(file, res.version);
    else this.versions.delete(file);
    if ('text' in res) {
      const hash = this.hash(res.text);
      this.readHashes.set(file, hash);
      this.hashOfRead.set(res, hash);
    } else if (notFound(res)) this.readHashes.delete(file);
    else this.readHashes.set(file, `unreadable: ${res.error}`);
    return res;
  }

  /** Every finding of the workspace, sorted by file and position. */
  allFindings(): Finding[] {
    return this.checkedFiles().flatMap((f) => this.findings(f));
  }

  private async loadConfig(): Promise<void> {
    const res = await this.read(CONFIG_FILE);
    const loaded = parseConfig('text' in res ? res.text : undefined, this.trusted);
    if ('error' in res && !notFound(res)) {
      const message = `${CONFIG_FILE} cannot be read (${res.error}); using the built-in defaults.`;
      loaded.findings.push({
        file: CONFIG_FILE,
        range: loaded.locate([]),
        severity: 'error',
        rule: 'config/invalid',
        message,
      });
    }
    // A rule id with a typo would silently keep the rule at its default level.
    const known = new Set([...RULES.keys(), ...[...RULES.keys()].map((r) => r.split('/')[0])]);
    for (const id of Object.keys(loaded.config.rules)) {
      if (known.has(id)) continue;
      const guess = nearest(id, known, 1)[0];
      const hint = guess ? ` (did you mean ${guess}?)` : '';
      const message = `${CONFIG_FILE}: rules.${id} is not a rule id or category${hint}; it has no effect.`;
      loaded.findings.push({
        file: CONFIG_FILE,
        range: loaded.locate(['rules', id], true),
        severity: 'error',
        rule: 'config/invalid',
        message,
      });
    }
    // A status list that cannot apply, or meanings it does not allow, would pass unsaid.
    for (const k of loaded.config.kinds)
      for (const { key, message } of statusesProblems(k))
        loaded.findings.push({
          file: CONFIG_FILE,
          range: loaded.locate(['kinds', k.name, key], true),
          severity: 'error',
          rule: 'config/invalid',
          message: `${CONFIG_FILE}: ${message}`,
        });
    const config = loaded.config;
    this.configuredKinds = loaded.configuredKinds;
    this.matcher = new KindMatcher(config, this.trusted);
    const schemas = await loadSchemas(config, (f) => this.read(f), loaded.locate, this.trusted);
    const findings = [...loaded.findings, ...schemas.findings];
    for (const f of findings) this.logger.log(`${f.file}: ${f.message}`);
    this.store.reset(config, schemas, findings);
  }

  /**
   * Zero config: the kinds no config declares take the shape their documents share when these
   * follow a template of their own (`opsdocs init`'s detection, over the parsed index), and every
   * document is described again with its kind. Learned at each full index (not on each edit).
   */
  private async learnConventions(pace: Pacer): Promise<void> {
    const config = this.store.config;
    if (!config.learnConventions) return;
    const detection = await detectIn(
      this.store.files,
      (f) => {
        const doc = this.store.docs.get(f);
        return Promise.resolve(doc && this.detectOf(doc));
      },
      pace,
    );
    const kinds = learnedKinds(config, this.configuredKinds, detection);
    if (!kinds) return;
    for (const k of kinds) {
      if (k.learned)
        this.logger.log(
          `Learned the ${k.name} template of ${k.learned.docs} documents in ${k.learned.where}.`,
        );
      if (k.learnedStatuses)
        this.logger.log(`Learned the ${k.name} statuses of its documents: ${k.learnedStatuses.join(', ')}.`);
    }
    const learned = { ...config, kinds };
    const before = this.matcher;
    this.matcher = new KindMatcher(learned, this.trusted, this.store.gitIgnores);
    this.store.setConfig(learned, withFrontMatterSchemas(this.store.schemas, kinds));
    // A document whose kind describes it as before (a template learned, not another id or fields)
    // only takes the learned kind (none when its kind is not one learned); the others are
    // described again.
    const alike = describedAlike(before.idPatterns, this.matcher.idPatterns);
    for (const doc of [...this.store.docs.values()]) {
      const kind = this.matcher.kindOf(doc.file);
      // One held unbuilt takes its kind; settleLazy builds it if that describes it otherwise.
      if (doc instanceof LazyDoc) {
        if (kind !== doc.kind || doc.built) this.store.set(doc.file, { doc: doc.withKind(kind) });
      } else if (!alike(doc.kind, kind))
        this.store.set(doc.file, { doc: describe(doc.parsed, kind, this.matcher.idPatterns) });
      else if (kind !== doc.kind) this.store.set(doc.file, { doc: { ...doc, kind } });
      if (pace.due()) await pace.rest();
    }
  }

  /**
   * Reads a file (unless given what was read) and its facts, and builds the document of a checked
   * file from them, without touching the index.
   */
  private async load(
    file: string,
    facts?: (text: string, hash?: string) => Promise<DocFacts>,
    read?: ReadResult,
  ): Promise<Loaded> {
    const kept = read ? undefined : this.keptAtVersion(file);
    const res = read ?? kept?.read ?? (await this.read(file));
    if ('error' in res) return res;
    try {
      const found = kept?.facts ?? (facts ? await facts(res.text, this.hashOfRead.get(res)) : undefined);
      // The document is built as soon as its facts arrive, so they are garbage at once, not after
      // the chunks in flight (which filled a big workspace's old space with them).
      if (found && this.isChecked(file))
        return { text: res.text, parsed: parseMarkdown(file, res.text, found) };
      return { text: res.text, facts: found };
    } catch (err) {
      return { error: `the parser failed (${(err as Error).message})`, stack: (err as Error).stack };
    }
  }

  /** Puts a file loaded while indexing into the index (one that vanished meanwhile is forgotten). */
  private apply(file: string, res: Loaded): void {
    if ('error' in res && res.missing) {
      this.store.drop(file);
      this.logger.log(`${file} vanished while indexing; skipped.`);
      return;
    }
    this.store.set(file, this.entryOf(file, res));
  }

  /** What a file holds for the index, from its text (and facts) or why it could not be read. */
  private entryOf(file: string, res: Loaded): FileEntry {
    if (this.matcher.isGitIgnored(file)) return { listed: true };
    if (isPackageJson(file)) return { package: 'text' in res ? parsePackage(file, res.text) : null };
    // An unreadable Makefile names no targets we know: as if it had none (no finding either way).
    // An unreadable CODEOWNERS stays listed only: owners are then not checked (view.codeownersFiles).
    if (isCodeowners(file))
      return 'text' in res ? { codeowners: parseCodeowners(file, res.text) } : { listed: true };
    if (isMakefile(file))
      return {
        makefile:
          'text' in res ? parseMakefile(file, res.text) : { file, targets: new Map(), complete: false },
      };
    if (!this.isChecked(file)) return { listed: true };
    if ('error' in res) {
      this.logger.log(`${file}: not checked (${res.stack ?? res.error}).`);
      return { unreadable: res.error };
    }
    try {
      const parsed = res.parsed ?? parseMarkdown(file, res.text, res.facts);
      return { doc: describe(parsed, this.matcher.kindOf(file), this.matcher.idPatterns) };
    } catch (err) {
      this.logger.log(`${file}: parser failed: ${(err as Error).stack ?? String(err)}`);
      return { unreadable: `the parser failed (${(err as Error).message})` };
    }
  }

  /** The schema a document is checked against (its kind's, or its legacy profile's). */
  schemaOf(doc: DocInfo): CompiledSchema | undefined {
    return new IndexView(this.store).schemaOf(doc);
  }

  private runChecks(doc: DocInfo, view: IndexView): Finding[] {
    const out: Finding[] = [];
    const ctx = {
      doc,
      view,
      schema: view.schemaOf(doc),
      config: this.store.config,
      today: this.today,
      deferPlainLinks: this.deferPlainLinks,
      history: this.historyIndex,
      report: (rule: string, range: Range, message: string, data?: FixData) => {
        out.push({
          file: doc.file,
          range,
          severity: RULES.get(rule)?.severity ?? 'error',
          rule,
          message,
          ...(data ? { data } : {}),
        });
      },
    };
    // A check that throws leaves the file looking clean where it would have found something: that
    // is a finding too (an error at the top of the file), and its stack goes to the log.
    for (const check of CHECKS) {
      try {
        check.run(ctx);
      } catch (err) {
        this.logger.log(`${doc.file}: check ${check.name} failed: ${(err as Error).stack ?? String(err)}`);
        out.push(checkFailedFinding(doc.file, doc.parsed.lines.lineRange(0), check.name, err));
      }
    }
    return out;
  }

  private levelOf(rule: string): RuleLevel | undefined {
    const category = rule.split('/')[0];
    const user = this.ruleOverrides[rule] ?? this.ruleOverrides[category];
    // The workspace cannot hide that it is not trusted, nor that a check failed on it (its
    // findings would be missing unseen); only the user's settings can.
    if (WORKSPACE_CANNOT_HIDE.has(rule)) return user;
    const rules = this.store.config.rules;
    return user ?? rules[rule] ?? rules[category];
  }

  private applyLevels(findings: Finding[], directives: Directive[]): Finding[] {
    const out: Finding[] = [];
    for (const f of findings) {
      const level = this.levelOf(f.rule);
      if (level === 'off' || suppressed(f, directives)) continue;
      out.push(level ? { ...f, severity: level } : f);
    }
    return out.sort(
      (a, b) =>
        a.range.start.line - b.range.start.line ||
        a.range.start.character - b.range.start.character ||
        a.rule.localeCompare(b.rule),
    );
  }
}

/**
 * A file as read: its text and, when a facts source read them, its facts or (a checked file) its
 * document built from them; or why it could not be read.
 */
type Loaded =
  | { text: string; facts?: DocFacts; parsed?: ParsedDoc }
  | { error: string; missing?: boolean; stack?: string };

const covers = (d: Directive, rule: string) =>
  d.rules.length === 0 || d.rules.includes(rule) || d.rules.includes(rule.split('/')[0]);

/**
 * True when an `opsdocs-disable…` comment turns the finding's rule off where it starts.
 * `disable` … `enable` marks a region; a `disable` never re-enabled covers the whole file.
 */
function suppressed(f: Finding, directives: Directive[]): boolean {
  const line = f.range.start.line;
  let disabled = false;
  for (let i = 0; i < directives.length; i++) {
    const d = directives[i];
    if (!covers(d, f.rule)) continue;
    if (d.kind === 'disable-next-line' && d.line + 1 === line) return true;
    if (d.kind === 'disable-line' && d.line === line) return true;
    if (d.kind === 'disable') {
      const enable = directives.slice(i + 1).find((e) => e.kind === 'enable' && covers(e, f.rule));
      if (!enable) return true;
      if (line >= d.line && line < enable.line) disabled = true;
    }
  }
  return disabled;
}
