/**
 * P1, CPU ceiling: N candidates, no rate limit anywhere. The SDK (`syncCandidates()` through
 * mapping to unified records) and the baselines B0..B2 replay the same request URLs against the
 * same sandbox process, interleaved (B0, B1, B2, SUT, SUT with mapping done twice) for each
 * repetition after a warm-up, so all see the same machine noise.
 */
import { replayBaseline, type BaselineLevel } from '../baselines.js';
import { closeConnector, connectorFor, drainModel } from '../connectors.js';
import { startRemoteSandbox } from '../sandbox-client.js';
import { interleave, measure, summarise, type RunMeasure, type Summary } from '../statistics.js';

/** Settings of P1. */
export interface CpuCeilingSettings {
  records: number;
  repetitions: number;
  /** Budget of one pass, in ms. */
  passTimeoutMs: number;
  /** `BENCH_SLOW_MAPPING=1`: the gated SUT maps every record twice. */
  slowMappingGated: boolean;
}

const VARIANTS = ['B0', 'B1', 'B2', 'SUT', 'SUT (mapping ×2)'] as const;
type Variant = (typeof VARIANTS)[number];

/** Per-variant results and the ratios the targets are about. */
export interface CpuCeilingResult {
  records: number;
  requests: number;
  seedMs: number;
  variants: Record<Variant, { recordsPerSecond: Summary; cpuMicrosecondsPerRecord: Summary; clientBusyShare: Summary }>;
  /** Gated SUT ÷ B2 records/s, paired per repetition (wall clock). */
  ratioToB2: Summary;
  /** The plain SUT's ratios, whichever SUT is gated. */
  plainRatioToB2: Summary;
  plainCpuRatioToB2: Summary;
  /** The same with mapping done twice. */
  ratioToB2SlowMapping: Summary;
  /** B2 client CPU per record ÷ SUT client CPU per record: the ratio with the server's time taken out. */
  cpuRatioToB2: Summary;
  cpuRatioToB2SlowMapping: Summary;
  /** SUT ÷ B1 records/s. */
  ratioToB1: Summary;
  /** Which SUT the gate looks at. */
  gated: 'SUT' | 'SUT (mapping ×2)';
  /** Client CPU per record of the first SDK pass (the one that records the requests): reported, not gated. */
  coldSutCpuMicrosecondsPerRecord?: number;
}

/** Runs P1. */
export async function runCpuCeiling(settings: CpuCeilingSettings, log: (line: string) => void): Promise<CpuCeilingResult> {
  const sandbox = await startRemoteSandbox('teamtailor', { records: settings.records, seed: 7 });
  log(`P1: sandbox seeded ${settings.records} candidates in ${(sandbox.seedMs / 1000).toFixed(1)} s`);
  try {
    const apiKey = sandbox.credentials.apiKey as string;
    const runSut = async (slowMapping: boolean) => {
      const connector = connectorFor('teamtailor', sandbox, false);
      try {
        return await drainModel(connector, 'candidates', { maxItems: settings.records * 2, timeoutMs: settings.passTimeoutMs, slowMapping });
      } finally {
        await closeConnector(connector);
      }
    };
    // Warm-up: the SUT pass records the URLs it asked for; the baselines replay exactly those.
    await sandbox.recordUrls(true);
    // The first SDK pass in the process: measured on its own (cold, V8 still compiling).
    const cold = await measure(() => runSut(false));
    const delivered = cold.records;
    await sandbox.recordUrls(false);
    const paths = await sandbox.takeUrls();
    if (delivered !== settings.records) throw new Error(`P1: the SDK delivered ${delivered} of ${settings.records} candidates`);
    log(`P1: warm-up done, ${paths.length} requests per pass`);
    const run = async (variant: Variant): Promise<RunMeasure> => {
      const result = await measure(async () => {
        if (variant === 'SUT') return runSut(false);
        if (variant === 'SUT (mapping ×2)') return runSut(true);
        await replayBaseline(Number(variant.slice(1)) as BaselineLevel, sandbox.url, apiKey, paths, settings.passTimeoutMs);
        return delivered;
      });
      return result;
    };
    const samples = await interleave(VARIANTS, settings.repetitions, run, log, 'P1');
    const get = (variant: Variant) => samples.get(variant) as RunMeasure[];
    const paired = (numerator: Variant, denominator: Variant, pick: (m: RunMeasure) => number) =>
      summarise(get(numerator).map((m, index) => pick(get(denominator)[index] as RunMeasure) / pick(m)));
    const wall = (m: RunMeasure) => m.wallMs;
    const cpu = (m: RunMeasure) => m.cpuMs;
    const gated = settings.slowMappingGated ? 'SUT (mapping ×2)' : 'SUT';
    const variants = Object.fromEntries(
      VARIANTS.map((variant) => [
        variant,
        {
          recordsPerSecond: summarise(get(variant).map((m) => m.records / (m.wallMs / 1000))),
          cpuMicrosecondsPerRecord: summarise(get(variant).map((m) => (m.cpuMs * 1000) / m.records)),
          clientBusyShare: summarise(get(variant).map((m) => m.cpuMs / m.wallMs)),
        },
      ]),
    ) as CpuCeilingResult['variants'];
    return {
      records: delivered,
      requests: paths.length,
      seedMs: sandbox.seedMs,
      variants,
      ratioToB2: paired(gated, 'B2', wall),
      plainRatioToB2: paired('SUT', 'B2', wall),
      plainCpuRatioToB2: paired('SUT', 'B2', cpu),
      ratioToB2SlowMapping: paired('SUT (mapping ×2)', 'B2', wall),
      cpuRatioToB2: paired(gated, 'B2', cpu),
      cpuRatioToB2SlowMapping: paired('SUT (mapping ×2)', 'B2', cpu),
      ratioToB1: paired(gated, 'B1', wall),
      gated,
      coldSutCpuMicrosecondsPerRecord: (cold.cpuMs * 1000) / delivered,
    };
  } finally {
    await sandbox.close();
  }
}
