import type { Check } from '../check.js';
import type { DocInfo } from '../../index/docInfo.js';
import type { IndexView } from '../../index/view.js';
import { stringList } from '../../util/ids.js';

const messages = {
  cycle: (ids: string[]) => `Dependency cycle: ${ids.join(' → ')}.`,
  doneDependsOnOpen: (status: string | undefined, dep: string, depStatus: string | undefined) =>
    `This task is "${status}" but depends on ${dep}, which is "${depStatus ?? 'unset'}".`,
};

const MAX_VISITS = 5000;

function dependencies(doc: DocInfo): string[] {
  const field = doc.kind?.fields.dependsOn;
  const v = field ? doc.data[field] : undefined;
  return stringList(v);
}

const isDone = (d: DocInfo) => d.status !== undefined && !!d.kind?.doneStatuses.includes(d.status);

/** The first cycle through `start` (as ids, closed), following `depends_on` through the index. */
function cycleThrough(start: DocInfo, view: IndexView): { ids: string[]; index: number } | undefined {
  const seen = new Set<DocInfo>();
  let visits = 0;
  const walk = (doc: DocInfo, trail: string[]): string[] | undefined => {
    for (const dep of dependencies(doc)) {
      if (++visits > MAX_VISITS) return undefined;
      const next = view.byId(dep)[0];
      if (!next) continue;
      if (next === start) return [...trail, next.id ?? dep];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...trail, next.id ?? dep]);
      if (found) return found;
    }
    return undefined;
  };
  const deps = dependencies(start);
  for (let i = 0; i < deps.length; i++) {
    const next = view.byId(deps[i])[0];
    if (!next) continue;
    if (next === start) return { ids: [start.id!, start.id!], index: i };
    if (seen.has(next)) continue;
    seen.add(next);
    const rest = walk(next, [next.id ?? deps[i]]);
    if (rest) return { ids: [start.id!, ...rest], index: i };
  }
  return undefined;
}

/** Task dependencies (`depends_on`): no cycles, and no done task waiting on an open one. */
export const tasksCheck: Check = {
  name: 'lifecycle/tasks',
  rules: [
    {
      id: 'lifecycle/dependency-cycle',
      severity: 'error',
      summary: 'Tasks depend on each other in a cycle (the cycle is named).',
    },
    {
      id: 'lifecycle/done-depends-on-open',
      severity: 'warning',
      summary: 'A done task depends on a task that is not done.',
    },
  ],
  run({ doc, view, report }) {
    const field = doc.kind?.fields.dependsOn;
    if (!field || !doc.id) return;
    const raw = doc.data[field];
    const at = (i: number) => doc.locate(Array.isArray(raw) ? [field, i] : [field]).value;
    const cycle = cycleThrough(doc, view);
    if (cycle) report('lifecycle/dependency-cycle', at(cycle.index), messages.cycle(cycle.ids));
    if (!isDone(doc)) return;
    dependencies(doc).forEach((dep, i) => {
      const target = view.byId(dep)[0];
      if (!target || target === doc || isDone(target)) return;
      const message = messages.doneDependsOnOpen(doc.status, dep, target.status);
      report('lifecycle/done-depends-on-open', at(i), message);
    });
  },
};
