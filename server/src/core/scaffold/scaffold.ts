import { ownersOf } from '../parse/codeowners.js';
import * as path from 'node:path';
import { findNodeAtLocation, parseTree, printParseErrorCode, type ParseError } from 'jsonc-parser';
import type { IndexView } from '../index/view.js';
import type { FieldType, KindConfig } from '../config.js';
import type { DocInfo } from '../index/docInfo.js';
import type { SectionRequirement } from '../schemas/registry.js';
import {
  addAgentsEntry,
  addEdit,
  at,
  emptyEdits,
  inLineBreaksOf,
  linkDestination,
  wrapListItem,
  relativePath,
  type WorkspaceEdits,
} from '../features/edits.js';
import { setFrontMatterValue } from '../features/yamlEdits.js';
import { normaliseId } from '../util/ids.js';
import { adrLogs, successorOf } from '../model/adr.js';
import { LineIndex } from '../parse/lines.js';
import { parse as parseYaml } from 'yaml';
import { checkDescription, checkName, checkTitle, markdownText, ScaffoldError, slugify } from './names.js';
import { globMatcher } from '../util/globs.js';
import { fileNumber } from '../checks/links/collision.js';
import { KindMatcher } from '../index/docInfo.js';
import { isMarkdownFile, startsWithDate } from '../model/fileNames.js';

/** What a scaffold makes: the edits (one undoable step) and the file to open. */
export interface Scaffold {
  edits: WorkspaceEdits;
  open: string;
}

type DocKind = 'adr' | 'runbook' | 'policy' | 'task';

/**
 * A string as a YAML value: as written when YAML reads it back as that very string, else quoted
 * (`null`, `true`, `42`, `0x1F`, `.inf` are not strings to YAML).
 */
