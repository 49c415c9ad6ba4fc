import type { ViewsResult } from '../../server/src/shared/protocol.js';
import { renderViewTree } from '../../server/src/shared/viewText.js';

export type Views = Omit<ViewsResult, 'folder'>;

/** The text form of the expected-trees files: each tree under its heading, then the counts. */
export function renderViews(v: Views, document: string): string {
  return [
    `## Decisions\n${renderViewTree(v.decisions)}`,
    `## Work\n${renderViewTree(v.work)}`,
    `## Reviews\n${renderViewTree(v.reviews)}`,
    `## This document: ${document}\n${renderViewTree(v.document)}`,
    `## Counts\n${JSON.stringify(v.counts)}\n`,
  ].join('\n');
}
