import { globMatcher, segmentMatcher } from '../util/globs.js';
import type { Range } from '../types.js';
import type { Config, KindConfig } from '../config.js';
import type { ParsedDoc } from '../parse/markdown.js';
import { locateIn, type Located } from '../parse/frontMatter.js';
import { fieldRefs, ID_CANDIDATE, type Ref } from '../parse/refs.js';
import { commandRefs } from '../parse/commands.js';
import { HeldRef } from '../parse/held.js';
import { startsWithDate } from '../model/fileNames.js';
import { adrLogOf } from '../model/adr.js';
import { isWithin } from '../../shared/paths.js';
import type { GitIgnores } from '../util/gitignore.js';

/** How a document's metadata is written. */
export type Profile = 'front-matter' | 'madr' | 'nygard';

/** What the index knows of one Markdown document. */
export interface DocInfo {
  file: string;
  parsed: ParsedDoc;
  kind?: KindConfig;
  profile: Profile;
  /** Metadata: the front matter, or for legacy ADRs what was read from the body. */
  data: Record<string, unknown>;
  /** Where a metadata entry is written. */
  locate(path: readonly (string | number)[]): Located;
  id?: string;
  title?: string;
  status?: string;
  /** Range of the title (H1) or of the first line. */
  titleRange: Range;
  /** Every reference: the body's and those in front-matter fields. */
  refs: Ref[];
  /** Where the id is written (front-matter value, or the title). */
  idRange: Range;
  /**
   * For a legacy ADR: the successor its status names ("superseded by ADR-0002", "Superseded by [10.
   * X](0010-x.md)").
   */
  successor?: string;
}

/** Matches files to kinds with the config's globs. */
export class KindMatcher {
  private readonly excluded: (f: string) => boolean;
  private readonly excludedWhole: (folder: string) => boolean;
  private readonly fixture: (f: string) => boolean;
  private readonly kinds: { kind: KindConfig; inc: (f: string) => boolean; exc: (f: string) => boolean }[];
  /** Every kind's id pattern, for documents of no kind whose file name carries an id. */
  readonly idPatterns: string[];

  /**
   * `trusted` false: globs are matched a path segment at a time (see {@link segmentMatcher}).
   * Each answer is kept: an index asks about each file several times (listing, reading, checking).
   * `gitIgnores`: the repository's `.gitignore` rules, when the configuration reads them.
   */
  constructor(
    config: Config,
    trusted = true,
    private readonly gitIgnores?: GitIgnores,
  ) {
    const match = trusted ? globMatcher : segmentMatcher;
    this.excluded = remembered(match(config.exclude));
    // `**/dist/**` → `**/dist`: the folders whose every file an `exclude` glob takes (not a
    // negated one: `!docs/**` takes what is not under docs).
    const whole = config.exclude.flatMap((g) =>
      g.endsWith('/**') && g.length > 3 && !g.startsWith('!') ? [g.slice(0, -3)] : [],
    );
    this.excludedWhole = remembered(match(whole));
    this.fixture = remembered(match(config.fixtures));
    this.kinds = config.kinds.map((kind) => ({ kind, inc: match(kind.include), exc: match(kind.exclude) }));
    this.kindOf = remembered((file) => this.kinds.find((k) => k.inc(file) && !k.exc(file))?.kind);
    this.idPatterns = config.kinds.flatMap((k) => (k.idPattern ? [k.idPattern] : []));
  }

  /** True when the file is never read. */
  isExcluded(file: string): boolean {
    return this.excluded(file);
  }

  /**
   * True when a folder and all it can hold are excluded: a glob of `exclude` that ends in `/**`
   * takes the folder (the default one for `dist` takes `packages/web/dist`), so no file under it is
   * ever read.
   */
  isExcludedFolder(folder: string): boolean {
    return this.excludedWhole(folder);
  }

  /**
   * True when a `.gitignore` leaves the file out of the repository (a build's output, a tool's
   * install): it exists, so links to it resolve, but it is not read (not a document, its scripts
   * and owners not known).
   */
  isGitIgnored(file: string): boolean {
    return !!this.gitIgnores?.ignores(file);
  }

