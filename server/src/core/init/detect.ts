import type { Workspace } from '../workspace.js';
import { defaultConfig, fieldTypeOf, type FieldType, type KindConfig } from '../config.js';
import { parseMarkdown, type ParsedDoc } from '../parse/markdown.js';
import { globMatcher } from '../util/globs.js';
import { BUILTIN_SCHEMAS, type SectionRequirement } from '../schemas/registry.js';
import { TEMPLATE_NAME } from '../model/templates.js';
import { hasRequired, headingWords, normHeading } from '../model/sections.js';
import { ADR_FOLDER, adrFolder, isSignPost } from '../model/adr.js';
import {
  fileNamePattern,
  folderOf,
  isDateDigits,
  isMarkdownFile,
  startsWithDate,
} from '../model/fileNames.js';
import { Pacer } from '../util/pace.js';
import { KindMatcher, statusInBody } from '../index/docInfo.js';
import { readGitIgnores } from '../util/gitignore.js';
import { learnStatuses, type LearnedStatuses } from './statuses.js';

/**
 * Layout detection for `opsdocs init`: where a repository keeps each kind of document and in which
 * format, as the smallest `.opsdocs.json` that describes it. Pure over a {@link Workspace}, so a
 * zero-config run can apply the same detection in memory.
 */

/** A kind's entry in `.opsdocs.json` as detection writes it: only what differs from the defaults. */
export interface KindDelta {
  include?: string[];
  exclude?: string[];
  schema?: string;
  sections?: SectionRequirement[];
  frontMatter?: Record<string, FieldType>;
  fileName?: string;
  /** The team's own status values, when the built-in ones do not fit (see `learnStatuses`). */
  statuses?: string[];
  doneStatuses?: string[];
  blockedStatuses?: string[];
  supersededStatuses?: string[];
}

/** The `.opsdocs.json` detection proposes; `{}` when the defaults fit. */
export interface ConfigDelta {
  kinds?: Record<string, KindDelta>;
}

/** What detection found of one kind. */
export interface KindEvidence {
  kind: string;
  /** Folders holding the kind's documents, with how many each. */
  folders: { folder: string; files: number }[];
  /** The formats in use, with how many documents each (e.g. "MADR 3/4 (front matter)": 21). */
  formats: Record<string, number>;
  /** The id styles in use (e.g. "file names 0001-x.md"), with how many documents each. */
  ids: Record<string, number>;
  /** The numbering nearly all the documents' file names share (`NNNN-*.md`), with how many have it. */
  fileName?: { pattern: string; has: number; docs: number };
  /** The sections nearly all documents share, when the kind follows its own template. */
  learnedSections?: string[];
  /** How many of the documents the sections were learned from have each learned section. */
  sectionCounts?: Record<string, number>;
  /** How many documents the sections were learned from. */
  learnedFrom?: number;
  /**
   * The front-matter keys nearly all of those documents have: how many have each, and how many of
   * those give it the learned type.
   */
  fieldCounts?: Record<string, { has: number; typed: number }>;
  /** Why the built-in shape was or was not kept. */
  shape: string;
  /** True when enough documents (at least {@link MIN_DOCS_TO_LEARN}) follow the built-in shape to keep it. */
  followsBuiltIn?: boolean;
  /** Pages of a kind of its own template that have no section (aliases, stubs): excluded by path. */
  stubs?: string[];
  /** The team's own status values, with how many documents have each, when they were learned. */
  statuses?: Record<string, number>;
}

/** The result of {@link detectLayout}. */
export interface Detection {
  delta: ConfigDelta;
  kinds: KindEvidence[];
  /** AGENTS.md files (the built-in `**\/AGENTS.md` finds them wherever they are). */
  agents: string[];
}

