import type { Finding, FixData, Logger, Range, RuleLevel } from './types.js';
import { silentLogger } from './types.js';
import { notFound, type Workspace } from './workspace.js';
import { CONFIG_FILE, parseConfig, type Config } from './config.js';
import { loadSchemas, type CompiledSchema, type SchemaSet } from './schemas/registry.js';
import { parseMarkdown, type DocFacts, type Directive } from './parse/markdown.js';
import { describe, KindMatcher, type DocInfo } from './index/docInfo.js';
import { CHECKS, RULES } from './checks/index.js';
import { isIsoDate, localToday } from './util/dates.js';
import { normaliseId } from './util/ids.js';
import { nearest } from './util/similar.js';
import { IndexStore, ancestors, parsePackage } from './index/store.js';
import { IndexView } from './index/view.js';

const isPackageJson = (f: string) => f === 'package.json' || f.endsWith('/package.json');

/** Options of {@link Engine}. */
export interface EngineOptions {
  workspace: Workspace;
  logger?: Logger;
  /** `YYYY-MM-DD` used by date checks; defaults to the local date. */
  today?: string;
  /** Rule levels that win over the config file (editor settings). */
  ruleOverrides?: Record<string, RuleLevel>;
  /**
   * Reads the facts of a text while the whole workspace is indexed (of `total` Markdown files):
   * from an on-disk cache or in worker threads. Without it every text is parsed on this thread.
   */
  facts?: FactsSource;
  /**
   * False in a workspace the user has not trusted (VS Code's Restricted Mode): what in its config
   * becomes a regular expression (team schemas, `idPattern`s, complex globs) is not used, and the
   * other globs are matched a path segment at a time (a crafted pattern could keep it busy).
   */
  trusted?: boolean;
}

/** See {@link EngineOptions.facts}. */
export type FactsSource = (text: string, total: number) => Promise<DocFacts>;

