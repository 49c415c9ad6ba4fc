import type { Check } from '../check.js';
import { normaliseId, stringList } from '../../util/ids.js';
import { successorOf } from '../../model/adr.js';

const messages = {
  notListed: (by: string, id: string, field: string) => `${by} does not list ${id} in \`${field}\`.`,
  notNamed: (item: string, id: string, field: string) => `${item} does not name ${id} in \`${field}\`.`,
  notInStatus: (item: string, id: string) => `${item} does not say in its status that ${id} supersedes it.`,
};

/** `supersedes` and `superseded_by` must agree on both sides. */
export const supersedeCheck: Check = {
  name: 'links/supersede',
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
    const listsMe = (v: unknown) => stringList(v).some((x) => normaliseId(x) === me);

    const by = doc.data[f.supersededBy];
    if (typeof by === 'string' && by.trim()) {
      const target = view.holdersOf(by, doc)[0];
      const tf = target?.kind?.fields;
      if (target && tf?.supersedes && !listsMe(target.data[tf.supersedes])) {
        const message = messages.notListed(by, doc.id, tf.supersedes);
        report('links/supersede-mismatch', doc.locate([f.supersededBy]).value, message);
      }
    }

    const sup = doc.data[f.supersedes];
    stringList(sup).forEach((item, i) => {
      const target = view.holdersOf(item, doc)[0];
      const tf = target?.kind?.fields;
      if (!target || !tf?.supersededBy) return;
      const back = target.data[tf.supersededBy];
      if (typeof back === 'string' && normaliseId(back) === me) return;
      const legacy = target.profile !== 'front-matter';
      const written = legacy ? successorOf(target) : undefined;
      if (written && normaliseId(written) === me) return;
      const message = legacy
        ? messages.notInStatus(item, doc.id!)
        : messages.notNamed(item, doc.id!, tf.supersededBy);
      const range = doc.locate(Array.isArray(sup) ? [f.supersedes!, i] : [f.supersedes!]).value;
      report('links/supersede-mismatch', range, message);
    });
  },
};
