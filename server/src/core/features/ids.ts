import type { KindConfig } from '../config.js';
import type { DocInfo } from '../index/docInfo.js';
import type { IndexView } from '../index/view.js';

/** The shape of an id of a kind without an `idPattern`: a prefix, a dash and a number (`TASK-12`). */
const ANY_ID = /^[A-Za-z]\w*-\d+$/;

const patterns = new WeakMap<KindConfig, RegExp>();

/** The whole-id expression of a kind: its configured `idPattern` (any case), else {@link ANY_ID}. */
function idShape(kind: KindConfig | undefined): RegExp {
  if (!kind?.idPattern) return ANY_ID;
  let re = patterns.get(kind);
  if (!re) {
    re = new RegExp(`^(?:${kind.idPattern})$`, 'i');
    patterns.set(kind, re);
  }
  return re;
}

/** True when `id` has the shape of the ids of `kind` (its `idPattern` in `.opsdocs.json`, if it has one). */
export function fitsIdShape(kind: KindConfig | undefined, id: string): boolean {
  return idShape(kind).test(id);
}

/**
 * A document other than `doc` of `doc`'s id log that holds `id` in any spelling (ADR-3, ADR-003),
 * if there is one (see `IndexView.sameIdLog`: another service's ADR log may hold it).
 */
export function otherHolder(view: IndexView, id: string, doc: DocInfo): DocInfo | undefined {
  return view.byId(id).find((d) => d !== doc && view.sameIdLog(doc, d));
}

/**
 * Why `newId` cannot become the id of `doc`, or undefined when it can: it must have the shape of
 * its kind's ids (see {@link fitsIdShape}) and be the id of no other document.
 */
export function newIdProblem(view: IndexView, doc: DocInfo, newId: string): string | undefined {
  if (!fitsIdShape(doc.kind, newId)) return `"${newId}" is not an id like ${doc.id}.`;
  const holder = otherHolder(view, newId, doc);
  return holder && `${newId} is already the id of ${holder.file}.`;
}