const yamlScalar = (v: string) =>
  /^[\w .,/()@+-]*$/.test(v) &&
  !/^[-?:,[\]{}#&*!|>'"%@`]/.test(v) &&
  !/: /.test(v) &&
  v.trim() === v &&
  v !== '' &&
  readsAsString(v)
    ? v
    : JSON.stringify(v);

function readsAsString(v: string): boolean {
  try {
    return parseYaml(v) === v;
  } catch {
    return false;
  }
}

function kindOf(view: IndexView, name: string): KindConfig {
  const k = view.config.kinds.find((x) => x.name === name);
  if (!k) throw new ScaffoldError(`There is no "${name}" kind in the configuration.`);
  return k;
}

function docsOf(view: IndexView, kind: KindConfig): DocInfo[] {
  return view.documents().filter((d) => d.kind === kind);
}

/**
 * The numbers of `prefix` ids already taken: by any document (its id, or the number its file name
 * starts with when it is of `kind`) and by any mention (`superseded_by: ADR-009` with no ADR-009
 * yet, `depends_on: TASK-12`, `ADR-9` in prose): a new document never takes one, so no dangling
 * reference suddenly lands on an unrelated document; by the names of the files of `kind` that are
 * not read as documents; and by the files of `kind` that other local or remote-tracking branches
 * add (`elsewhere`, from git), so two branches do not both take ADR-012; and by numbered Markdown
 * files in folders below the kind's documents (an archive).
 */
function takenNumbers(
  view: IndexView,
  prefix: string,
  kind: KindConfig,
  elsewhere: readonly string[],
  log?: string,
): number[] {
  // In one of several ADR logs (a monorepo's services): only that log's files and ADRs count.
  const inLog = (f: string) => log === undefined || view.adrLog(f) === log;
  const out: number[] = [];
  const inKind = globMatcher(kind.include);
  const excluded = globMatcher(kind.exclude ?? []);
  const take = (f: string) => {
    const num = fileNumber(f);
    if (num && (num.prefix === '' || num.prefix === prefix)) out.push(num.n);
  };
  // Files of the kind by their names (`ADR-012-x.md`, `0012-x.md`): those other branches add, and
  // any of this tree in the kind's folders, read as a document or not (binary, too large: a
  // learned configuration excludes those), so no number is taken twice.
  for (const f of elsewhere) if (inKind(f) && !excluded(f) && inLog(f)) take(f);
  // And the Markdown files in folders below the kind's documents (`doc/adr/archive/0003-x.md`,
  // which the kind's `doc/adr/*.md` does not take): a record moved aside keeps its number.
  const folders = [
    ...new Set(
      docsOf(view, kind)
        .filter((d) => inLog(d.file))
        .map((d) => `${path.posix.dirname(d.file)}/`),
    ),
  ];
  const below = (f: string) =>
    isMarkdownFile(f) && folders.some((d) => f.startsWith(d) && f.includes('/', d.length));
  for (const f of view.allFiles()) if ((inKind(f) && !view.doc(f) && inLog(f)) || below(f)) take(f);
  const add = (id: string | undefined) => {
    const m = id && /^(.*)-(\d+)$/.exec(normaliseId(id));
    if (m && m[1] === prefix) out.push(Number(m[2]));
  };
  for (const d of view.documents()) {
    if (log !== undefined && (d.kind !== kind || !inLog(d.file))) continue;
    add(d.id);
    const numbered = d.kind === kind ? fileNumber(d.file) : undefined;
    if (numbered) out.push(numbered.n);
    for (const r of d.refs)
      if ((r.kind === 'id' && !r.loose) || (r.kind === 'field' && !r.base)) add(r.target);
  }
  // A number past 2^53 (`ADR-99999999999999999999999` in prose) is no sequence to continue: the
  // next one would be written `1e+23`.
  return out.filter((n) => Number.isSafeInteger(n));
}

/** The folder most documents of a kind (or `docs` of it) are in, else the static part of its first glob. */
function folderFor(view: IndexView, kind: KindConfig, docs = docsOf(view, kind)): string {
  const best = mostCommon(docs.map((d) => path.posix.dirname(d.file)).sort(byText));
  if (best !== undefined) return best;
  // The folders its first glob names: `**` stands for none, `{adr,decisions}` for its first
  // choice (`**/adr/*.md` → adr, `docs/{adr,decisions}/*.md` → docs/adr), up to a wildcard.
  const folders: string[] = [];
  for (const part of (kind.include[0] ?? `${kind.name}/x`).split('/').slice(0, -1)) {
    const choice = /^\{([^{}*?[\],]+),[^{}]*\}$/.exec(part)?.[1];
    if (part === '**') continue;
    if (choice === undefined && /[*?{[!]/.test(part)) break;
    folders.push(choice ?? part);
  }
  return folders.join('/') || '.';
}

/** The most common value of a field among documents of a kind (e.g. the usual owner). */
function usual(view: IndexView, kind: KindConfig, field: string): string | undefined {
  const values = docsOf(view, kind)
    .map((d) => d.data[field])
    .filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return mostCommon(values.sort(byText)); // ties: the first by text
}

const byText = (a: string, b: string) => a.localeCompare(b);

function sectionsOf(
  view: IndexView,
  kind: KindConfig,
  profile: DocInfo['profile'] = 'front-matter',
): string[] {
  return (kind.sections ?? view.schemaOf({ kind, profile })?.sections ?? []).map((s: SectionRequirement) =>
    Array.isArray(s) ? s[0] : s,
  );
}

/**
 * A new document's value for a key of its kind's own front matter, as YAML: the value most of the
 * kind's documents have (a scalar of the key's type), today for a date, else an empty one of the
 * type.
 */
function startValue(view: IndexView, kind: KindConfig, key: string, type: FieldType, today: string): string {
  const values = docsOf(view, kind)
    .map((d) => d.data[key])
    .filter(
      (v): v is string | number | boolean =>
        ['string', 'number', 'boolean'].includes(typeof v) && (type === 'any' || typeof v === type),
    );
  const common = mostCommon(values);
  if (typeof common === 'string' && /^\d{4}-\d\d-\d\d$/.test(common)) return today;
  if (common !== undefined) return typeof common === 'string' ? yamlScalar(common) : String(common);
  return { array: '[]', object: '{}', number: '0', boolean: 'false' }[type as string] ?? '""';
}

/**
 * The keys the kind's schema requires that the front-matter lines `written` lack (a team schema's
 * `deciders`), each with its start value: the schema's default or first choice, else as
 * {@link startValue} gives it for the schema's type.
 */
function requiredRest(view: IndexView, kind: KindConfig, written: string[], today: string): string[] {
  const schema = frontMatterSchema(view, kind);
  const have = new Set(written.map((l) => l.slice(0, l.indexOf(':'))));
  const required = Array.isArray(schema?.required) ? (schema.required as unknown[]) : [];
  return required
    .filter((k): k is string => typeof k === 'string' && !have.has(yamlScalar(k)))
    .map((key) => {
      const t = schema?.properties?.[key]?.type;
      const type: FieldType =
        typeof t === 'string' && t !== 'integer' && t !== 'null' ? (t as FieldType) : 'any';
      return `${yamlScalar(key)}: ${enumFirst(view, kind, key) ?? startValue(view, kind, key, t === 'integer' ? 'number' : type, today)}`;
    });
}

/** The kind's front-matter JSON Schema, as data (what the scaffold reads of it). */
function frontMatterSchema(view: IndexView, kind: KindConfig) {
  return view.schemaOf({ kind, profile: 'front-matter' })?.validate.schema as
    | {
        required?: unknown;
        properties?: Record<string, { type?: unknown; enum?: unknown[]; default?: unknown }>;
      }
    | undefined;
}

function enumFirst(view: IndexView, kind: KindConfig, field: string): string | undefined {
  const p = frontMatterSchema(view, kind)?.properties?.[field];
  const value = p?.default !== undefined ? p.default : p?.enum?.[0];
  if (value === undefined) return undefined;
  const scalar = typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
  return scalar ? String(value) : JSON.stringify(value); // a list or map default, as YAML flow
}

function create(view: IndexView, file: string, text: string, kind?: KindConfig): WorkspaceEdits {
  if (view.hasFile(file)) throw new ScaffoldError(`${file} already exists; choose another name.`);
  checkName(path.posix.basename(file), 'file name');
  if (kind) checkReadAs(view, kind, file);
  return { ...emptyEdits(), creates: [{ file, text }] };
}

/**
 * Refuses a new document that would not be read as its kind: a file the configuration excludes
 * (the ADR kind's exclude glob of template files takes "Use a template engine"), or that no glob
 * of the kind takes (a custom `include` the folder or name does not fit). It would be in no
 * digest, checked by no schema, and its id unknown.
 */
function checkReadAs(view: IndexView, kind: KindConfig, file: string): void {
  if (view.isGitIgnored(file))
    throw new ScaffoldError(
      `${file} would not be read as a document of the ${kind.name} kind: a .gitignore leaves it out (not in the repository). Nothing was created; choose another folder, or change the .gitignore.`,
    );
  const matcher = new KindMatcher(view.config);
  const takenBy = matcher.kindOf(file);
  if (takenBy === kind && !matcher.isExcluded(file) && !matcher.isFixture(file)) return;
  const first = (globs: string[]) => globs.find((g) => globMatcher([g])(file));
  const excludedBy = first(view.config.exclude) ?? first(view.config.fixtures);
  const ownExclude = globMatcher(kind.include)(file) ? first(kind.exclude ?? []) : undefined;
  const why =
    excludedBy !== undefined
      ? `the configuration's glob \`${excludedBy}\` leaves it out`
      : ownExclude !== undefined
        ? `the ${kind.name} kind's exclude glob \`${ownExclude}\` takes it`
        : takenBy
          ? `the ${takenBy.name} kind's globs take it first`
          : `no glob of the ${kind.name} kind takes it (${kind.include.map((g) => `\`${g}\``).join(', ')})`;
  throw new ScaffoldError(
    `${file} would not be read as a document of the ${kind.name} kind: ${why}. Nothing was created; choose another title, or change the globs in .opsdocs.json.`,
  );
}

/** The number width and file-name style of the existing ADRs (`ADR-001-x.md` or `0001-x.md`). */
function adrStyle(adrs: DocInfo[]): {
  width: number;
  prefix: string;
  dated?: 'YYYYMMDD' | 'YYYY-MM-DD';
} {
  const names = adrs.map((d) => path.posix.basename(d.file));
  const prefixed = names.filter((n) => /^ADR-\d+/i.test(n)).length;
  const bare = names.filter((n) => /^\d+/.test(n)).length;
  const width = mostCommon(names.map((n) => /(\d+)/.exec(n)?.[1].length ?? 3)) ?? 3;
  // Dated when most names start with a date: log4brains' `20240305-x.md`, or `2024-03-05-x.md`.
  const dates = names.filter((n) => startsWithDate(n, /^\d{8}(?=-)/.exec(n)?.[0]));
  const dashed = dates.filter((n) => /^\d{4}-/.test(n)).length;
  const dated =
    dates.length > names.length / 2 ? (dashed > dates.length / 2 ? 'YYYY-MM-DD' : 'YYYYMMDD') : undefined;
  return { width, prefix: bare > prefixed ? '' : 'ADR-', ...(dated ? { dated } : {}) };
}

/** The value most of `values` have (the first of those tied), or undefined when there is none. */
function mostCommon<T>(values: T[]): T | undefined {
  const counts = new Map<T, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/**
 * A new ADR: the next number not used by any ADR (in any folder of the kind), numbered and named
 * like the existing ones, front matter from the schema, required sections. With `supersedes`,
 * the old ADR is marked superseded in the same edit, in its own form (see {@link supersede});
 * one already superseded by another ADR is refused.
 *
 * Where ADRs are kept in several logs, each numbered on its own (a monorepo's services, see
 * {@link adrLogs}), the new ADR goes into one and is numbered and written as that log's ADRs
 * are: the `log` given, else the superseded ADR's; with neither it is refused, naming the logs. An
 * id that ADRs of several logs have is superseded only with its log named.
 */
export function newAdr(
  view: IndexView,
  title: string,
  today: string,
  supersedes?: string,
  options: {
    /** The files other branches add (their numbers are taken). */
    elsewhere?: readonly string[];
    /** The folder of the log the new ADR goes into (`docs/adr`, `./docs/adr/` alike). */
    log?: string;
    /** The file of the ADR `supersedes` names, where several logs have the id. */
    supersedesFile?: string;
  } = {},
): Scaffold {
  const { elsewhere = [], supersedesFile } = options;
  const log = options.log?.replace(/\\/g, '/').replace(/^(\.\/)+|\/+$/g, '');
  const kind = kindOf(view, 'adr');
  const all = docsOf(view, kind);
  const { byLog, separate } = adrLogs(view, all);
  const names = [...byLog.keys()].sort(byText);
  if (log !== undefined && !names.includes(log))
    throw new ScaffoldError(`${log || '""'} is no ADR log here; the logs are ${names.join(', ') || 'none'}.`);
  const holders = supersedes
    ? view
        .byId(supersedes)
        .filter(
          (d) =>
            d.kind === kind &&
            (supersedesFile === undefined || d.file === supersedesFile) &&
            (log === undefined || view.adrLog(d.file) === log),
        )
    : [];
  const holderLogs = [...new Set(holders.map((d) => view.adrLog(d.file)))].sort(byText);
  if (holderLogs.length > 1)
    throw new ScaffoldError(
      `${supersedes} is in ${holderLogs.length} ADR logs (${holderLogs.join(', ')}): name the log of the one the new ADR supersedes.`,
    );
  const old = holders[0];
  if (supersedes && !old)
    throw new ScaffoldError(
      `No ADR has the id ${supersedes}${supersedesFile !== undefined ? ` in ${supersedesFile}` : log !== undefined ? ` in ${log}` : ''}.`,
    );
  // Logs numbered on their own: the new ADR is numbered in one — the log given, else the
  // superseded ADR's; with neither, none is guessed. One sequence in several folders: numbered
  // after all, written into the log given, else where most ADRs are.
  const numberedIn = separate ? (log ?? (old && view.adrLog(old.file))) : undefined;
  if (separate && numberedIn === undefined)
    throw new ScaffoldError(
      `ADRs here are kept in ${names.length} logs numbered on their own (${names.join(', ')}): name the log the new ADR goes into.`,
    );
  const into = numberedIn ?? log;
  const adrs = into === undefined ? all : byLog.get(into)!;
  const next = Math.max(0, ...takenNumbers(view, 'ADR', kind, elsewhere, numberedIn)) + 1;
  const { width, prefix, dated } = adrStyle(adrs);
  const num = String(next).padStart(width, '0');
  const name = checkTitle(title);
  // A dated log (log4brains' `20240305-x.md`, `2024-03-05-x.md`) names ADRs by day, not number.
  const stem = dated === 'YYYYMMDD' ? today.replace(/-/g, '') : dated ? today : `${prefix}${num}`;
  const id = dated ? undefined : `ADR-${num}`;
  const file = path.posix.join(folderFor(view, kind, adrs), `${stem}-${slugify(name)}.md`);
  // The format most ADRs are written in: Nygard (a `## Status` section or `Status:` lines), MADR
  // (status and date in front matter, the title in the H1), else OpsDocs' own front matter.
  const most = (profile: DocInfo['profile']) =>
    adrs.filter((d) => d.profile === profile).length > adrs.length / 2;
  const format = most('nygard') ? 'nygard' : most('madr') ? 'madr' : 'front-matter';
  const nygard = format === 'nygard';
  // MADR 2 is read as Nygard too, its status on a `* Status:` line instead of in a section.
  const nygards = adrs.filter((d) => d.profile === 'nygard');
  const madr2 = nygard && nygards.filter((d) => !d.parsed.statusSection).length > nygards.length / 2;
  const heading =
    nygard && !madr2 && !dated
      ? `${next}. ${name}`
      : id && format === 'front-matter'
        ? `${id}: ${name}`
        : name;
  const by = old && successorOf(old);
  if (old && by && (!id || normaliseId(by) !== normaliseId(id))) {
    throw new ScaffoldError(
      `${old.id} is already superseded by ${by}; supersede that ADR instead, or change ${old.file} by hand.`,
    );
  }
  const sections = sectionsOf(view, kind, format);
  const body = sections.map((s) => `## ${s}\n\n`).join('');
  let text: string;
  const f = kind.fields;
  // A new ADR's status and date, as MADR and OpsDocs front matter write them.
  const dating = [`${f.status}: ${enumFirst(view, kind, f.status) ?? 'proposed'}`, `date: ${today}`];
  if (format === 'madr') {
    text = `---\n${dating.join('\n')}\n---\n\n# ${markdownText(heading)}\n\n${body}`;
  } else if (nygard) {
    const oldTitle = old ? (old.parsed.headings.find((h) => h.depth === 1)?.text ?? old.id ?? '') : '';
    const sup = old
      ? `\n\nSupersedes [${markdownText(oldTitle)}](${linkDestination(relativePath(file, old.file))})`
      : '';
    text = madr2
      ? `# ${markdownText(heading)}\n\n* Status: proposed\n* Date: ${today}${sup}\n\n${body}`
      : `# ${markdownText(heading)}\n\nDate: ${today}\n\n## Status\n\nProposed${sup}\n\n${body}`;
  } else {
    const fm = [...(id ? [`${f.id}: ${id}`] : []), `${f.title}: ${yamlScalar(name)}`, ...dating];
    if (old && f.supersedes) fm.push(`${f.supersedes}: [${old.id}]`);
    fm.push(...requiredRest(view, kind, fm, today));
    // The title is the front matter's: an H1 besides it would be a second title (markdownlint MD025).
    text = `---\n${fm.join('\n')}\n---\n\n${body}`;
  }
  const edits = create(view, file, text.replace(/\n+$/, '\n'), kind);
  if (old) supersede(old, { id, file, heading }, edits);
  return { edits, open: file };
}