/** A section is learned as required when at most one document in this many lacks it (and always one may). */
export const MAY_LACK_ONE_IN = 10;
/** How many of `n` documents may lack what "nearly all" have. */
const nearlyAll = (n: number) => Math.max(1, Math.floor(n / MAY_LACK_ONE_IN));
/** Fewest documents a kind needs before its own sections are learned. */
export const MIN_DOCS_TO_LEARN = 5;

/** Folders of test fixtures, whose documents are no kind's. */
const TEST_FOLDER = /^(tests?|integration-tests|__tests__|fixtures|testdata)$/i;
/** Index and agent pages, excluded by name wherever they are. */
const INDEX_PAGE = /^(readme|index|_index|agents|claude)\.(md|markdown)$/i;
/** Index and template pages that are never documents of a kind. */
const notADoc = (base: string) => INDEX_PAGE.test(base) || TEMPLATE_NAME.test(base);
/** `0001-x.md`, `001-X.md`, `adr-101-x.md`, `ADR-00002 Title.md`, `20200925-x.md` (log4brains). */
const NUMBERED = /^(adr[-_ ]?)?(\d{1,8})[-_ .]/i;
const FOLDER_NAMES: Record<string, RegExp> = {
  runbook: /^(runbooks?|playbooks?)$/i,
  policy: /^(polic(y|ies))$/i,
  task: /^tasks$/i,
};
/** The built-in schemas' required fields and sections, by schema name. */
const BUILTIN_SCHEMA = BUILTIN_SCHEMAS as Record<
  string,
  { required?: string[]; 'x-opsdocs-sections'?: unknown; properties?: Record<string, { enum?: unknown }> }
>;

const norm = normHeading;
const baseOf = (file: string) => file.slice(file.lastIndexOf('/') + 1);

/**
 * What detection reads of a document's text, as plain data: made once when the document is read,
 * so learning templates again (at each full index of a zero-config run) needs no document whole.
 */
export interface DetectFacts {
  /** True when the document has front matter that parses. */
  frontMatter: boolean;
  /** Its front-matter keys, each with the type of its value (none without front matter). */
  fields: [key: string, type: FieldType | 'null'][];
  /** Its headings below the title, each as {@link normHeading} makes it, once. */
  headings: string[];
  /** Its shallowest headings below the title (`##` as a rule), as written, in order. */
  top: string[];
  /** Its first H1's text ('' without one). */
  title: string;
  /** Its front matter's `status`, when that is a string of at most {@link STATUS_LENGTH} characters. */
  status?: string;
  /** A `Status:` line in its first lines (`* Status:`, `**Status:**`). */
  statusLine: boolean;
  /** A MADR 2 `* Status:` list item in its first lines. */
  madr2: boolean;
  /** Site front matter with the status in the body, as the engine reads an ADR so (`statusInBody`). */
  statusInBody: boolean;
  /** A sign-post: a short page pointing elsewhere (`isSignPost`). */
  signPost: boolean;
  /** The built-in ADR schemas whose required sections it has. */
  fits: string[];
}

/**
 * The most front-matter keys, headings and top sections a {@link DetectFacts} keeps (no template
 * has more; the rest of a document that has are not learned from).
 */
export const SUMMARY_ITEMS = 1000;

/** The longest front-matter `status` a {@link DetectFacts} keeps. */
const STATUS_LENGTH = 100;

/** The built-in schemas an ADR's format can be read with (see {@link adrFormat}). */
const ADR_PROFILES = ['adr', 'adr-madr', 'adr-nygard'];

