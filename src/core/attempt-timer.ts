/**
 * The timeouts of one attempt, on native timers. undici checks `headersTimeout` and `bodyTimeout`
 * on a coarse ~500 ms tick, so a 200 ms timeout fired anywhere up to ~1 s late; this timer aborts
 * the attempt on time with undici's own timeout errors (mapped to `TimeoutError` by the
 * transport), and with {@link DeadlineExceededError} when the attempt's overall deadline passes.
 * undici's options stay set as a backstop. The caller's signal is linked in, so it still cancels
 * the attempt.
 * @module
 */

/** The abort reason when an attempt (or a download) runs past its overall deadline. */
export class DeadlineExceededError extends Error {
  /** Recognised by the transport, which turns it into `TimeoutError` with phase `total`. */
  readonly code = 'UNIFIED_ATS_DEADLINE';
  constructor(readonly deadlineMs: number) {
    super(`The overall deadline of ${deadlineMs} ms passed`);
    this.name = 'DeadlineExceededError';
  }
}

/** A phase timer (headers, then body idle) and an overall deadline, behind one abort signal. */
export class AttemptTimer {
  private readonly controller = new AbortController();
  private phaseTimer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private readonly onParentAbort: () => void;

  constructor(private readonly parent: AbortSignal | undefined) {
    this.onParentAbort = () => this.controller.abort(parent?.reason);
    if (parent?.aborted) this.controller.abort(parent.reason);
    else parent?.addEventListener('abort', this.onParentAbort, { once: true });
  }

  /** The signal handed to undici. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Aborts with `error()` after `ms`, unless disarmed or re-armed first. */
  arm(ms: number, error: () => Error): void {
    clearTimeout(this.phaseTimer);
    this.phaseTimer = setTimeout(() => this.controller.abort(error()), ms);
  }

  /** Restarts the running phase countdown (a body chunk arrived). */
  refresh(): void {
    this.phaseTimer?.refresh();
  }

  /** Stops the phase countdown (the deadline keeps running). */
  disarm(): void {
    clearTimeout(this.phaseTimer);
    this.phaseTimer = undefined;
  }

  /**
   * Starts the overall deadline: `ms` from now the attempt is aborted with
   * {@link DeadlineExceededError}. `unref`, so a stream nobody reads does not hold the process.
   */
  startDeadline(ms: number): void {
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = setTimeout(() => this.controller.abort(new DeadlineExceededError(ms)), ms);
    this.deadlineTimer.unref();
  }

  /** Clears every timer and unlinks the caller's signal. */
  dispose(): void {
    this.disarm();
    clearTimeout(this.deadlineTimer);
    this.deadlineTimer = undefined;
    this.parent?.removeEventListener('abort', this.onParentAbort);
  }
}
