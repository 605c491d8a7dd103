import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Event-loop lag seen while a measurement ran, in ms. */
export interface LagReport {
  /** The worst lag: how late a timer could have fired at some moment. */
  max: number;
  /** The average lag. */
  mean: number;
}

/**
 * Starts measuring event-loop lag (5 ms resolution). Timing tests widen only their upper bounds
 * by what this reports: on an idle machine it is about 1 ms, so the scenario's band applies as
 * written; on a saturated one, a late timer is the machine's doing, not the SDK's. A slow SDK
 * timer (undici's ~500 ms tick, say) still fails, because the loop itself was not late.
 * @returns a function that stops measuring and reports
 */
export function trackEventLoopLag(): () => LagReport {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  return () => {
    histogram.disable();
    // The histogram reports the sampling timer's delay in ns, including its own 5 ms period.
    const toMs = (ns: number) => (Number.isFinite(ns) ? Math.max(0, ns / 1e6 - 5) : 0);
    return { max: toMs(histogram.max), mean: toMs(histogram.mean) };
  };
}
