import type { Check } from './check.js';
import type { DocInfo } from '../index/docInfo.js';
import { nearest } from '../util/similar.js';
import { normaliseId, stringList } from '../util/ids.js';

/** A document whose kind supersedes documents (ADRs) is "stale" in one of these statuses. */
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

/**
 * Ids in prose (`ADR-003`) and in front-matter fields must name a document; one id belongs to
 * one document; documents other than ADRs should not cite a superseded or deprecated ADR.
 */
export const idsCheck: Check = {
  name: 'ids',
  rules: [
    {
      id: 'links/unknown-id',
      severity: 'error',
      summary: 'An id (e.g. ADR-009, TASK-042) names no document; suggests the nearest existing id.',
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
    const citesStale = !doc.kind?.fields.supersededBy;
    for (const ref of doc.refs) {
      if (ref.kind !== 'id' && !(ref.kind === 'field' && !ref.base)) continue;
      if (ref.kind === 'id' && !view.isId(ref.target)) continue;
      const targets = view.byId(ref.target);
      if (targets.length === 0) {
        const prefix = ref.target.replace(/-\d+$/, '').toUpperCase();
        const same = view
          .allIds()
          .filter((id) => id !== doc.id && id.replace(/-\d+$/, '').toUpperCase() === prefix);
        const guess = nearest(ref.target, same, 1)[0];
        const title = guess ? view.byId(guess)[0]?.title : undefined;
        report(
          'links/unknown-id',
          ref.range,
          `No document has the id ${ref.target}.${guess ? ` Did you mean ${guess}${title ? ` (${title})` : ''}?` : ''}`,
          guess ? { replacement: guess } : undefined,
        );
        continue;
      }
      if (targets.includes(doc) || !citesStale) continue;
      const target = targets[0];
      const stale = staleStatus(target);
      if (!stale) continue;
      const next = successorOf(target);
      const nextTitle = next ? view.byId(next)[0]?.title : undefined;
      report(
        'links/superseded-adr',
        ref.range,
        `${ref.target} is ${stale}${next ? `; cite its successor ${next}${nextTitle ? ` (${nextTitle})` : ''} instead` : ''}.`,
        next && (ref.kind === 'id' || (ref.kind === 'field' && !ref.base))
          ? { replacement: next }
          : undefined,
      );
    }
    if (doc.id && doc.kind) {
      const others = view.byId(doc.id).filter((d) => d !== doc && d.kind);
      if (others.length > 0) {
        report(
          'links/duplicate-id',
          doc.idRange,
          `${doc.id} is also the id of ${others.map((d) => `\`${d.file}\``).join(', ')}.`,
        );
      }
    }
  },
};

/** `supersedes` and `superseded_by` must agree on both sides. */
export const supersedeCheck: Check = {
  name: 'supersede',
  rules: [
    {
      id: 'links/supersede-mismatch',
      severity: 'warning',
      summary: '`supersedes` on one ADR and `superseded_by` on the other do not agree.',
    },
  ],
  run({ doc, view, report }) {
    const f = doc.kind?.fields;
    if (!f?.supersededBy || !f.supersedes || !doc.id || doc.profile !== 'front-matter') return;
    const me = normaliseId(doc.id);
    const by = doc.data[f.supersededBy];
    if (typeof by === 'string' && by.trim()) {
      const target = view.byId(by)[0];
      const tf = target?.kind?.fields;
      if (
        target &&
        tf?.supersedes &&
        !stringList(target.data[tf.supersedes]).some((x) => normaliseId(x) === me)
      ) {
        report(
          'links/supersede-mismatch',
          doc.locate([f.supersededBy]).value,
          `${by} does not list ${doc.id} in \`${tf.supersedes}\`.`,
        );
      }
    }
    const sup = doc.data[f.supersedes];
    stringList(sup).forEach((item, i) => {
      const target = view.byId(item)[0];
      const tf = target?.kind?.fields;
      if (!target || !tf?.supersededBy) return;
      const back = target.data[tf.supersededBy];
      if (typeof back === 'string' && normaliseId(back) === me) return;
      const legacy = target.profile !== 'front-matter';
      const written = legacy ? successorOf(target) : undefined;
      if (written && normaliseId(written) === me) return;
      report(
        'links/supersede-mismatch',
        doc.locate(Array.isArray(sup) ? [f.supersedes!, i] : [f.supersedes!]).value,
        legacy
          ? `${item} does not say in its status that ${doc.id} supersedes it.`
          : `${item} does not name ${doc.id} in \`${tf.supersededBy}\`.`,
      );
    });
  },
};
