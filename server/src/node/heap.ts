import * as v8 from 'node:v8';
import type { Logger } from '../core/types.js';

/** From this many Markdown files on, V8's heap growth is bounded (see {@link boundHeapGrowthFor}). */
export const BIG_WORKSPACE = 20_000;

/** How far the heap may grow past what its last full collection kept, in percent. */
const GROWTH_PERCENT = 50;

let bounded = false;

/**
 * Bounds V8's heap growth, for a workspace of at least {@link BIG_WORKSPACE} Markdown files, to
 * 1.5× what survived the last full collection. V8's default lets the heap grow up to 4× when
 * collections are cheap, fit for short-lived garbage, not for one big index that lives as long as
 * the process: 50,000 documents peaked at 0.97–1.65 GB for about 0.5 GB alive, and at 0.71 GB
 * bounded, for about 8 % more CPU; 20,000 at 412–453 MB, and 350–358 MB bounded. At 10,000 the
 * language server's peak was the same either way and its start after a change 0.1–0.3 s slower
 * bounded (docs/performance.md): smaller workspaces keep V8's default.
 * Once per process; says so to `logger` when it bounds it.
 */
export function boundHeapGrowthFor(markdownFiles: number, logger?: Logger): void {
  if (bounded || markdownFiles < BIG_WORKSPACE) return;
  try {
    v8.setFlagsFromString(`--heap-growing-percent=${GROWTH_PERCENT}`);
  } catch {
    return; // an engine without the flag: its default
  }
  bounded = true;
  logger?.log(boundedMessage(markdownFiles));
}

/** What {@link boundHeapGrowthFor} says when it bounds the heap. */
export const boundedMessage = (files: number) =>
  `${files} Markdown files: the heap grows to at most 1.5× what the last full garbage collection kept.`;
