import type { Check } from '../check.js';
import type { IndexView } from '../../index/view.js';
import { didYouMean, nearest } from '../../util/similar.js';
import { idPrefix } from '../../util/ids.js';
import { staleStatus, successorOf } from '../../model/adr.js';
import { isPathRef } from '../../model/paths.js';
import { isHistory } from './paths.js';
import * as path from 'node:path';
import type { DocInfo } from '../../index/docInfo.js';

/** `ADR-9 (Title)`, or the bare id when no document has it. */
function named(view: IndexView, id: string, from: DocInfo): string {
  const title = view.holdersOf(id, from)[0]?.title;
  return title ? `${id} (${title})` : id;
}

const messages = {
  unknownId: (id: string, guess?: string) => `No document has the id ${id}.${didYouMean(guess)}`,
  superseded: (id: string, stale: string, next?: string) =>
    `${id} is ${stale}${next ? `; cite its successor ${next} instead` : ''}.`,
  supersededFile: (file: string, id: string | undefined, stale: string, next?: string) =>
    `\`${file}\`${id ? ` (${id})` : ''} is ${stale}${next ? `; cite its successor ${next} instead` : ''}.`,
  ambiguous: (id: string, docs: DocInfo[]) =>
    `${id} is the id of ${docs.length} documents in separate logs (${docs.map((d) => `\`${d.file}\``).join(', ')}), none nearer this one: link the one meant.`,
  duplicate: (id: string, files: string[]) =>
    `${id} is also the id of ${files.map((f) => `\`${f}\``).join(', ')}.`,
};

/**
 * Ids in prose (`ADR-003`) and in front-matter fields must name a document (one, where separate
 * logs hold it); one id belongs to one document of a log; documents other than ADRs should not
 * cite a superseded or deprecated ADR.
 */
export const idsCheck: Check = {
  name: 'links/ids',
  rules: [
    {
      id: 'links/unknown-id',
      severity: 'error',
      summary: 'An id (e.g. ADR-009, TASK-042) names no document; suggests the nearest existing id.',
    },
    {
      id: 'links/ambiguous-id',
      severity: 'warning',
      summary:
        'An id (ADR-0001) that documents in separate logs hold (a monorepo service each) is cited where none is nearer: which one is meant is unknown.',
    },
    {
      id: 'links/duplicate-id',
      severity: 'error',
      summary: 'Two documents have the same id (reported on both).',
    },
    {
      id: 'links/superseded-adr',
      severity: 'warning',
      summary:
        'A runbook, policy, task or other document cites a superseded or deprecated ADR; names its successor.',
    },
  ],
  run({ doc, view, report }) {
    // An ADR cites the ones it replaces; a changelog cites what was decided then.
    const citesStale = !doc.kind?.fields.supersededBy && !isHistory(doc.file);
    // A line that says the status ("was superseded", "replaced by") or names the successor knows.
    const aware = (line: number, stale: string, next: string | undefined) => {
      const text = doc.parsed.lines.lineText(line).toLowerCase();
      return (
        text.includes(stale) || /\breplaced\b/.test(text) || (!!next && text.includes(next.toLowerCase()))
      );
    };
    // A link in the same paragraph (its lines up to a blank one) to one of `docs` says which is meant.
    const lines = doc.parsed.lines;
    const blank = (l: number) => l < 0 || l >= lines.lineCount || !lines.lineText(l).trim();
    const linked = (docs: DocInfo[], line: number) => {
      let [from, to] = [line, line];
      while (!blank(from - 1)) from--;
      while (!blank(to + 1)) to++;
      return doc.refs.some(
        (r) =>
          r.range.start.line >= from &&
          r.range.start.line <= to &&
          isPathRef(r) &&
          docs.some((d) => d.file === view.resolvePath(doc.file, r).found),
      );
    };
    for (const ref of doc.refs) {
      if (citesStale && isPathRef(ref)) {
        const found = view.resolvePath(doc.file, ref).found;
        const target = found === undefined ? undefined : view.doc(found);
        const stale = target && target !== doc ? staleStatus(target) : undefined;
        if (!target || !stale) continue;
        // An index beside the ADRs (their README) lists them all.
        const besideIt = path.posix.dirname(target.file) === path.posix.dirname(doc.file);
        const next = successorOf(target);
        if (besideIt || aware(ref.range.start.line, stale, next)) continue;
        const message = messages.supersededFile(
          target.file,
          target.id,
          stale,
          next && named(view, next, target),
        );
        report('links/superseded-adr', ref.range, message);
        continue;
      }
      const idField = ref.kind === 'field' && !ref.base;
      if (ref.kind !== 'id' && !idField) continue;
      if (ref.kind === 'id' && !view.isId(ref.target)) continue;
      const targets = view.holdersOf(ref.target, doc);
      if (targets.length === 0) {
        // `ADR-12` in prose names nothing checkable in a repository without ADR ids at all.
        if (ref.kind === 'id' && (ref.loose || !view.hasIdsLike(ref.target))) continue;
        const prefix = idPrefix(ref.target);
        const sameKind = view.allIds().filter((id) => id !== doc.id && idPrefix(id) === prefix);
        const guess = nearest(ref.target, sameKind, 1)[0];
        const message = messages.unknownId(ref.target, guess && named(view, guess, doc));
        report('links/unknown-id', ref.range, message, guess ? { replacement: guess } : undefined);
        continue;
      }
      const tied = view.ambiguousHolders(ref.target, doc);
      if (tied && !linked(tied, ref.range.start.line)) {
        report('links/ambiguous-id', ref.range, messages.ambiguous(ref.target, tied));
        continue;
      }
      if (targets.includes(doc) || !citesStale) continue;
      const stale = staleStatus(targets[0]);
      if (!stale) continue;
      const next = successorOf(targets[0]);
      // An id in prose on a line that says so; a front-matter field is data, always reported.
      if (ref.kind === 'id' && aware(ref.range.start.line, stale, next)) continue;
      const message = messages.superseded(ref.target, stale, next && named(view, next, targets[0]));
      const fix = next && (ref.kind === 'id' || idField) ? { replacement: next } : undefined;
      report('links/superseded-adr', ref.range, message, fix);
    }
    if (!doc.id || !doc.kind) return;
    const others = view.byId(doc.id).filter((d) => d !== doc && d.kind && view.sameIdLog(doc, d));
    if (others.length === 0) return;
    const files = others.map((d) => d.file);
    report('links/duplicate-id', doc.idRange, messages.duplicate(doc.id, files));
  },
};