/**
 * Marks an ADR superseded by the new one, in the ADR's own form: OpsDocs front matter gets its
 * superseded status and `superseded_by`; MADR gets `status: superseded by ADR-0004`; a
 * Nygard / adr-tools ADR gets "Superseded by [4. Title](0004-title.md)" as its status.
 */
function supersede(
  old: DocInfo,
  by: { id?: string; file: string; heading: string },
  w: WorkspaceEdits,
): void {
  const f = old.kind!.fields;
  // A new ADR without an id (in a dated log) is named by a link.
  const link = `[${markdownText(by.heading)}](${linkDestination(relativePath(old.file, by.file))})`;
  if (old.profile === 'nygard') {
    const text = `Superseded by ${link}`;
    const written = old.data[f.status];
    if (old.parsed.statusSection)
      addEdit(w, old.file, { range: old.parsed.statusSection.range, newText: text });
    else if (typeof written === 'string') {
      // A `Status: accepted` line: only its value changes.
      const line = old.locate([f.status]).value.start.line;
      const end = old.parsed.lines.lineText(line).trimEnd().length;
      addEdit(w, old.file, {
        range: { start: { line, character: end - written.length }, end: { line, character: end } },
        newText: text,
      });
    } else {
      const h2 = old.parsed.headings.find((h) => h.depth === 2);
      const line = h2 ? h2.range.start.line : old.parsed.lines.lineCount;
      addEdit(w, old.file, {
        range: at(line),
        newText: `${h2 ? '' : '\n'}## Status\n\n${text}\n${h2 ? '\n' : ''}`,
      });
    }
    return;
  }
  if (!old.parsed.frontMatter) return;
  const status =
    old.profile === 'madr'
      ? `superseded by ${by.id ?? link}`
      : (old.kind!.supersededStatuses[0] ?? 'superseded');
  const written =
    setFrontMatterValue(w, old, f.status, status) &&
    (old.profile === 'madr' ||
      !f.supersededBy ||
      !by.id ||
      setFrontMatterValue(w, old, f.supersededBy, by.id));
  if (!written)
    throw new ScaffoldError(
      `The front matter of ${old.file} cannot be edited to mark it superseded (it does not read as a YAML mapping); nothing was created.`,
    );
}

