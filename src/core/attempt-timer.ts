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

/**
 * The abort signal handed to undici, as the event-emitter form undici accepts (`on`/`once`,
 * `removeListener`, `aborted`, `reason`). An `AbortController` per attempt cost about 10 µs of
 * client CPU per request (its `EventTarget` listeners added and removed by undici and by the
 * caller's link), on every page of every sync; this holds its listeners in a plain array
 * (docs/decisions/0068-attempt-signal-without-abortcontroller.md).
 */
class AttemptSignal {
  aborted = false;
  reason: unknown = undefined;
  private listeners: (() => void)[] = [];

  /** Registers `listener` for `abort` (the only event). */
  on(_event: 'abort', listener: () => void): this {
    this.listeners.push(listener);
    return this;
  }

  /** Same as `on`: the signal aborts at most once. */
  once(event: 'abort', listener: () => void): this {
    return this.on(event, listener);
  }

  /** Same as `on`. */
  addListener(event: 'abort', listener: () => void): this {
    return this.on(event, listener);
  }

  /** Unregisters `listener`. */
  removeListener(_event: 'abort', listener: () => void): this {
    const index = this.listeners.indexOf(listener);
    if (index >= 0) this.listeners.splice(index, 1);
    return this;
  }

  /** Same as `removeListener`. */
  off(event: 'abort', listener: () => void): this {
    return this.removeListener(event, listener);
  }

  /** Aborts once with `reason` and calls every listener. */
  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    const listeners = this.listeners;
    this.listeners = [];
    for (const listener of listeners) listener();
  }
}

/** A phase timer (headers, then body idle) and an overall deadline, behind one abort signal. */
export class AttemptTimer {
  private readonly attempt = new AttemptSignal();
  private phaseTimer: NodeJS.Timeout | undefined;
  private deadlineTimer: NodeJS.Timeout | undefined;
  private readonly onParentAbort: () => void;

  constructor(private readonly parent: AbortSignal | undefined) {
    this.onParentAbort = () => this.attempt.abort(parent?.reason);
    if (parent?.aborted) this.attempt.abort(parent.reason);
    else parent?.addEventListener('abort', this.onParentAbort, { once: true });
  }

  /** The signal handed to undici (its event-emitter form). */
  get signal(): AbortSignal {
    // undici accepts an EventEmitter-like signal; the type says AbortSignal for its options.
    return this.attempt as unknown as AbortSignal;
  }

  /** Aborts with `error()` after `ms`, unless disarmed or re-armed first. */
  arm(ms: number, error: () => Error): void {
    clearTimeout(this.phaseTimer);
    this.phaseTimer = setTimeout(() => this.attempt.abort(error()), ms);
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
    this.deadlineTimer = setTimeout(() => this.attempt.abort(new DeadlineExceededError(ms)), ms);
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
