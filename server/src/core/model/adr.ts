import type { DocInfo } from '../index/docInfo.js';
import type { ParsedDoc } from '../parse/markdown.js';
import type { IndexView } from '../index/view.js';
import { compareIds, normaliseId } from '../util/ids.js';
import { folderOf } from './fileNames.js';

/**
 * A folder named for decision records (by its last segment): `adr`, `adrs`, `decisions`,
 * `architecture-decisions`, `architecture-decision-records`, `decision-records`.
 */
export const ADR_FOLDER =
  /(^|\/)(adrs?|decisions?|architecture[-_ ]decisions?|architecture[-_ ]decision[-_ ]records?|decision[-_ ]records?)$/i;

/**
 * The log a decision record is in: the deepest folder on its path named for decision records that
 * holds records itself (`holdsIds`: documents with ids) or sorts them into folders by status —
 * `docs/adr` for `docs/adr/archive/0001-x.md` and `docs/adr/accepted/0001-x.md` — else its own
 * folder (`docs/adr/billing` where `docs/adr` holds none: a log of its own).
 */
export function adrLogOf(file: string, holdsIds: (folder: string) => boolean): string {
  const own = folderOf(file);
  return namedLog(own, holdsIds) ?? own;
}

/**
 * A folder that holds decision records by its name: one named for them (`docs/adr`), or a status
 * folder inside one (`docs/adr/superseded`, `docs/decisions/archive/rejected`).
 */
export function adrFolder(folder: string): boolean {
  return namedLog(folder, () => false) !== undefined;
}

/**
 * The folder named for decision records, at or above `own`, whose log `own` is in: the deepest
 * whose folders down to `own` are status folders, or that holds records itself (`holdsIds`).
 */
function namedLog(own: string, holdsIds: (folder: string) => boolean): string | undefined {
  for (let f = own; f; f = folderOf(f)) {
    if (!ADR_FOLDER.test(f)) continue;
    // Sorted into folders by status (`docs/adr/accepted/`, `docs/adr/superseded/`): one log.
    const between = f === own ? [] : own.slice(f.length + 1).split('/');
    if (between.every((s) => BUCKET.test(s)) || holdsIds(f)) return f;
  }
  return undefined;
}

/**
 * A folder an ADR log sorts its records into by status or age: part of the log above it. Not a
 * year: a log kept by year (`docs/adr/2024/001-x.md`) numbers each year on its own.
 */
const BUCKET =
  /^(accepted|approved|proposed|drafts?|superseded|deprecated|rejected|obsolete|archived?|old|legacy|retired|implemented|done|active|inactive|pending|withdrawn)$/i;

/**
 * A document whose kind supersedes documents (ADRs) is "stale" in one of these statuses: a
 * superseded status of its kind, or `deprecated`.
 */
export function staleStatus(target: DocInfo): string | undefined {
  const k = target.kind;
  const s = target.status;
  if (!k || !s || !k.fields.supersededBy) return undefined;
  return k.supersededStatuses.includes(s) || s === 'deprecated' ? s : undefined;
}

/** The successor an ADR names (`superseded_by`, or a legacy ADR's "superseded by" status), if any. */
export function successorOf(target: DocInfo): string | undefined {
  if (target.successor) return target.successor;
  const f = target.kind?.fields.supersededBy;
  const v = f ? target.data[f] : undefined;
  return typeof v === 'string' && v.trim() ? v.trim() : undefined;
}

/** An ADR as the "supersedes" picker lists it. */
export interface AdrEntry {
  id: string;
  title: string;
  status: string;
  /** Its file, relative to the workspace folder. */
  file: string;
  /** The folder of its log, where ADRs are kept in several logs (see {@link adrLogOf}). */
  log?: string;
}

/**
 * The ADRs `adrs` by log (see {@link adrLogOf}), and whether they are kept in several logs
 * numbered on their own — two logs or more each start a sequence (hold an id numbered 0 or 1), as
 * a monorepo's services each start at 0001; else one sequence, in however many folders (a number
 * two folders share is then a duplicate, not a second sequence).
 */
export function adrLogs(
  view: IndexView,
  adrs: DocInfo[],
): { byLog: Map<string, DocInfo[]>; separate: boolean } {
  const byLog = new Map<string, DocInfo[]>();
  const starting = new Set<string>();
  for (const d of adrs) {
    const log = view.adrLog(d.file);
    const list = byLog.get(log);
    if (list) list.push(d);
    else byLog.set(log, [d]);
    const n = d.id && /(\d+)$/.exec(normaliseId(d.id))?.[1];
    if (n && Number(n) <= 1) starting.add(log);
  }
  return { byLog, separate: starting.size > 1 };
}

/**
 * Every ADR with an id, in id order (`ADR-2` before `ADR-10`); with the folder of its log where
 * ADRs are kept in several logs numbered on their own (then by log, and in id order in each).
 */
export function adrList(view: IndexView): AdrEntry[] {
  const adrs = view.documents().filter((d) => d.kind?.name === 'adr');
  const { separate } = adrLogs(view, adrs);
  return adrs
    .filter((d) => d.id)
    .map((d) => ({
      id: d.id!,
      title: d.title ?? '',
      status: d.status ?? '',
      file: d.file,
      ...(separate ? { log: view.adrLog(d.file) } : {}),
    }))
    .sort((a, b) => (a.log ?? '').localeCompare(b.log ?? '') || compareIds(a.id, b.id));
}

/** A web address written in the text. */
const URL = /\bhttps?:\/\/[^\s)>\]]+/;

/**
 * True for a sign-post: a record without front matter that keeps only its place in the log — no
 * section below its title, a few lines, and a link to where the record is kept ("Security-related
 * ADRs are stored privately: link to this ADR: https://…"). It has no status or sections to check.
 */
export function isSignPost(parsed: ParsedDoc): boolean {
  return (
    !parsed.frontMatter &&
    parsed.text.length < 1000 &&
    !parsed.headings.some((h) => h.depth >= 2) &&
    URL.test(parsed.text)
  );
}