const MARKDOWN = /\.(md|markdown)$/i;
const CHUNK = 50;

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
  private config!: Config;
  private matcher!: KindMatcher;
  private schemas!: SchemaSet;
  private configFindings: Finding[] = [];
  private readonly store = new IndexStore();
  private readonly unreadable = new Map<string, string>();
  private readonly cache = new Map<string, Finding[]>();
  private readonly factsSource?: FactsSource;
  private readonly trusted: boolean;

  constructor(options: EngineOptions) {
    this.workspace = options.workspace;
    this.logger = options.logger ?? silentLogger;
    this.today = options.today ?? localToday();
    this.ruleOverrides = options.ruleOverrides ?? {};
    this.factsSource = options.facts;
    this.trusted = options.trusted ?? true;
    if (!isIsoDate(this.today))
      throw new Error(`"today" must be a date written YYYY-MM-DD, got "${this.today}"`);
  }

  /** The configuration in use. */
  getConfig(): Config {
    return this.config;
  }

  /** Problems with `.opsdocs.json` and the team's schemas. */
  getConfigFindings(): readonly Finding[] {
    return this.configFindings;
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

  /** The date the date checks use (`YYYY-MM-DD`). */
  getToday(): string {
    return this.today;
  }

  setToday(today: string): void {
    if (!isIsoDate(today)) throw new Error(`"today" must be a date written YYYY-MM-DD, got "${today}"`);
    if (today !== this.today) this.cache.clear();
    this.today = today;
  }

  setRuleOverrides(rules: Record<string, RuleLevel>): void {
    this.ruleOverrides = { ...rules };
    this.cache.clear();
  }

  /** True when the file takes part in checks (Markdown and not excluded). */
  isChecked(file: string): boolean {
    return MARKDOWN.test(file) && !this.matcher.isExcluded(file);
  }

  /** True when a change to `file` changes the configuration. */
  isConfigFile(file: string): boolean {
    return file === CONFIG_FILE || this.config.kinds.some((k) => k.schema === file);
  }

  /** Reads the config and schemas, lists the workspace and parses every document. */
  async indexAll(progress?: Progress): Promise<void> {
    await this.loadConfig();
    this.store.clear();
    this.store.config = this.config;
    this.unreadable.clear();
    this.cache.clear();
    const listed = await this.workspace.listFiles();
    for (const f of listed) if (!this.matcher.isExcluded(f)) this.store.addFile(f);
    const files = [...this.store.files];
    for (const f of files) if (isPackageJson(f)) await this.readPackage(f);
    const md = files.filter((f) => this.isChecked(f)).sort();
    this.logger.log(`Indexing ${md.length} Markdown files (${files.length} files in all).`);
    // A chunk of files is read (and parsed, by the facts source) at once, then added in order.
    const source = this.factsSource;
    const facts = source ? (text: string) => source(text, md.length) : undefined;
    for (let i = 0; i < md.length; i += CHUNK) {
      const chunk = md.slice(i, i + CHUNK);
      const loaded = await Promise.all(chunk.map((f) => this.load(f, facts)));
      chunk.forEach((f, j) => this.apply(f, loaded[j]));
      progress?.(Math.min(i + CHUNK, md.length), md.length);
      await new Promise((r) => setImmediate(r)); // let requests in between chunks
    }
    if (md.length === 0) progress?.(0, 0);
    // Requests answered between chunks may have checked files against a half-built index.
    this.cache.clear();
  }

  /**
   * Re-reads one file after it changed, was created or was deleted (on disk or in a buffer), or
   * every file under a folder (see {@link updateFolder}). Returns the files whose findings may have
   * changed: the file itself and the files whose findings looked it up (links to it, its id, its
   * folder, its package.json).
   */
  async update(file: string): Promise<string[]> {
    if (this.isConfigFile(file)) {
      const before = [
        ...this.store.docs.keys(),
        ...this.unreadable.keys(),
        ...this.configFindings.map((f) => f.file),
      ];
      await this.indexAll();
      return [
        ...new Set([
          ...before,
          ...this.store.docs.keys(),
          ...this.unreadable.keys(),
          ...this.configFindings.map((f) => f.file),
        ]),
      ];
    }
    // An excluded path may still be a folder holding files that are not (`docs/*` excludes `docs/a`, not
    // `docs/a/b.md`).
    if (this.matcher.isExcluded(file)) return this.updateFolder(file);
    const res = await this.workspace.read(file);
    if ('error' in res && res.missing) return this.updateFolder(file);
    const oldId = this.store.docs.get(file)?.id;
    const created = this.store.addFile(file);
    if (isPackageJson(file)) await this.readPackage(file);
    if (this.isChecked(file)) await this.read(file);
    return this.invalidate(file, created, oldId);
  }

  /**
   * Makes the index hold what is now under a path that is not a file. An editor reports a folder
   * created, renamed or deleted as one event for the folder and none for its files
   * (microsoft/vscode#86213): its files are listed as the whole workspace is, each is read, and
   * the indexed files under it that are gone are forgotten (a deleted file is just forgotten).
   */
  private async updateFolder(dir: string): Promise<string[]> {
    const listed = (await this.workspace.listFiles(dir)).filter((f) => !this.matcher.isExcluded(f));
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
    const oldId = this.store.docs.get(file)?.id;
    const had = this.store.removeFile(file);
    const wasUnreadable = this.unreadable.delete(file);
    this.store.forget(file);
    if (!had && !wasUnreadable) return [];
    return this.invalidate(file, true, oldId);
  }

  /**
   * The files whose findings a change to `changed` (created, edited or deleted files) can alter:
   * those files and every file whose findings looked them up. Computes all findings first.
   */
  affectedBy(changed: string[], createdOrDeleted: ReadonlySet<string> = new Set(changed)): Set<string> {
    this.allFindings();
    const keys: string[] = [];
    for (const f of changed) {
      const id = this.store.docs.get(f)?.id;
      keys.push(...changeKeys(f, createdOrDeleted.has(f), [id]));
      if (id) keys.push('ids');
    }
    // A deleted document's id is not known any more: the lookups of ids no document has now.
    if (changed.some((f) => !this.store.files.has(f))) keys.push('ids', ...this.store.unresolvedIdKeys());
    const out = this.store.dependentsOf(keys);
    for (const f of changed) out.add(f);
    return out;
  }

  /** Drops cached findings of a changed file and of its dependents, and returns them. */
  private invalidate(file: string, createdOrDeleted: boolean, oldId: string | undefined): string[] {
    const newId = this.store.docs.get(file)?.id;
    const keys = changeKeys(file, createdOrDeleted, [oldId, newId]);
    if ((oldId && normaliseId(oldId)) !== (newId && normaliseId(newId))) keys.push('ids');
    const affected = this.store.dependentsOf(keys);
    affected.add(file);
    for (const f of affected) this.cache.delete(f);
    return [...affected].filter((f) => this.store.docs.has(f) || this.unreadable.has(f) || f === file);
  }

  /** The findings of one file, after rule levels and disable comments. */
  findings(file: string): Finding[] {
    const cached = this.cache.get(file);
    if (cached) return cached;
    const out = [...this.configFindings.filter((f) => f.file === file)];
    const reason = this.unreadable.get(file);
    const doc = this.store.docs.get(file);
    if (reason !== undefined) {
      out.push({
        file,
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        severity: 'warning',
        rule: 'file/unreadable',
        message: `Not checked: ${reason}.`,
      });
    } else if (doc) {
      const fast = doc.parsed.fastMode;
      if (fast && fast.reason === 'large') {
        const mb = (doc.parsed.text.length / 1024 / 1024).toFixed(1);
        out.push({
          file,
          range: doc.parsed.lines.lineRange(0),
          severity: 'info',
          rule: 'file/large',
          message: `Large file (${mb} MB): read in fast mode; front matter, headings and sections are checked, links are not.`,
        });
      } else if (fast && fast.reason === 'nesting') {
        out.push({
          file,
          range: doc.parsed.lines.lineRange(fast.line),
          severity: 'info',
          rule: 'file/pathological',
          message: `Quotes or lists nested more than ${fast.depth - 1} levels deep: read in fast mode; front matter, headings and sections are checked, links are not.`,
        });
      } else if (fast) {
        out.push({
          file,
          range: doc.parsed.lines.lineRange(0),
          severity: 'info',
          rule: 'file/pathological',
          message: `${fast.count} closing brackets (over 10,000): read in fast mode; front matter, headings and sections are checked, links are not.`,
        });
      }
      out.push(...this.runChecks(doc));
    }
    const result = this.applyLevels(out, doc?.parsed.directives ?? []);
    this.cache.set(file, result);
    return result;
  }

  /**
   * The documents that may cite `file` (by path, id, heading or script): those whose checks
   * looked it up, and the file itself. A superset: callers resolve each reference again. Checks
   * every document not checked yet first, since the checks record the lookups.
   */
  citing(file: string): DocInfo[] {
    for (const f of this.store.docs.keys()) if (!this.cache.has(f)) this.findings(f);
    const keys = [`file:${file}`];
    const id = this.store.docs.get(file)?.id;
    if (id) keys.push(`id:${normaliseId(id)}`);
    const out = this.store.dependentsOf(keys);
    out.add(file);
    return [...out].flatMap((f) => this.store.docs.get(f) ?? []);
  }

  /** Every file that can have findings (documents, unreadable files, config files), sorted. */
  checkedFiles(): string[] {
    return [
      ...new Set<string>([
        ...this.store.docs.keys(),
        ...this.unreadable.keys(),
        ...this.configFindings.map((f) => f.file),
      ]),
    ].sort();
  }

  /** Every finding of the workspace, sorted by file and position. */
  allFindings(): Finding[] {
    return this.checkedFiles().flatMap((f) => this.findings(f));
  }

  private async loadConfig(): Promise<void> {
    const res = await this.workspace.read(CONFIG_FILE);
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
      const message = `${CONFIG_FILE}: rules.${id} is not a rule id or category${guess ? ` (did you mean ${guess}?)` : ''}; it has no effect.`;
      loaded.findings.push({
        file: CONFIG_FILE,
        range: loaded.locate(['rules', id], true),
        severity: 'error',
        rule: 'config/invalid',
        message,
      });
    }
    this.config = loaded.config;
    this.store.config = this.config;
    this.matcher = new KindMatcher(this.config, this.trusted);
    this.schemas = await loadSchemas(this.config, (f) => this.workspace.read(f), loaded.locate, this.trusted);
    this.configFindings = [...loaded.findings, ...this.schemas.findings];
    for (const f of this.configFindings) this.logger.log(`${f.file}: ${f.message}`);
  }

  private async readText(file: string): Promise<string | undefined> {
    const r = await this.workspace.read(file);
    return 'text' in r ? r.text : undefined;
  }

  private async readPackage(file: string): Promise<void> {
    const text = await this.readText(file);
    this.store.packages.set(file, text === undefined ? null : parsePackage(file, text));
  }

  private async read(file: string): Promise<void> {
    this.apply(file, await this.load(file));
  }

  /** Reads a file and its facts without touching the index. */
  private async load(file: string, facts?: (text: string) => Promise<DocFacts>): Promise<Loaded> {
    const res = await this.workspace.read(file);
    if ('error' in res) return res;
    try {
      return { text: res.text, facts: facts ? await facts(res.text) : undefined };
    } catch (err) {
      return { error: `the parser failed (${(err as Error).message})`, stack: (err as Error).stack };
    }
  }

  /** Puts a loaded file into the index (or records why it could not be read). */
  private apply(file: string, res: Loaded): void {
    this.cache.delete(file);
    if ('error' in res) {
      this.store.deleteDoc(file);
      if (res.missing) {
        this.unreadable.delete(file);
        this.store.removeFile(file);
        this.logger.log(`${file} vanished while indexing; skipped.`);
      } else {
        this.unreadable.set(file, res.error);
        this.logger.log(`${file}: not checked (${res.stack ?? res.error}).`);
      }
      return;
    }
    this.unreadable.delete(file);
    try {
      this.store.setDoc(describe(parseMarkdown(file, res.text, res.facts), this.matcher.kindOf(file)));
    } catch (err) {
      this.store.deleteDoc(file);
      this.unreadable.set(file, `the parser failed (${(err as Error).message})`);
      this.logger.log(`${file}: parser failed: ${(err as Error).stack ?? String(err)}`);
    }
  }

  /** The schema a document is checked against (its kind's, or its legacy profile's). */
  schemaOf(doc: DocInfo): CompiledSchema | undefined {
    return this.schemaFor(doc);
  }

  private schemaFor(doc: DocInfo) {
    const k = doc.kind;
    if (!k) return undefined;
    if (doc.profile === 'madr') return this.schemas.get('adr-madr');
    if (doc.profile === 'nygard') return this.schemas.get('adr-nygard');
    if (!k.schema || this.schemas.withheld.has(k.schema)) return undefined;
    return this.schemas.get(k.schema) ?? this.schemas.get(k.name);
  }

  private runChecks(doc: DocInfo): Finding[] {
    const out: Finding[] = [];
    const view = new IndexView(this.store);
    const ctx = {
      doc,
      view,
      schema: this.schemaFor(doc),
      config: this.config,
      today: this.today,
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
    for (const check of CHECKS) {
      try {
        check.run(ctx);
      } catch (err) {
        this.logger.log(`${doc.file}: check ${check.name} failed: ${(err as Error).stack ?? String(err)}`);
      }
    }
    this.store.record(doc.file, view.keys);
    return out;
  }

  private levelOf(rule: string): RuleLevel | undefined {
    const category = rule.split('/')[0];
    const user = this.ruleOverrides[rule] ?? this.ruleOverrides[category];
    // The workspace cannot hide that it is not trusted; only the user's settings can.
    if (rule === 'config/untrusted') return user;
    return user ?? this.config.rules[rule] ?? this.config.rules[category];
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

/** A file as read: its text (and facts, when a facts source read them), or why it could not be. */
type Loaded = { text: string; facts?: DocFacts } | { error: string; missing?: boolean; stack?: string };

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