/** A new runbook, policy or task from its schema (tasks continue the id sequence). */
export function newDoc(
  view: IndexView,
  kindName: Exclude<DocKind, 'adr'>,
  title: string,
  today: string,
  elsewhere: readonly string[] = [],
): Scaffold {
  const kind = kindOf(view, kindName);
  const name = checkTitle(title);
  const f = kind.fields;
  const folder = folderFor(view, kind);
  const fm: string[] = [];
  let base = slugify(name);
  if (kindName === 'task') {
    const ids = docsOf(view, kind)
      .map((d) => d.id)
      .filter((x): x is string => !!x);
    const prefix = mostCommon(ids.map((i) => i.replace(/-\d+$/, ''))) ?? 'TASK';
    const same = ids.filter((i) => i.replace(/-\d+$/, '') === prefix);
    const width = mostCommon(same.map((i) => /(\d+)$/.exec(i)?.[1].length ?? 3)) ?? 3;
    const n = Math.max(0, ...takenNumbers(view, normaliseId(prefix), kind, elsewhere)) + 1;
    const id = `${prefix}-${String(n).padStart(width, '0')}`;
    fm.push(`${f.id}: ${id}`);
    base = `${id}-${base}`;
  }
  fm.push(`${f.title}: ${yamlScalar(name)}`);
  if (kindName === 'task') fm.push(`${f.status}: ${enumFirst(view, kind, f.status) ?? 'todo'}`);
  const own = !kind.schema && kind.frontMatter;
  if (own) {
    // A kind with front-matter keys of its own (learned from its documents, or declared without
    // a schema): those keys, each with the value most documents give it (today for a date).
    const written = new Set([f.title, ...(kindName === 'task' ? [f.id, f.status] : [])]);
    for (const [key, type] of Object.entries(own))
      if (!written.has(key)) fm.push(`${yamlScalar(key)}: ${startValue(view, kind, key, type, today)}`);
  } else {
    // The kind's usual owner, else the CODEOWNERS owner of the new file (GitHub's first file).
    const codeowners = view.codeownersFiles()?.[0];
    const owner =
      usual(view, kind, f.owner) ??
      (codeowners && ownersOf(codeowners, path.posix.join(folder, `${base}.md`))[0]);
    fm.push(`${f.owner}: ${owner ? yamlScalar(owner) : '""'}`);
    if (f.lastReviewed) fm.push(`${f.lastReviewed}: ${today}`);
    if (f.reviewEveryDays) fm.push(`${f.reviewEveryDays}: ${view.config.reviewEveryDays}`);
  }
  fm.push(...requiredRest(view, kind, fm, today));
  const sections = sectionsOf(view, kind);
  const file = path.posix.join(folder, `${base}.md`);
  const body = sections.length
    ? sections.map((s) => `## ${s}\n\n`).join('')
    : kindName === 'task'
      ? '- [ ] First step\n'
      : '';
  return {
    edits: create(view, file, `---\n${fm.join('\n')}\n---\n\n${body}`.replace(/\n+$/, '\n'), kind),
    open: file,
  };
}