/** The {@link DetectFacts} of a parsed document. */
export function detectFacts(parsed: ParsedDoc): DetectFacts {
  const fm = parsed.frontMatter;
  const data = fm && !fm.error ? fm.data : undefined;
  const below = parsed.headings.filter((h) => h.depth > 1);
  let top = Infinity; // by a loop: a spread of 100k headings overflows the stack
  for (const h of below) top = Math.min(top, h.depth);
  const headings = [...new Set(below.map((h) => norm(h.text)))];
  const words = headings.map(headingWords);
  const first = parsed.lines.textOf({
    start: { line: 0, character: 0 },
    end: { line: Math.min(parsed.lines.lineCount, 60), character: 0 },
  });
  const sections = (name: string) => {
    const list = BUILTIN_SCHEMA[name]['x-opsdocs-sections'];
    return (Array.isArray(list) ? (list as SectionRequirement[]) : []).every((r) =>
      hasRequired(words, r, parsed.text),
    );
  };
  // Kept with each document (in the snapshot): a hostile one's thousands of headings are cut.
  const cut = <T>(xs: T[]) => xs.slice(0, SUMMARY_ITEMS);
  const status = data?.status;
  return {
    ...(typeof status === 'string' && status.length <= STATUS_LENGTH ? { status } : {}),
    frontMatter: !!data,
    fields: data ? cut(Object.keys(data)).map((k) => [k, fieldTypeOf(data[k])]) : [],
    headings: cut(headings),
    top: cut(below.filter((h) => h.depth === top).map((h) => h.text)),
    title: parsed.headings.find((h) => h.depth === 1)?.text ?? '',
    statusLine: /^\s*(?:[*-]\s+)?(?:\*\*)?status(?:\*\*)?:/im.test(first),
    madr2: /^\s*[*-]\s+status:/im.test(first),
    statusInBody: statusInBody(parsed, ADR_FIELDS),
    signPost: isSignPost(parsed),
    fits: ADR_PROFILES.filter(sections),
  };
}

const FIELD_TYPES = new Set(['string', 'number', 'boolean', 'array', 'object', 'any', 'null']);
const FLAGS = ['frontMatter', 'statusLine', 'madr2', 'statusInBody', 'signPost'] as const;
const DETECT_KEYS = new Set([...FLAGS, 'fields', 'headings', 'top', 'title', 'fits', 'status']);

/** True when `v` has the shape of {@link DetectFacts} (as read back from a snapshot), no more. */
export function isDetectFacts(v: unknown): v is DetectFacts {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  const strings = (x: unknown) => Array.isArray(x) && x.every((y) => typeof y === 'string');
  const field = (x: unknown) =>
    Array.isArray(x) && x.length === 2 && typeof x[0] === 'string' && FIELD_TYPES.has(x[1] as string);
  return (
    Object.keys(o).every((k) => DETECT_KEYS.has(k)) &&
    FLAGS.every((k) => typeof o[k] === 'boolean') &&
    Array.isArray(o.fields) &&
    o.fields.every(field) &&
    strings(o.headings) &&
    strings(o.top) &&
    typeof o.title === 'string' &&
    (o.status === undefined || typeof o.status === 'string') &&
    strings(o.fits)
  );
}

/** The built-in ADR kind's fields (what `statusInBody` reads an ADR's front matter by). */
const ADR_FIELDS = defaultConfig().kinds.find((k) => k.name === 'adr')!.fields;

/** A document as detection sees it. */
interface Doc {
  file: string;
  facts: DetectFacts;
  /** Front-matter keys (none without front matter). */
  keys: Set<string>;
  headings: Set<string>;
}

/**
 * Detects the layout of the repository `workspace` holds, reading and parsing its documents (not
 * those its `.gitignore` files leave out).
 */
export async function detectLayout(workspace: Workspace): Promise<Detection> {
  // The folders the default configuration excludes whole (`.venv`, `dist`) are not walked.
  const defaults = new KindMatcher(defaultConfig());
  const listed = await workspace.listFiles(undefined, (folder) => defaults.isExcludedFolder(folder));
  const ignored = await readGitIgnores(listed, (f) => workspace.read(f), true);
  return detectIn(ignored ? listed.filter((f) => !ignored.ignores(f)) : listed, async (file) => {
    const r = await workspace.read(file);
    return 'text' in r ? detectFacts(parseMarkdown(file, r.text)) : undefined;
  });
}

