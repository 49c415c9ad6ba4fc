/** Restarts a crashed server at most this many times in {@link RESTART_WINDOW_MS}. */
export const MAX_RESTARTS = 3;
export const RESTART_WINDOW_MS = 3 * 60_000;

/** What to do when the server's connection closes unexpectedly. */
export type OnCrash = { restart: true; tellUser: boolean } | { restart: false; crashes: number };

/**
 * The client's answer to server crashes: restart, at most {@link MAX_RESTARTS} times in
 * {@link RESTART_WINDOW_MS}, and tell the user on the first crash only. A manual restart
 * ({@link reset}) starts afresh.
 */
export class RestartPolicy {
  private crashes: number[] = [];
  private told = false;

  /**
   * Forgets every crash, as if the server had never stopped: called when the user restarts the
   * server by hand, which must work even after the policy gave up.
   */
  reset(): void {
    this.crashes = [];
    this.told = false;
  }

  onCrash(now = Date.now()): OnCrash {
    this.crashes.push(now);
    while (this.crashes.length && now - this.crashes[0] > RESTART_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length > MAX_RESTARTS) return { restart: false, crashes: this.crashes.length };
    const tellUser = !this.told;
    this.told = true;
    return { restart: true, tellUser };
  }
}