const SCRIPT_TEMPLATES: Record<string, (rel: string, description: string) => { text: string; run: string }> =
  {
    sh: (rel, d) => ({
      text: `#!/usr/bin/env bash\n# ${d}\n#\n# Usage: ${rel} [--dry-run]\nset -euo pipefail\n\necho "TODO: ${rel}"\n`,
      run: `bash ${rel}`,
    }),
    mjs: (rel, d) => ({
      text: `#!/usr/bin/env node\n// ${d}\n//\n// Usage: node ${rel} [--dry-run]\n\nconsole.log('TODO: ${rel}');\n`,
      run: `node ${rel}`,
    }),
    py: (rel, d) => ({
      // In the docstring, `\` and `"` escaped: `"""` in the description would end it.
      text: `#!/usr/bin/env python3\n"""${d.replace(/[\\"]/g, '\\$&')}\n\nUsage: python3 ${rel} [--dry-run]\n"""\n\nprint("TODO: ${rel}")\n`,
      run: `python3 ${rel}`,
    }),
  };

/** Script file extensions the scaffold knows. */
export const SCRIPT_EXTENSIONS = Object.keys(SCRIPT_TEMPLATES);

/**
 * A script's name and type: a name written with a known extension (`backup.py`) is the name
 * without it, of that type (`scripts/backup.py`, `npm run backup`), unless another type is asked
 * for; otherwise the type asked for, `sh` when none is.
 */