/**
 * Detects the layout of a repository of `listed` files, whose documents' {@link DetectFacts}
 * `factsOf` gives (read and parsed by {@link detectLayout}, or the engine's index for a zero-config
 * run). Its loops over files
 * and documents rest when `pace` says (the language server answers requests meanwhile).
 */
export async function detectIn(
  listed: Iterable<string>,
  factsOf: (file: string) => Promise<DetectFacts | undefined>,
  pace = Pacer.never,
): Promise<Detection> {
  const defaults = defaultConfig();
  const excluded = globMatcher(defaults.exclude);
  const files = (await pace.filter(listed, (f) => isMarkdownFile(f) && !excluded(f))).sort();
  // Test fixtures are not the team's docs, however they are laid out.
  const candidatesIn = await pace.filter(
    files,
    (f) =>
      !folderOf(f)
        .split('/')
        .some((s) => TEST_FOLDER.test(s)),
  );
  const cache = new Map<string, Doc | undefined>();
  const read = async (file: string): Promise<Doc | undefined> => {
    if (cache.has(file)) return cache.get(file);
    const facts = await factsOf(file);
    const doc = facts && {
      file,
      facts,
      keys: new Set(facts.fields.map(([k]) => k)),
      headings: new Set(facts.headings),
    };
    cache.set(file, doc);
    return doc;
  };
  const byFolder = new Map<string, string[]>();
  for (const f of candidatesIn) {
    const list = byFolder.get(folderOf(f));
    if (list) list.push(f);
    else byFolder.set(folderOf(f), [f]);
  }

  const members = new Map<string, Doc[]>();
  /** Per kind filed by folder name, the folders named so (`docs/runbooks`), which globs start from. */
  const kindRoots = new Map<string, string[]>();
  const adrs: Doc[] = [];
  for (const [folder, list] of byFolder) {
    // In a folder named for ADRs a page is one when it is numbered or reads like one (not a
    // decision log's table); in a status folder inside one (`docs/adr/superseded`), however few it
    // holds, when it reads like one or has an id (not a numbered note); elsewhere numbered files
    // are, when most of them read like ADRs.
    const named = ADR_FOLDER.test(folder);
    const status = !named && adrFolder(folder);
    const candidates: Doc[] = [];
    for (const f of list) {
      if (pace.due()) await pace.rest();
      if (notADoc(baseOf(f))) continue;
      const numbered = NUMBERED.test(baseOf(f));
      const d = numbered || named || status ? await read(f) : undefined;
      if (d && ((numbered && !status) || looksLikeAdr(d) || d.keys.has('id'))) candidates.push(d);
    }
    const adrLike = candidates.filter(looksLikeAdr).length;
    if (
      named || status ? candidates.length > 0 : candidates.length >= 2 && adrLike >= 0.6 * candidates.length
    )
      adrs.push(...candidates);
  }
  members.set('adr', adrs);
  const claimed = new Set(adrs.map((d) => d.file));
  for (const [kind, names] of Object.entries(FOLDER_NAMES)) {
    const list: Doc[] = [];
    const roots = new Set<string>();
    for (const f of candidatesIn) {
      if (pace.due()) await pace.rest();
      const segments = folderOf(f).split('/');
      const at = segments.findIndex((s) => names.test(s));
      if (claimed.has(f) || notADoc(baseOf(f)) || at < 0) continue;
      const d = await read(f);
      if (!d) continue;
      list.push(d);
      roots.add(segments.slice(0, at + 1).join('/'));
    }
    kindRoots.set(kind, [...roots]);
    for (const d of list) claimed.add(d.file);
    members.set(kind, list);
  }

  const delta: ConfigDelta = {};
  const kinds: KindEvidence[] = [];
  for (const [kind, docs] of members) {
    const builtIn = defaults.kinds.find((k) => k.name === kind)!;
    const { kindDelta, evidence } = await describeKind(builtIn, docs, files, kindRoots.get(kind), pace);
    if (docs.length > 0) kinds.push(evidence);
    // The numbering alone is no reason to write a config: without one it is learned at each check.
    if (Object.keys(kindDelta).some((key) => key !== 'fileName')) (delta.kinds ??= {})[kind] = kindDelta;
  }
  const agents = files.filter((f) => baseOf(f) === 'AGENTS.md');
  return { delta, kinds, agents };
}