  /** True when the file is a test fixture: it exists, but is not read as documentation. */
  isFixture(file: string): boolean {
    return this.fixture(file);
  }

  /** The kind whose globs take the file, if any. */
  readonly kindOf: (file: string) => KindConfig | undefined;
}

/** `f`, each answer kept by its file. */
function remembered<T>(f: (file: string) => T): (file: string) => T {
  const answers = new Map<string, T>();
  return (file) => {
    if (answers.has(file)) return answers.get(file) as T;
    const answer = f(file);
    answers.set(file, answer);
    return answer;
  };
}

const FILE_ID = /^(?:adr[-_]?)?(\d+)[-_.]/i;

/**
 * The number an ADR file's name starts with (`0005-x.md`, `adr-5-x.md`); none for a date
 * (`20200925-x.md`, log4brains; `2020-09-25-x.md`): ADRs of one day would share it.
 */
function fileNumberOf(base: string): string | undefined {
  const digits = FILE_ID.exec(base)?.[1];
  return digits && !startsWithDate(base, digits) ? digits : undefined;
}

/** Reads `Status:` / `Date:` lines (Nygard's `Date:` and MADR 2's `* Status: accepted`). */
function labelledLine(doc: ParsedDoc, label: string): { text: string; range: Range } | undefined {
  const re = new RegExp(`^\\s*(?:[*-]\\s+)?(?:\\*\\*)?${label}(?:\\*\\*)?:(?:\\*\\*)?\\s*(.+?)\\s*$`, 'i');
  for (let line = 0; line < Math.min(doc.lines.lineCount, 60); line++) {
    const m = re.exec(doc.lines.lineText(line));
    if (m) {
      const r = doc.lines.lineRange(line);
      return { text: m[1], range: r };
    }
  }
  return undefined;
}

/** Normalises a written status ("✅ Accepted", "Superseded by [ADR-0020](…)") to its first word. */
function normaliseStatus(s: string): string {
  const m = /[a-z]+/i.exec(s);
  return m ? m[0].toLowerCase() : s.trim().toLowerCase();
}

/**
 * Builds the index entry of a parsed document. `idPatterns` (every kind's) give a document of no
 * kind the id its file name starts with (`adr-101-x.md` outside the ADR folders is ADR-101).
 */
export function describe(
  parsed: ParsedDoc,
  kind: KindConfig | undefined,
  idPatterns: readonly string[] = [],
): DocInfo {
  const meta = describeMeta(parsed, kind, idPatterns);
  const f = kind?.fields;
  const present = (xs: (string | undefined)[]) => xs.filter((x): x is string => !!x);
  const fields = {
    ids: present([f?.supersedes, f?.supersededBy, f?.dependsOn]),
    mixed: present([f?.related]),
  };
  // Held by offsets, as the parsed body's references are (see parse/held.ts).
  const held = (refs: Ref[]) => refs.map((r) => new HeldRef(parsed.lines, r));
  const commands = held(commandRefs(parsed.codeBlocks, parsed.lines, kind?.name === 'runbook'));
  const body = commands.length ? inOrder([...parsed.refs, ...commands]) : parsed.refs;
  const refs =
    meta.profile !== 'nygard' ? [...body, ...held(fieldRefs(meta.data, meta.locate, fields))] : body;
  const idRange = f && typeof meta.data[f.id] === 'string' ? meta.locate([f.id]).value : meta.titleRange;
  return { ...meta, refs, idRange };
}

