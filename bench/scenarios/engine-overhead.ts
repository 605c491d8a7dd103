/**
 * Engine overhead: the client CPU per record of the sync engine's full run
 * (`createSyncEngine(...).run({ mode: 'full' })` on `MemoryStateStore`, candidates only, a no-op
 * `onBatch`) against the connector alone (`syncCandidates()` drained page by page), over the same
 * Teamtailor sandbox. What the engine adds per record (content hashes, state entries, batches,
 * deletion bookkeeping) is the ratio; target ≤ 1.3. A fresh state store per run, so every run is a
 * first full sync. Variants alternate within each repetition after a warm-up of both, so both see
 * the same machine noise; the ratio is paired per repetition.
 */
import { createSyncEngine, MemoryStateStore } from '../../src/sync/index.js';
import { closeConnector, connectorFor } from '../connectors.js';
import { startRemoteSandbox } from '../sandbox-client.js';
import type { TargetCheck } from '../report.js';
import { LoopGuard, measure, summarise, WARMUP_ROUNDS, type RunMeasure, type Summary } from '../statistics.js';

/** Settings of the engine-overhead scenario. */
export interface EngineOverheadSettings {
  records: number;
  repetitions: number;
  pageSize: number;
  /** Budget of one pass, in ms. */
  passTimeoutMs: number;
}

/** The ceiling the engine's CPU per record may reach, as a multiple of the connector's. */
export const ENGINE_CPU_TARGET = 1.3;

const VARIANTS = ['connector', 'engine'] as const;
type Variant = (typeof VARIANTS)[number];

/** Results of the engine-overhead scenario. */
export interface EngineOverheadResult {
  records: number;
  repetitions: number;
  variants: Record<Variant, { recordsPerSecond: Summary; cpuMicrosecondsPerRecord: Summary; kernelMicrosecondsPerRecord?: Summary }>;
  /** Engine CPU per record ÷ connector CPU per record, paired per repetition. */
  cpuRatio: Summary;
  /** Connector records/s ÷ engine records/s (wall clock), paired per repetition. */
  wallRatio: Summary;
  /**
   * Engine minus connector client CPU per record (µs), paired per repetition: what the engine adds,
   * which unlike the ratio does not move when the connector gets cheaper or dearer.
   */
  cpuAddedMicroseconds?: Summary;
  /** Client CPU per record of the first pass of each in the process (V8 still compiling): reported, not gated. */
  coldCpuMicrosecondsPerRecord?: { connector: number; engine: number };
}

/** Runs the scenario: warm-up, then `repetitions` × (connector, engine). */
export async function runEngineOverhead(settings: EngineOverheadSettings, log: (line: string) => void): Promise<EngineOverheadResult> {
  const sandbox = await startRemoteSandbox('teamtailor', { records: settings.records, seed: 13 });
  log(`engine: sandbox seeded ${settings.records} candidates in ${(sandbox.seedMs / 1000).toFixed(1)} s`);
  try {
    const connectorPass = async (): Promise<number> => {
      const connector = connectorFor('teamtailor', sandbox, false);
      const guard = new LoopGuard({ maxItems: settings.records * 2, timeoutMs: settings.passTimeoutMs, label: 'engine scenario: connector' });
      try {
        for await (const page of connector.syncCandidates(undefined, { signal: guard.signal }).pages()) guard.tick(page.records.length);
      } finally {
        await closeConnector(connector);
      }
      return guard.items;
    };
    const enginePass = async (): Promise<number> => {
      const connector = connectorFor('teamtailor', sandbox, false);
      const engine = createSyncEngine({
        connector,
        store: new MemoryStateStore(),
        connectionId: 'bench-engine',
        models: ['candidates'],
        maxPagesPerModel: Math.ceil((settings.records * 2) / settings.pageSize) + 10,
      });
      const guard = new LoopGuard({ maxItems: settings.records * 2, timeoutMs: settings.passTimeoutMs, label: 'engine scenario: engine' });
      try {
        const report = await engine.run({
          mode: 'full',
          signal: guard.signal,
          onBatch: async (batch) => {
            guard.tick(batch.upserted.length);
          },
        });
        if (guard.items !== settings.records) throw new Error(`engine scenario: the engine delivered ${guard.items} of ${settings.records} (${JSON.stringify(report).slice(0, 300)})`);
      } finally {
        await closeConnector(connector);
      }
      return guard.items;
    };
    const passes: Record<Variant, () => Promise<number>> = { connector: connectorPass, engine: enginePass };
    // The first pass of each is measured on its own (cold: V8 still compiling); then
    // WARMUP_ROUNDS unmeasured rounds, as in P1, so the repetitions see optimised code.
    const cold: Record<Variant, RunMeasure | null> = { connector: null, engine: null };
    for (let round = 0; round <= WARMUP_ROUNDS; round += 1) {
      for (const variant of VARIANTS) {
        const pass = await measure(passes[variant]);
        if (pass.records !== settings.records) throw new Error(`engine scenario: warm-up ${variant} delivered ${pass.records} of ${settings.records}`);
        cold[variant] ??= pass;
      }
    }
    const samples: Record<Variant, RunMeasure[]> = { connector: [], engine: [] };
    for (let repetition = 1; repetition <= settings.repetitions; repetition += 1) {
      // Alternate which goes first, so neither always runs right after the other's garbage.
      const order = repetition % 2 === 0 ? [...VARIANTS].reverse() : VARIANTS;
      for (const variant of order) samples[variant].push(await measure(passes[variant]));
      const cpu = (variant: Variant) => ((samples[variant].at(-1) as RunMeasure).cpuMs * 1000) / settings.records;
      log(`engine: repetition ${repetition}/${settings.repetitions}: connector ${cpu('connector').toFixed(1)} µs/record, engine ${cpu('engine').toFixed(1)} µs/record`);
    }
    const perVariant = (variant: Variant) => ({
      recordsPerSecond: summarise(samples[variant].map((m) => m.records / (m.wallMs / 1000))),
      cpuMicrosecondsPerRecord: summarise(samples[variant].map((m) => (m.cpuMs * 1000) / m.records)),
      kernelMicrosecondsPerRecord: summarise(samples[variant].map((m) => (m.systemMs * 1000) / m.records)),
    });
    return {
      records: settings.records,
      repetitions: settings.repetitions,
      variants: { connector: perVariant('connector'), engine: perVariant('engine') },
      cpuRatio: summarise(samples.engine.map((m, index) => m.cpuMs / (samples.connector[index] as RunMeasure).cpuMs)),
      wallRatio: summarise(samples.engine.map((m, index) => m.wallMs / (samples.connector[index] as RunMeasure).wallMs)),
      cpuAddedMicroseconds: summarise(samples.engine.map((m, index) => ((m.cpuMs - (samples.connector[index] as RunMeasure).cpuMs) * 1000) / settings.records)),
      coldCpuMicrosecondsPerRecord: {
        connector: ((cold.connector as RunMeasure).cpuMs * 1000) / settings.records,
        engine: ((cold.engine as RunMeasure).cpuMs * 1000) / settings.records,
      },
    };
  } finally {
    await sandbox.close();
  }
}

