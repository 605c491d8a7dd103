/**
 * P1 for every connector other than Teamtailor (whose P1, with the mapping-×2 gate, is
 * `cpu-ceiling.ts`): N candidates, no rate limit on the connector (`rateLimit: false`) and none on
 * the sandbox. A warm-up SUT pass records every request the SDK sends (method, path and query,
 * headers, body: Flatchr's candidates come from a search POST); B0..B2 replay exactly those, B2
 * parsing each list item with the connector's wire schema for candidates. Variants run interleaved
 * (B0, B1, B2, SUT) for each repetition, against the same sandbox process.
 */
import { replayRequests, type BaselineLevel, type WireReader } from '../baselines.js';
import { closeConnector, connectorFor, drainModel, type ProviderName } from '../connectors.js';
import { startRemoteSandbox } from '../sandbox-client.js';
import { interleave, measure, summarise, type RunMeasure, type Summary } from '../statistics.js';
import { candidateSchema as gemCandidateSchema } from '../../src/connectors/gem/wire.js';
import { contactSchema as crelateContactSchema } from '../../src/connectors/crelate/wire.js';
import { searchRowSchema as flatchrSearchRowSchema } from '../../src/connectors/flatchr/wire.js';
import { profileSchema as jarviProfileSchema } from '../../src/connectors/jarvi/wire.js';

const arrayOr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/**
 * Each connector's candidate envelope and wire schema, as its reads.ts uses them: Gem and Flatchr
 * answer bare arrays, Crelate `{ Data, Errors, Metadata }`, Jarvi `{ data, total }`.
 */
export const wireReaders: Partial<Record<ProviderName, WireReader>> = {
  gem: { items: arrayOr, schema: gemCandidateSchema },
  crelate: { items: (document) => arrayOr((document as { Data?: unknown } | null)?.Data), schema: crelateContactSchema },
  flatchr: { items: arrayOr, schema: flatchrSearchRowSchema },
  jarvi: { items: (document) => arrayOr((document as { data?: unknown } | null)?.data), schema: jarviProfileSchema },
};

/** Settings of the per-connector P1. */
export interface ConnectorCpuCeilingSettings {
  providers: ProviderName[];
  /** Candidates per connector (a per-provider override wins). */
  records: number;
  recordsByProvider?: Partial<Record<ProviderName, number>>;
  repetitions: number;
  passTimeoutMs: number;
}

const VARIANTS = ['B0', 'B1', 'B2', 'SUT'] as const;
type Variant = (typeof VARIANTS)[number];

/** P1 of one connector. */
export interface ConnectorCpuCeilingResult {
  provider: ProviderName;
  /** Candidates the sandbox was seeded with. */
  seeded: number;
  /** Candidates the SDK delivered (contacts that are not candidates, or merged rows, are not). */
  records: number;
  /** Items in the responses (what B1/B2 count); can exceed `records`. */
  wireItems: number;
  requests: number;
  /** Requests per method (`GET 3`, `POST 2`). */
  methods: Record<string, number>;
  seedMs: number;
  variants: Record<Variant, { recordsPerSecond: Summary; cpuMicrosecondsPerRecord: Summary; clientBusyShare: Summary }>;
  /** SUT ÷ B2 records/s, paired per repetition (wall clock). */
  ratioToB2: Summary;
  /** B2 client CPU ÷ SUT client CPU. */
  cpuRatioToB2: Summary;
  ratioToB1: Summary;
  /**
   * Client CPU per record of the first SDK pass of the connector (the one that records the
   * requests): V8 still compiling, in a process that already ran other scenarios. Reported, not gated.
   */
  coldSutCpuMicrosecondsPerRecord?: number;
}

/** Runs P1 for each connector in turn (one sandbox process at a time). */
export async function runConnectorCpuCeiling(settings: ConnectorCpuCeilingSettings, log: (line: string) => void): Promise<ConnectorCpuCeilingResult[]> {
  const results: ConnectorCpuCeilingResult[] = [];
  for (const provider of settings.providers) {
    const reader = wireReaders[provider];
    if (!reader) throw new Error(`P1: no wire reader for ${provider}`);
    const seeded = settings.recordsByProvider?.[provider] ?? settings.records;
    const sandbox = await startRemoteSandbox(provider, { records: seeded, seed: 7 });
    log(`P1 ${provider}: sandbox seeded ${seeded} candidates in ${(sandbox.seedMs / 1000).toFixed(1)} s`);
    try {
      const runSut = async () => {
        const connector = connectorFor(provider, sandbox, false);
        try {
          return await drainModel(connector, 'candidates', { maxItems: seeded * 3, timeoutMs: settings.passTimeoutMs });
        } finally {
          await closeConnector(connector);
        }
      };
      await sandbox.recordUrls(true);
      // The first SDK pass of this connector in the process: measured on its own (cold).
      const cold = await measure(runSut);
      const delivered = cold.records;
      await sandbox.recordUrls(false);
      const requests = await sandbox.takeRequests();
      if (delivered === 0) throw new Error(`P1 ${provider}: the SDK delivered no candidate`);
      const methods: Record<string, number> = {};
      for (const request of requests) methods[request.method] = (methods[request.method] ?? 0) + 1;
      log(`P1 ${provider}: warm-up delivered ${delivered} candidates in ${requests.length} requests (${Object.entries(methods).map(([m, n]) => `${m} ${n}`).join(', ')})`);
      let wireItems = 0;
      const run = (variant: Variant): Promise<RunMeasure> =>
        measure(async () => {
          if (variant === 'SUT') return runSut();
          const items = await replayRequests(Number(variant.slice(1)) as BaselineLevel, sandbox.url, requests, reader, settings.passTimeoutMs);
          if (variant !== 'B0') wireItems = items;
          // Same record count as the SUT, so records/s compare the same work.
          return delivered;
        });
      const samples = await interleave(VARIANTS, settings.repetitions, run, log, `P1 ${provider}`);
      const get = (variant: Variant) => samples.get(variant) as RunMeasure[];
      const paired = (numerator: Variant, denominator: Variant, pick: (m: RunMeasure) => number) =>
        summarise(get(numerator).map((m, index) => pick(get(denominator)[index] as RunMeasure) / pick(m)));
      const variants = Object.fromEntries(
        VARIANTS.map((variant) => [
          variant,
          {
            recordsPerSecond: summarise(get(variant).map((m) => m.records / (m.wallMs / 1000))),
            cpuMicrosecondsPerRecord: summarise(get(variant).map((m) => (m.cpuMs * 1000) / m.records)),
            clientBusyShare: summarise(get(variant).map((m) => m.cpuMs / m.wallMs)),
          },
        ]),
      ) as ConnectorCpuCeilingResult['variants'];
      results.push({
        provider,
        seeded,
        records: delivered,
        wireItems,
        requests: requests.length,
        methods,
        seedMs: sandbox.seedMs,
        variants,
        ratioToB2: paired('SUT', 'B2', (m) => m.wallMs),
        cpuRatioToB2: paired('SUT', 'B2', (m) => m.cpuMs),
        ratioToB1: paired('SUT', 'B1', (m) => m.wallMs),
        coldSutCpuMicrosecondsPerRecord: (cold.cpuMs * 1000) / delivered,
      });
    } finally {
      await sandbox.close();
    }
  }
  return results;
}
