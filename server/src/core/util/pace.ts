/**
 * Paces a long loop: `if (pace.due()) await pace.rest();` in its body lets the event loop run
 * (an editor's cancel, other requests) once `sliceMs` of work have passed. `due()` is cheap enough
 * for a tight loop: it reads the clock every 16th call.
 */
export class Pacer {
  private since = Date.now();
  private calls = 0;

  constructor(
    private readonly pause: () => Promise<void>,
    private readonly sliceMs = 10,
  ) {}

  /** True when the loop has worked `sliceMs` since it last rested. */
  due(): boolean {
    return ++this.calls % 16 === 0 && Date.now() - this.since > this.sliceMs;
  }

  /** Rests (the pause may throw, e.g. when the request was cancelled). */
  async rest(): Promise<void> {
    await this.pause();
    this.since = Date.now();
  }
}
