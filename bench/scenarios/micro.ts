/**
 * Micro: where the SDK's per-record client time goes, stage by stage, on real sandbox pages
 * (no HTTP in the loop). Reported only; it explains the P1 CPU ratio.
 */
import { request } from 'undici';
import { teamtailorDescriptor } from '../../src/connectors/teamtailor/descriptor.js';
import { candidateSchema } from '../../src/connectors/teamtailor/wire.js';
import { indexIncluded } from '../../src/connectors/teamtailor/jsonapi.js';
import { toCandidate } from '../../src/connectors/teamtailor/mappers/to-candidate.js';
import { teamtailorPipelines } from '../../src/connectors/teamtailor/reads.js';
import { mapItems } from '../../src/core/record-pipeline.js';
import { parseIsoToMs } from '../../src/core/dates.js';
import { CandidateSchema } from '../../src/models/index.js';
import { startRemoteSandbox } from '../sandbox-client.js';
import { summarise, type Summary } from '../statistics.js';

/** µs per record of each stage (median and IQR over rounds). */
export type MicroResult = Record<string, Summary>;

/** Runs every stage over `pages` sandbox pages, `rounds` times each. */
export async function runMicro(rounds: number, log: (line: string) => void): Promise<MicroResult> {
  const sandbox = await startRemoteSandbox('teamtailor', { records: 600, seed: 7 });
  const texts: string[] = [];
  try {
    const headers = { authorization: `Token token=${sandbox.credentials.apiKey}`, 'x-api-version': teamtailorDescriptor.apiVersion };
    for (let page = 1; page <= 20; page += 1) {
      const response = await request(`${sandbox.url}/candidates?include=custom-field-values,custom-field-values.custom-field&sort=updated-at&page[size]=30&page[number]=${page}`, { headers });
      texts.push(await response.body.text());
    }
  } finally {
    await sandbox.close();
  }
  const documents = texts.map((text) => JSON.parse(text) as { data: unknown[]; included?: unknown[] });
  const records = documents.reduce((sum, document) => sum + document.data.length, 0);
  const wires = documents.map((document) => document.data.map((item) => candidateSchema.parse(item)));
  const indexes = documents.map((document) => indexIncluded(document.included));
  const mapped = wires.map((page, index) => page.map((wire) => toCandidate(wire, indexes[index] as ReturnType<typeof indexIncluded>)));
  const stamps = wires.flatMap((page) => page.map((wire) => wire.attributes['updated-at'] as string));
  let sink = 0;
  const stages: Record<string, () => void> = {
    'JSON.parse (B1 work)': () => {
      for (const text of texts) sink += (JSON.parse(text) as { data: unknown[] }).data.length;
    },
    'wire safeParse (B2 work)': () => {
      for (const document of documents) for (const item of document.data) sink += candidateSchema.safeParse(item).success ? 1 : 0;
    },
    'index included (per page)': () => {
      for (const document of documents) sink += indexIncluded(document.included).size;
    },
    'toCandidate mapper': () => {
      wires.forEach((page, index) => {
        for (const wire of page) sink += toCandidate(wire, indexes[index] as ReturnType<typeof indexIncluded>).tags.length;
      });
    },
    'unified CandidateSchema safeParse': () => {
      for (const page of mapped) for (const record of page) sink += CandidateSchema.safeParse(record).success ? 1 : 0;
    },
    'parseIsoToMs (date-fns), one stamp': () => {
      for (const stamp of stamps) sink += parseIsoToMs(stamp) ?? 0;
    },
    // Contrast: the platform parser on the same stamps (the SDK parses about five per record).
    'Date.parse, one stamp': () => {
      for (const stamp of stamps) sink += Date.parse(stamp);
    },
    'mapItems (wire + map + unified + since check)': () => {
      documents.forEach((document, index) => {
        sink += mapItems(document.data, teamtailorPipelines.candidates, indexes[index] as ReturnType<typeof indexIncluded>, null).records.length;
      });
    },
  };
  const samples = new Map<string, number[]>(Object.keys(stages).map((name) => [name, []]));
  // Interleaved rounds, the first discarded as warm-up.
  for (let round = 0; round <= rounds; round += 1) {
    for (const [name, run] of Object.entries(stages)) {
      const started = performance.now();
      run();
      const microseconds = ((performance.now() - started) * 1000) / records;
      if (round > 0) samples.get(name)?.push(microseconds);
    }
  }
  if (sink === 0) throw new Error('micro: nothing measured');
  const result = Object.fromEntries([...samples].map(([name, values]) => [name, summarise(values)]));
  log(`micro: ${Object.entries(result).map(([name, summary]) => `${name} ${summary.median.toFixed(1)} µs`).join('; ')}`);
  return result;
}