/** The kernel's part, which results written before it was measured do not have. */
const kernel = (variant: EngineOverheadResult['variants'][Variant]) => (variant.kernelMicrosecondsPerRecord ? spread(variant.kernelMicrosecondsPerRecord, 1) : '—');
const fixed = (value: number, digits: number) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const spread = (summary: Summary, digits: number) => `${fixed(summary.median, digits)} (IQR ${fixed(summary.iqr, digits)})`;

/** The Markdown section of the scenario. */
export function renderEngineOverhead(result: EngineOverheadResult): string[] {
  const v = result.variants;
  return [
    '',
    `**Engine overhead** — ${fixed(result.records, 0)} Teamtailor candidates, no rate limit; \`engine.run({ mode: 'full' })\` on a fresh \`MemoryStateStore\` (no-op \`onBatch\`) against \`syncCandidates()\` alone; median (IQR) of ${result.repetitions} alternating repetitions after ${WARMUP_ROUNDS + 1} unmeasured rounds of both.`,
    '',
    '| pipeline | records/s | client CPU µs/record | of which kernel |',
    '|---|---:|---:|---:|',
    `| syncCandidates() | ${spread(v.connector.recordsPerSecond, 0)} | ${spread(v.connector.cpuMicrosecondsPerRecord, 1)} | ${kernel(v.connector)} |`,
    `| engine full run | ${spread(v.engine.recordsPerSecond, 0)} | ${spread(v.engine.cpuMicrosecondsPerRecord, 1)} | ${kernel(v.engine)} |`,
    '',
    `Engine ÷ connector: client CPU per record ${spread(result.cpuRatio, 3)}, wall time ${spread(result.wallRatio, 3)}.`,
    ...(result.cpuAddedMicroseconds ? ['', `The engine adds ${spread(result.cpuAddedMicroseconds, 1)} µs of client CPU per record.`] : []),
    ...(result.coldCpuMicrosecondsPerRecord
      ? ['', `First (cold) pass of each in the process, V8 still compiling, not gated: connector ${fixed(result.coldCpuMicrosecondsPerRecord.connector, 1)} µs/record, engine ${fixed(result.coldCpuMicrosecondsPerRecord.engine, 1)} µs/record.`]
      : []),
  ];
}

/** The scenario's target: engine CPU per record ≤ 1.3 × the connector's. */
export function engineOverheadTargets(result: EngineOverheadResult): TargetCheck[] {
  return [
    {
      scenario: 'Engine',
      target: `engine ÷ syncCandidates() client CPU per record ≤ ${ENGINE_CPU_TARGET}`,
      measured: spread(result.cpuRatio, 3),
      met: result.cpuRatio.median <= ENGINE_CPU_TARGET,
      gating: false,
    },
  ];
}