function scriptName(name: string, type: string | undefined): { n: string; ext: string } {
  const own = SCRIPT_EXTENSIONS.find(
    (e) => name.toLowerCase().endsWith(`.${e}`) && name.length > e.length + 1,
  );
  if (!own) return { n: name, ext: type ?? 'sh' };
  if (type !== undefined && type !== own)
    throw new ScaffoldError(
      `The script name "${name}" ends in .${own}, but the type asked for is ${type}: give the name without an extension.`,
    );
  return { n: name.slice(0, -(own.length + 1)), ext: own };
}

/**
 * A new script in `scripts/`: the file from a template with a usage header, its entry in
 * `scripts/AGENTS.md` (see {@link addAgentsEntry}; the file is created if missing) and an
 * `npm run` entry in the root `package.json`, inserted without reformatting the rest of the file
 * (a minimal `package.json` is created when there is none).
 */
export function newScript(
  view: IndexView,
  name: string,
  type: string | undefined,
  description: string,
  packageText: string | undefined,
): Scaffold {
  const { n, ext } = scriptName(checkName(name, 'script name'), type);
  if (!/^[A-Za-z0-9][\w.-]*$/.test(n))
    throw new ScaffoldError(`The script name "${n}" must use letters, digits, ".", "_" and "-" only.`);
  // Own keys only: `constructor` or `toString` is no script type.
  const template = Object.hasOwn(SCRIPT_TEMPLATES, ext) ? SCRIPT_TEMPLATES[ext] : undefined;
  if (!template)
    throw new ScaffoldError(`Unknown script type "${ext}"; use one of ${SCRIPT_EXTENSIONS.join(', ')}.`);
  const rel = `scripts/${n}.${ext}`;
  const what = checkDescription(description) || `What ${n} does.`;
  const { text, run } = template(rel, what);
  const w = create(view, rel, text);
  const agents = view.doc('scripts/AGENTS.md');
  const item = `\`${rel}\` — ${what} (\`npm run ${n}\`)`;
  // In a table cell, a `|` would start another cell.
  const cell = what.replace(/(?<!\\)\|/g, '\\|');
  if (agents) addAgentsEntry(w, agents, [`\`${rel}\``, cell, `\`npm run ${n}\``], item);
  else if (view.hasFile('scripts/AGENTS.md')) {
    throw new ScaffoldError('scripts/AGENTS.md exists but could not be read; add the script to it by hand.');
  } else {
    w.creates!.push({
      file: 'scripts/AGENTS.md',
      text: `# Scripts\n\nEvery file in this folder, what it does and how to run it.\n\n${wrapListItem('- ', item)}`,
    });
  }
  if (packageText !== undefined) addScriptEntries(w, packageText, [[n, run]]);
  else if (view.hasFile('package.json'))
    throw new ScaffoldError('package.json exists but could not be read; nothing was created.');
  else
    w.creates!.push({
      file: 'package.json',
      text: `{\n  "private": true,\n  "scripts": {\n    ${JSON.stringify(n)}: ${JSON.stringify(run)}\n  }\n}\n`,
    });
  return { edits: w, open: rel };
}