/** A numbered document that reads like a decision record: a status, and a context or decision. */
function looksLikeAdr(d: Doc): boolean {
  const status = d.keys.has('status') || d.headings.has('status') || d.facts.statusLine;
  const about = [...d.headings].some((h) => /context|decision|problem statement|considered options/.test(h));
  return status && about;
}

/** The format of an ADR and the profile the engine reads it with. */
function adrFormat(d: Doc, kind: KindConfig): { format: string; profile: string } {
  const fm = d.facts.frontMatter;
  const dated = isDateDigits(NUMBERED.exec(baseOf(d.file))?.[2] ?? '');
  const opsdocs = [kind.fields.id, kind.fields.title, kind.fields.supersededBy, kind.fields.supersedes];
  // A site's front matter (a title) on an ADR whose status is in its body, as the engine reads it.
  if (d.facts.statusInBody) return { format: 'Nygard/adr-tools (Status section)', profile: 'adr-nygard' };
  if (fm && opsdocs.some((k) => k && d.keys.has(k)))
    return { format: 'OpsDocs front matter', profile: 'adr' };
  if (fm && d.keys.has('deciders') && !dated) return { format: 'MADR 3 (front matter)', profile: 'adr-madr' };
  if (fm)
    return {
      format: dated ? 'log4brains (MADR, dated file names)' : 'MADR 4 (front matter status/date)',
      profile: 'adr-madr',
    };
  if (d.facts.madr2) return { format: 'MADR 2 (`* Status:` lines)', profile: 'adr-nygard' };
  return { format: 'Nygard/adr-tools (Status section)', profile: 'adr-nygard' };
}

/**
 * The team's own status values of a kind whose built-in schema lists the values, when they do not
 * fit it (see `learnStatuses`). ADRs in MADR or Nygard format are read with profiles of their own,
 * which take any status: only those of the OpsDocs front matter count.
 */
function statusesOf(kind: KindConfig, docs: Doc[]): LearnedStatuses | undefined {
  const allowed = BUILTIN_SCHEMA[kind.name]?.properties?.[kind.fields.status]?.enum;
  if (!Array.isArray(allowed)) return undefined;
  const read = kind.name === 'adr' ? docs.filter((d) => adrFormat(d, kind).profile === 'adr') : docs;
  const used = read.flatMap((d) => (d.facts.status === undefined ? [] : [d.facts.status]));
  return learnStatuses(kind, allowed as string[], used, { minDocs: MIN_DOCS_TO_LEARN, nearlyAll });
}

/** The id style a document's file name and title use. */
function idStyles(d: Doc): string[] {
  const out: string[] = [];
  const m = NUMBERED.exec(baseOf(d.file));
  if (startsWithDate(baseOf(d.file))) out.push('dated file names YYYY-MM-DD-x.md');
  else if (m)
    out.push(
      isDateDigits(m[2])
        ? 'dated file names YYYYMMDD-x.md'
        : m[1]
          ? `file names ${m[1].replace(/[-_ ]$/, '')}-${'N'.repeat(m[2].length)}-x.md`
          : `file names ${'N'.repeat(m[2].length)}-x.md`,
    );
  const title = d.facts.title;
  if (/^ADR-\d+/i.test(title)) out.push('ADR-N in titles');
  else if (/^ADR\s+\d+/i.test(title)) out.push('"ADR N" in titles');
  else if (/^\d+\.\s/.test(title)) out.push('"N. Title" titles');
  return out;
}