function describeMeta(
  parsed: ParsedDoc,
  kind: KindConfig | undefined,
  idPatterns: readonly string[],
): Omit<DocInfo, 'refs' | 'idRange'> {
  const h1 = parsed.headings.find((h) => h.depth === 1);
  const titleRange = h1?.range ?? parsed.lines.lineRange(0);
  const fm = parsed.frontMatter;
  const base = parsed.file.split('/').pop() ?? parsed.file;
  const fileNumber = fileNumberOf(base);
  const fileId = kind?.idPattern && fileNumber ? idOfNumber(fileNumber, kind) : undefined;
  const patterns = kind ? (kind.idPattern ? [kind.idPattern] : []) : idPatterns;
  const explicitId = patterns.map((p) => new RegExp(`^(${p})`, 'i').exec(base)?.[1]).find(Boolean);
  const f = kind?.fields;
  // Our own ADR format names an id, a title or a supersession; MADR front matter has none of them
  // (MADR 3's `deciders` is its own: status, date, deciders, the title in the H1).
  const ownKeys = f ? [f.id, f.title, f.supersededBy, f.supersedes] : [];
  // A site's front matter (a title) on an ADR that keeps its status in its body reads as Nygard.
  const bodyStatus = !fm || (!!f && statusInBody(parsed, f));
  const isLegacyAdr =
    !!kind?.legacyFormats &&
    (bodyStatus || (!fm.error && !ownKeys.some((k) => k !== undefined && k in fm.data)));
  if (fm && !isLegacyAdr) {
    const data = fm.data;
    const str = (k?: string) =>
      k && typeof data[k] === 'string'
        ? data[k]
        : k && typeof data[k] === 'number'
          ? String(data[k])
          : undefined;
    return {
      file: parsed.file,
      parsed,
      kind,
      profile: 'front-matter',
      data,
      locate: (path) => locateIn(fm, path, parsed.lines),
      id: str(f?.id) ?? explicitId?.toUpperCase() ?? fileId,
      title: str(f?.title ?? 'title') ?? h1?.text,
      status: str(f?.status),
      titleRange,
    };
  }
  if (!isLegacyAdr) {
    const fallback: Located = { value: titleRange };
    return {
      file: parsed.file,
      parsed,
      kind,
      profile: 'front-matter',
      data: {},
      locate: () => fallback,
      id: explicitId?.toUpperCase() ?? fileId,
      title: h1?.text,
      titleRange,
    };
  }
  // A legacy ADR: MADR keeps status/date in front matter and the title in the H1; Nygard keeps it all in the
  // body.
  const data: Record<string, unknown> = fm ? { ...fm.data } : {};
  const where = new Map<string, Located>();
  // The H1, else a site's front-matter title (`title: "ADR-0003: Use NATS"`), without its number.
  const siteTitle = typeof data.title === 'string' ? data.title : undefined;
  const title = (h1?.text ?? siteTitle)?.replace(/^(?:ADR[-\s]?)?\d+[.:]?\s+/i, '').trim();
  if (title) data.title = title;
  if (title && h1) where.set('title', { value: titleRange });
  if (bodyStatus) {
    const status = parsed.statusSection ?? labelledLine(parsed, 'status');
    if (status) {
      data.status = status.text;
      where.set('status', { value: status.range });
    }
    const date = labelledLine(parsed, 'date');
    if (date) {
      data.date = date.text;
      where.set('date', { value: date.range });
    }
  }
  const located = (path: readonly (string | number)[]): Located =>
    (typeof path[0] === 'string' && where.get(path[0])) ||
    (fm ? locateIn(fm, path, parsed.lines) : { value: titleRange });
  const rawStatus = typeof data.status === 'string' ? data.status : undefined;
  // The status as written: for Nygard the Markdown of its paragraph, whose link names the file.
  const statusRange = where.get('status')?.value;
  const writtenStatus = statusRange ? parsed.lines.textOf(statusRange) : rawStatus;
  const successor = writtenStatus === undefined ? undefined : writtenSuccessor(writtenStatus, kind);
  return {
    file: parsed.file,
    parsed,
    kind,
    profile: bodyStatus ? 'nygard' : 'madr',
    data,
    locate: located,
    id: (typeof data.id === 'string' ? data.id : undefined) ?? explicitId?.toUpperCase() ?? fileId,
    title,
    status: rawStatus === undefined ? undefined : normaliseStatus(rawStatus),
    titleRange,
    ...(successor ? { successor } : {}),
  };
}

