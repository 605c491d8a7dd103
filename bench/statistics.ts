/**
 * Small statistics and measurement helpers of the benchmark: median and IQR, client CPU time,
 * heap after a forced GC, and a guard that bounds every loop in count and time.
 */

/** Median and interquartile range of a sample. */
export interface Summary {
  median: number;
  /** Third quartile minus first quartile. */
  iqr: number;
  samples: number[];
}

/** Quantile by linear interpolation between order statistics. */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const lowValue = sorted[low] as number;
  return lowValue + ((sorted[high] as number) - lowValue) * (position - low);
}

/** Median, IQR and the raw samples. */
export function summarise(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  return { median: quantile(sorted, 0.5), iqr: quantile(sorted, 0.75) - quantile(sorted, 0.25), samples: [...samples] };
}

/** Wall time and client CPU time (user + system) of one run. */
export interface RunMeasure {
  records: number;
  wallMs: number;
  /** Client CPU, user and kernel. */
  cpuMs: number;
  /** The kernel's part of `cpuMs` (system calls: sockets, timers, waking up). */
  systemMs: number;
}

/** Runs `body` and measures its wall and CPU time; `body` returns the number of records it handled. */
export async function measure(body: () => Promise<number>): Promise<RunMeasure> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const records = await body();
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return { records, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, systemMs: cpu.system / 1000 };
}

/** `global.gc`, present when node runs with `--expose-gc`. */
export function forceGc(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('Run the bench with node --expose-gc (npm run bench does).');
  // Twice: the first pass can leave objects whose finalisation frees more.
  gc();
  gc();
}

/** `heapUsed` in MB after a full GC. */
export function heapAfterGcMb(): number {
  forceGc();
  return process.memoryUsage().heapUsed / 1_048_576;
}

/** Limits of one loop: it fails rather than run forever or grow without bound. */
export interface LoopBounds {
  /** Most items the loop may see. */
  maxItems: number;
  /** Wall-clock budget in ms. */
  timeoutMs: number;
  /** Names the loop in the error. */
  label: string;
}

/** Counts items of one loop and throws when its count or time bound is exceeded. */
export class LoopGuard {
  private count = 0;
  private readonly deadline: number;
  /** Aborts the connector's requests when the time budget runs out. */
  readonly signal: AbortSignal;

  constructor(private readonly bounds: LoopBounds) {
    this.deadline = performance.now() + bounds.timeoutMs;
    this.signal = AbortSignal.timeout(bounds.timeoutMs);
  }

  /** Call once per item. */
  tick(items = 1): void {
    this.count += items;
    if (this.count > this.bounds.maxItems) throw new Error(`${this.bounds.label}: more than ${this.bounds.maxItems} items; a paging loop?`);
    if (performance.now() > this.deadline) throw new Error(`${this.bounds.label}: over its ${this.bounds.timeoutMs} ms budget`);
  }

  get items(): number {
    return this.count;
  }
}

/** Rounds for display. */
export function round(value: number, digits = 0): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/**
 * Unmeasured rounds of every variant before the measured ones (`BENCH_WARMUPS`, default 2). The
 * per-record CPU targets are about a long-running worker, whose code V8 has long optimised; the
 * first passes of a fresh process also pay V8's compilation on its background threads, which
 * `process.cpuUsage` counts and which is larger for the SDK (more code) than for a baseline. That
 * one-off cost is reported on its own (the cold pass), not spread over the per-record figures.
 */
export const WARMUP_ROUNDS = (() => {
  const raw = Number(process.env.BENCH_WARMUPS ?? 2);
  return Number.isSafeInteger(raw) && raw >= 0 && raw <= 20 ? raw : 2;
})();

/**
 * The interleaved measurement both P1 scenarios use: {@link WARMUP_ROUNDS} unmeasured rounds of
 * every variant, then all variants in turn `repetitions` times so each sees the same machine
 * noise, logging the records/s of every round.
 */
export async function interleave<V extends string>(
  variants: readonly V[],
  repetitions: number,
  run: (variant: V) => Promise<RunMeasure>,
  log: (line: string) => void,
  label: string,
): Promise<Map<V, RunMeasure[]>> {
  for (let round = 0; round < WARMUP_ROUNDS; round += 1) for (const variant of variants) await run(variant);
  const samples = new Map<V, RunMeasure[]>(variants.map((variant) => [variant, []]));
  for (let repetition = 0; repetition < repetitions; repetition += 1) {
    for (const variant of variants) samples.get(variant)?.push(await run(variant));
    const line = variants
      .map((variant) => {
        const last = samples.get(variant)?.at(-1) as RunMeasure;
        return `${variant} ${Math.round(last.records / (last.wallMs / 1000))}/s`;
      })
      .join(', ');
    log(`${label}: repetition ${repetition + 1}/${repetitions}: ${line}`);
  }
  return samples;
}