/** The file-name numbering nearly all of at least {@link MIN_DOCS_TO_LEARN} documents share. */
function sharedFileName(docs: Doc[]): { pattern: string; has: number; docs: number } | undefined {
  if (docs.length < MIN_DOCS_TO_LEARN) return undefined;
  const byPattern = new Map<string, number>();
  for (const d of docs) {
    const p = fileNamePattern(baseOf(d.file));
    if (p) byPattern.set(p, (byPattern.get(p) ?? 0) + 1);
  }
  const [pattern, has] = [...byPattern].sort((a, b) => b[1] - a[1])[0] ?? [];
  if (!pattern || has < docs.length - nearlyAll(docs.length)) return undefined;
  // Numbers written without leading zeros (`OPS-9.md`, `OPS-10.md`) have no width to keep: the
  // numbering of one width is no rule for the others.
  const anyWidth = (p: string) => p.replace(/N+/, 'N');
  const widths = [...byPattern.keys()].filter((p) => p !== pattern && anyWidth(p) === anyWidth(pattern));
  const padded = docs.some((d) => /^0\d/.test(NUMBERED.exec(baseOf(d.file))?.[2] ?? ''));
  if (widths.length > 0 && !padded) return undefined;
  return { pattern, has, docs: docs.length };
}

/**
 * The sections nearly all the documents have (all but a tenth of them, or all but one in a smaller
 * folder), in their usual order: each document's top sections (its shallowest headings below the
 * title, `##` as a rule), so optional subsections (`### Positive` under Consequences) are not taken
 * for required ones.
 */
async function commonSections(docs: Doc[], pace: Pacer): Promise<{ text: string; count: number }[]> {
  const seen = new Map<string, { text: string; count: number; at: number }>();
  for (const d of docs) {
    if (pace.due()) await pace.rest();
    const hs = d.facts.top;
    const once = new Set<string>();
    hs.forEach((text, i) => {
      const n = norm(text);
      if (!n || once.has(n)) return;
      once.add(n);
      const e = seen.get(n) ?? { text: text.trim().replace(/[:.]+$/, ''), count: 0, at: 0 };
      e.count++;
      e.at += i / Math.max(hs.length, 1);
      seen.set(n, e);
    });
  }
  // Nearly all: at most a tenth of the documents may lack it, and always one.
  const lacking = nearlyAll(docs.length);
  return [...seen.values()]
    .filter((e) => e.count >= docs.length - lacking)
    .sort((a, b) => a.at / a.count - b.at / b.count)
    .map(({ text, count }) => ({ text, count }));
}

/**
 * The front-matter keys nearly all `docs` have (none unless nearly all have front matter), in the
 * order they first appear, each with the type nearly all of those give it (else `any`).
 */
function commonFields(docs: Doc[]): { key: string; type: FieldType; has: number; typed: number }[] {
  const lacking = nearlyAll(docs.length);
  if (docs.filter((d) => d.keys.size === 0).length > lacking) return [];
  const values = new Map<string, (FieldType | 'null')[]>();
  for (const d of docs)
    for (const [k, type] of d.facts.fields) {
      const list = values.get(k);
      if (list) list.push(type);
      else values.set(k, [type]);
    }
  const out: { key: string; type: FieldType; has: number; typed: number }[] = [];
  for (const [key, vs] of values) {
    if (vs.length < docs.length - lacking) continue;
    const byType = new Map<FieldType, number>();
    for (const t of vs) if (t !== 'null') byType.set(t, (byType.get(t) ?? 0) + 1);
    const [top, typed] = [...byType].sort((a, b) => b[1] - a[1])[0] ?? ['any', 0];
    const learnedType = vs.length - typed <= nearlyAll(vs.length) ? top : 'any';
    out.push({ key, type: learnedType, has: vs.length, typed: learnedType === 'any' ? vs.length : typed });
  }
  return out;
}