/**
 * True for front matter that says nothing of a decision's status or identity (a site generator's
 * `title`, `sidebar_position`, `tags`…) on an ADR whose status is in its body (a `## Status`
 * section or a `Status:` line): a Nygard ADR that Docusaurus, Hugo or Jekyll publishes.
 */
export function statusInBody(parsed: ParsedDoc, f: KindConfig['fields']): boolean {
  const fm = parsed.frontMatter;
  if (!fm || fm.error) return false;
  const decisionKeys = [f.id, f.status, f.supersededBy, f.supersedes];
  if (decisionKeys.some((k) => k !== undefined && k in fm.data)) return false;
  return !!(parsed.statusSection ?? labelledLine(parsed, 'status'));
}

/** References in document order (a stable sort: those starting at one place keep theirs). */
function inOrder(refs: Ref[]): Ref[] {
  return refs.sort(
    (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

/** The id of an ADR file named `0005-x.md`, for a kind whose ids are `ADR-…`. */
function idOfNumber(digits: string, kind: KindConfig | undefined): string {
  return `${kind?.idPattern && /^adr/i.test(kind.idPattern) ? 'ADR-' : ''}${digits}`;
}

/** An id at the start of a text, after spaces (`ADR-0002 replaces it`). */
const LEADING_ID = new RegExp(`^\\s*(${ID_CANDIDATE.source})`, 'i');

/**
 * The successor a written status names after "superseded by" (or a link right after "superseded"):
 * the link or id that comes first
 * (past `:` and emphasis; a link names the id of its file, else an id as its text), else the first
 * link to a numbered file further on ("Superseded by a new [decision](0005-x.md)").
 */
function writtenSuccessor(status: string, kind: KindConfig | undefined): string | undefined {
  // "Superseded by X", or "Superseded [0019](0019-x.md)": a link right after the word says it too.
  const by = /superseded\s+by\b[\s:*_]*/i.exec(status) ?? /superseded[\s:*_]*(?=\[)/i.exec(status);
  if (!by) return undefined;
  const after = status.slice(by.index + by[0].length);
  const fromFile = (dest: string | undefined) => {
    const digits = fileNumberOf(dest?.split('/').pop() ?? '');
    return digits ? idOfNumber(digits, kind) : undefined;
  };
  const idAt = (text: string) => LEADING_ID.exec(text)?.[1].toUpperCase();
  // `[text](dest)` or a reference link `[text][]` / `[text][ref]`.
  const link = /^\[([^\]]*)\](?:\(\s*<?([^)\s>]+)|\[)/.exec(after);
  if (link) return fromFile(link[2]) ?? idAt(link[1]);
  return idAt(after) ?? fromFile(/\]\(\s*<?([^)\s>]+)/.exec(after)?.[1]);
}

/**
 * False when two decision records of one id are in two logs, each numbered on its own: neither's
 * log (see {@link adrLogOf}) is the other's or holds it — a monorepo's
 * `services/billing/docs/adr/0001-x.md` and `services/search/docs/adr/0001-y.md`, or a team's
 * `docs/adr/billing/0001-x.md` and `docs/adr/search/0001-y.md` where `docs/adr` holds no record
 * itself; whether their ids are in front matter or file names. `docs/adr/archive/0001-x.md` is in
 * `docs/adr`'s log when that holds records. Documents of other kinds (`id: TASK-7`) are one
 * tracker's, wherever their files are. `holdsIds`: whether a folder holds documents with ids.
 */
export function sameIdLog(a: DocInfo, b: DocInfo, holdsIds: (folder: string) => boolean): boolean {
  if (!isAdrKind(a.kind) || !isAdrKind(b.kind)) return true;
  const [x, y] = [adrLogOf(a.file, holdsIds), adrLogOf(b.file, holdsIds)];
  return isWithin(x, y) || isWithin(y, x);
}

const isAdrKind = (k: KindConfig | undefined) => !!k && (k.name === 'adr' || k.legacyFormats);
