/**
 * Paces a long loop: `if (pace.due()) await pace.rest();` in its body lets the event loop run (an
 * editor's cancel, other requests) once `sliceMs` of work have passed (a promise per item, as an
 * async iterator would make, costs more than the work of a short step). `due()` is cheap enough
 * for a tight loop: it reads the clock every 16th item.
 */
export class Pacer {
  private since = Date.now();
  private calls = 0;

  constructor(
    private readonly pause: () => Promise<void>,
    private readonly sliceMs = 10,
  ) {}

  /** A pacer that never rests (for the same code run where nothing else waits, e.g. the CLI). */
  static readonly never = new Pacer(() => Promise.resolve(), Infinity);

  /** A pacer whose rests let the event loop run (requests, timers, I/O) before going on. */
  static letsEventsIn(): Pacer {
    return new Pacer(() => new Promise((r) => setImmediate(r)));
  }

  /**
   * True when the loop has worked `sliceMs` since it last rested. `items`: how many items the step
   * since the last call did (a loop over chunks gives the chunk's size), so that the clock is read
   * every 16 items, not every 16 chunks.
   */
  due(items = 1): boolean {
    this.calls += items;
    if (this.calls < 16) return false;
    this.calls = 0;
    return Date.now() - this.since > this.sliceMs;
  }

  /** Rests (the pause may throw, e.g. when the request was cancelled). */
  async rest(): Promise<void> {
    await this.pause();
    this.since = Date.now();
  }

  /** The items `keep` holds for, resting between two of them when due (no promise per item). */
  async filter<T>(items: Iterable<T>, keep: (item: T) => boolean): Promise<T[]> {
    const out: T[] = [];
    for (const item of items) {
      if (keep(item)) out.push(item);
      if (this.due()) await this.rest();
    }
    return out;
  }
}

/** Runs the steps of a paced piece of work in one go, and returns what it returns. */
export function finish<T>(steps: Generator<void, T>): T {
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/** Runs the steps of a paced piece of work with `pace`'s rest between two, and returns what it returns. */
export async function finishWithPauses<T>(steps: Generator<void, T>, pace: Pacer): Promise<T> {
  let step = steps.next();
  while (!step.done) {
    await pace.rest();
    step = steps.next();
  }
  return step.value;
}