/**
 * Globs that match exactly the documents `docs` among `files`: the built-in ones when they take
 * every document, else each ADR folder's `*.md` or each root folder's `**\/*.md` (kinds filed in
 * sub-folders, `runbooks/<team>/x.md`); then the kind's excludes, index pages by name and any other
 * file the globs would take by path.
 */
async function globsFor(
  kind: KindConfig,
  docs: Doc[],
  files: string[],
  roots: string[] | undefined,
  pace: Pacer,
): Promise<{ include: string[]; exclude: string[] }> {
  const mine = new Set(docs.map((d) => d.file));
  const builtIn = globMatcher(kind.include);
  const folders = roots ?? [...new Set(docs.map((d) => folderOf(d.file)))];
  const include = docs.every((d) => builtIn(d.file))
    ? kind.include
    : folders.sort().map((f) => (f ? `${f}/` : '') + (roots ? '**/*.md' : '*.md'));
  const inc = globMatcher(include);
  // A built-in exclude that would take a document (`*template*` and "…their templates.md") goes.
  const exclude = kind.exclude.filter((g) => {
    const takes = globMatcher([g]);
    return !docs.some((d) => takes(d.file));
  });
  let excluded = globMatcher(exclude);
  for (const f of files) {
    if (pace.due()) await pace.rest();
    if (!inc(f) || mine.has(f) || excluded(f)) continue;
    exclude.push(INDEX_PAGE.test(baseOf(f)) ? `**/${baseOf(f)}` : f);
    excluded = globMatcher(exclude);
  }
  return { include, exclude };
}