/**
 * Inserts `"name": "command"` entries after the last entry of `scripts` (creating it), keeping the
 * file's indentation and everything else as it is. Refuses a name `scripts` already has.
 */
export function addScriptEntries(w: WorkspaceEdits, text: string, entries: [string, string][]): void {
  // Only a package.json npm reads as written is edited: valid JSON (no comments, no trailing
  // commas), one object, one `scripts` object in it.
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
  const byHand = 'add the script to it by hand';
  const error = errors[0] && printParseErrorCode(errors[0].error);
  if (error) throw new ScaffoldError(`package.json is not valid JSON (${error}); ${byHand}.`);
  if (!tree || tree.type !== 'object')
    throw new ScaffoldError(`package.json is not a JSON object; ${byHand}.`);
  const named = (tree.children ?? []).filter((p) => p.children?.[0]?.value === 'scripts');
  if (named.length > 1)
    throw new ScaffoldError(`package.json has "scripts" ${named.length} times; ${byHand}.`);
  const kind = named[0]?.children?.[1]?.type;
  if (kind !== undefined && kind !== 'object')
    throw new ScaffoldError(`"scripts" in package.json is not an object (${kind}); ${byHand}.`);
  const lines = new LineIndex(text);
  const indentUnit = /\n([ \t]+)"/.exec(text)?.[1] ?? '  ';
  const scripts = findNodeAtLocation(tree, ['scripts']);
  const list = (indent: string) =>
    entries
      .map(([name, command]) => `${indent}${JSON.stringify(name)}: ${JSON.stringify(command)}`)
      .join(',\n');
  if (scripts && scripts.type === 'object') {
    const taken = entries.find(([name]) => scripts.children?.some((p) => p.children?.[0]?.value === name));
    if (taken) throw new ScaffoldError(`package.json already has a script "${taken[0]}".`);
    const last = scripts.children?.at(-1);
    if (last) {
      const end = last.offset + last.length;
      const indent =
        lines.lineText(lines.positionAt(last.offset).line).match(/^\s*/)?.[0] ?? indentUnit + indentUnit;
      const pos = lines.positionAt(end);
      addEdit(w, 'package.json', {
        range: at(pos.line, pos.character),
        newText: inLineBreaksOf(text, `,\n${list(indent)}`),
      });
    } else {
      const pos = lines.positionAt(scripts.offset + 1);
      addEdit(w, 'package.json', {
        range: at(pos.line, pos.character),
        newText: inLineBreaksOf(text, `\n${list(indentUnit + indentUnit)}\n${indentUnit}`),
      });
    }
    return;
  }
  const lastProp = tree.children?.at(-1);
  const pos = lines.positionAt(lastProp ? lastProp.offset + lastProp.length : tree.offset + 1);
  addEdit(w, 'package.json', {
    range: at(pos.line, pos.character),
    newText: inLineBreaksOf(
      text,
      `${lastProp ? ',' : ''}\n${indentUnit}"scripts": {\n${list(indentUnit + indentUnit)}\n${indentUnit}}`,
    ),
  });
}

/** The names of the scripts in a `package.json` text; undefined when it is not a JSON object. */
export function scriptNames(text: string): Set<string> | undefined {
  const tree = parseTree(text);
  if (!tree || tree.type !== 'object') return undefined;
  const scripts = findNodeAtLocation(tree, ['scripts']);
  return new Set(
    scripts?.type === 'object' ? (scripts.children ?? []).map((p) => String(p.children?.[0]?.value)) : [],
  );
}
