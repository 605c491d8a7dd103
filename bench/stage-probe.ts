/**
 * `node --import tsx bench/stage-probe.ts [rounds]`: client CPU per record of each stage of the
 * Teamtailor candidate pipeline on real sandbox pages, in process, measured with
 * `process.cpuUsage` over many interleaved rounds (steadier than wall time on a loaded machine).
 * Development aid; the bench's P1 and micro are the reports.
 */
import { request } from 'undici';
import { teamtailorDescriptor } from '../src/connectors/teamtailor/descriptor.js';
import { candidateSchema } from '../src/connectors/teamtailor/wire.js';
import { indexIncluded } from '../src/connectors/teamtailor/jsonapi.js';
import { toCandidate } from '../src/connectors/teamtailor/mappers/to-candidate.js';
import { teamtailorPipelines } from '../src/connectors/teamtailor/reads.js';
import { mapItems } from '../src/core/record-pipeline.js';
import { checkedParse } from '../src/core/schema-check.js';
import { CandidateSchema } from '../src/models/index.js';
import { startRemoteSandbox } from './sandbox-client.js';

const rounds = Number(process.argv[2] ?? 30);
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
let sink = 0;
const stages: Record<string, () => void> = {
  'JSON.parse': () => {
    for (const text of texts) sink += (JSON.parse(text) as { data: unknown[] }).data.length;
  },
  'wire safeParse': () => {
    for (const document of documents) for (const item of document.data) sink += candidateSchema.safeParse(item).success ? 1 : 0;
  },
  'index included': () => {
    for (const document of documents) sink += indexIncluded(document.included).size;
  },
  'toCandidate': () => {
    wires.forEach((page, index) => {
      for (const wire of page) sink += toCandidate(wire, indexes[index] as ReturnType<typeof indexIncluded>).tags.length;
    });
  },
  'unified safeParse': () => {
    for (const page of mapped) for (const record of page) sink += CandidateSchema.safeParse(record).success ? 1 : 0;
  },
  'unified checked': () => {
    for (const page of mapped) for (const record of page) sink += checkedParse(CandidateSchema, record).success ? 1 : 0;
  },
  'mapItems': () => {
    documents.forEach((document, index) => {
      sink += mapItems(document.data, teamtailorPipelines.candidates, indexes[index] as ReturnType<typeof indexIncluded>, null).records.length;
    });
  },
};
const samples = new Map<string, number[]>(Object.keys(stages).map((name) => [name, []]));
for (let round = 0; round <= rounds; round += 1) {
  for (const [name, run] of Object.entries(stages)) {
    const before = process.cpuUsage();
    for (let repeat = 0; repeat < 5; repeat += 1) run();
    const used = process.cpuUsage(before);
    if (round > 0) samples.get(name)?.push((used.user + used.system) / (records * 5));
  }
}
if (sink === 0) throw new Error('nothing measured');
for (const [name, values] of samples) {
  const sorted = values.sort((a, b) => a - b);
  process.stdout.write(`${name.padEnd(20)} ${(sorted[Math.floor(sorted.length / 2)] as number).toFixed(2)} µs/record (p25 ${(sorted[Math.floor(sorted.length / 4)] as number).toFixed(2)})\n`);
}