/** The config delta and the evidence of one kind. */
async function describeKind(
  builtIn: KindConfig,
  docs: Doc[],
  files: string[],
  roots: string[] | undefined,
  pace: Pacer,
): Promise<{ kindDelta: KindDelta; evidence: KindEvidence }> {
  const kind = builtIn.name;
  const kindDelta: KindDelta = {};
  // Counted in a Map: a folder may be named `constructor` or `__proto__`.
  const count = (xs: string[]) => {
    const out = new Map<string, number>();
    for (const x of xs) out.set(x, (out.get(x) ?? 0) + 1);
    return Object.fromEntries(out);
  };
  const folders = Object.entries(count(docs.map((d) => folderOf(d.file)))).map(([folder, n]) => ({
    folder,
    files: n,
  }));
  const evidence: KindEvidence = { kind, folders, formats: {}, ids: {}, shape: '' };
  const { include, exclude } = await globsFor(builtIn, docs, files, roots, pace);
  if (include !== builtIn.include) kindDelta.include = include;
  if (exclude.join('\n') !== builtIn.exclude.join('\n')) kindDelta.exclude = exclude;
  if (docs.length === 0) {
    evidence.shape = 'none found';
    return { kindDelta, evidence };
  }
  const styles: string[] = [];
  for (const d of docs) {
    if (pace.due()) await pace.rest();
    styles.push(...idStyles(d));
  }
  evidence.ids = count(styles);
  const numbering = sharedFileName(docs);
  if (numbering) {
    kindDelta.fileName = numbering.pattern;
    evidence.fileName = numbering;
  }
  const statuses = statusesOf(builtIn, docs);
  if (statuses) {
    kindDelta.statuses = statuses.statuses;
    for (const key of ['doneStatuses', 'blockedStatuses', 'supersededStatuses'] as const)
      if (statuses[key].length !== builtIn[key].length) kindDelta[key] = statuses[key];
    evidence.statuses = statuses.counts;
  }
  let fits: number;
  if (kind === 'adr') {
    // Every ADR format has a built-in profile; only the sections can be a template of their own.
    // A sign-post (the record kept elsewhere) follows no template.
    docs = docs.filter((d) => !d.facts.signPost);
    const formats = new Map<Doc, { format: string; profile: string }>();
    for (const d of docs) {
      if (pace.due()) await pace.rest();
      formats.set(d, adrFormat(d, builtIn));
    }
    evidence.formats = count([...formats.values()].map((f) => f.format));
    fits = docs.filter((d) => d.facts.fits.includes(formats.get(d)!.profile)).length;
    const share = `${fits} of ${docs.length} have the built-in sections`;
    evidence.followsBuiltIn =
      docs.length - fits <= nearlyAll(docs.length) && docs.length >= MIN_DOCS_TO_LEARN;
    if (docs.length - fits <= nearlyAll(docs.length) || docs.length < MIN_DOCS_TO_LEARN) {
      evidence.shape = `${share}: kept${fits < docs.length ? ' (the others are reported)' : ''}`;
      return { kindDelta, evidence };
    }
  } else {
    // With the built-in front matter the built-in shape is theirs; without, a format of their own.
    const schema = BUILTIN_SCHEMA[kind];
    const withFields = (d: Doc) => (schema.required ?? []).every((k) => d.keys.has(k));
    evidence.formats = count(
      docs.map((d) =>
        withFields(d) ? 'OpsDocs front matter' : d.keys.size ? 'other front matter' : 'no front matter',
      ),
    );
    fits = docs.filter(withFields).length;
    if (fits >= docs.length / 2) {
      evidence.followsBuiltIn = docs.length >= MIN_DOCS_TO_LEARN;
      evidence.shape = `${fits} of ${docs.length} have the built-in front matter: the built-in shape kept`;
      return { kindDelta, evidence };
    }
    kindDelta.schema = '';
    delete kindDelta.statuses; // no schema lists the values; their meanings stay
    // A page without any section (an alias: "See [X](x.md)") is no document of the template.
    const stubs = docs.filter((d) => d.headings.size === 0);
    if (stubs.length > 0 && stubs.length < docs.length) {
      const exclude = [...(kindDelta.exclude ?? builtIn.exclude), ...stubs.map((d) => d.file)];
      kindDelta.exclude = exclude;
      docs = docs.filter((d) => d.headings.size > 0);
      evidence.stubs = stubs.map((d) => d.file);
    }
    if (docs.length < MIN_DOCS_TO_LEARN) {
      kindDelta.sections = [];
      evidence.shape = `${fits} of ${docs.length} have the built-in front matter: checked without a schema; too few to learn their sections: none required`;
      return { kindDelta, evidence };
    }
  }
  // A heading that holds a field (an ADR's `## Status`) is checked as that field, not as a section.
  const named: Record<string, string | undefined> = { ...builtIn.fields };
  const fieldNames = [...Object.values(named), 'status', 'date'];
  const fields = new Set(fieldNames.map((f) => norm(f ?? '')));
  const common = (await commonSections(docs, pace)).filter((c) => !fields.has(norm(c.text)));
  const learned = common.map((c) => c.text);
  evidence.learnedSections = learned;
  evidence.sectionCounts = Object.fromEntries(common.map((c) => [c.text, c.count]));
  evidence.learnedFrom = docs.length;
  kindDelta.sections = learned;
  // ADRs' front matter is their profile's (OpsDocs, MADR); other kinds' is learned with the sections.
  const shared = kind === 'adr' ? [] : commonFields(docs);
  if (shared.length > 0) {
    kindDelta.frontMatter = Object.fromEntries(shared.map((f) => [f.key, f.type]));
    evidence.fieldCounts = Object.fromEntries(shared.map((f) => [f.key, { has: f.has, typed: f.typed }]));
  }
  const what =
    kind === 'adr' ? 'sections' : shared.length ? 'front matter' : 'front matter: checked without a schema';
  const keys = shared.map((f) => (f.type === 'any' ? f.key : `${f.key} (${f.type})`));
  evidence.shape = `${fits} of ${docs.length} have the built-in ${what}; their own template: ${
    learned.length
      ? `sections in nearly all: ${learned.join(', ')}`
      : 'no section shared by nearly all, none required'
  }${keys.length ? `; front matter in nearly all: ${keys.join(', ')}` : ''}`;
  return { kindDelta, evidence };
}
