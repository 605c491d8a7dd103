/**
 * `node --import tsx bench/transport-probe.ts [records] [rounds]`: client CPU per request of the
 * transport alone — plain undici (`request` + `body.text()` + `JSON.parse`) against
 * `HttpClient.request` (JSON) on the same logged Teamtailor URLs, interleaved. Development aid for
 * the per-request path; the bench's P1 is the gate.
 */
import { Agent, request } from 'undici';
import { HttpClient } from '../src/core/http.js';
import { teamtailorDescriptor } from '../src/connectors/teamtailor/descriptor.js';
import { closeConnector, connectorFor, drainModel } from './connectors.js';
import { startRemoteSandbox } from './sandbox-client.js';
import { measure } from './statistics.js';

const records = Number(process.argv[2] ?? 6_000);
const rounds = Number(process.argv[3] ?? 4);
/** `raw`, `sdk` or `both` (default): which side runs, for a profile of one side. */
const mode = process.argv[4] ?? 'both';
const sandbox = await startRemoteSandbox('teamtailor', { records, seed: 7 });
try {
  const apiKey = sandbox.credentials.apiKey as string;
  const connector = connectorFor('teamtailor', sandbox, false);
  await sandbox.recordUrls(true);
  await drainModel(connector, 'candidates', { maxItems: records * 2, timeoutMs: 120_000 });
  await closeConnector(connector);
  await sandbox.recordUrls(false);
  const paths = await sandbox.takeUrls();
  const headers = { authorization: `Token token=${apiKey}`, 'x-api-version': teamtailorDescriptor.apiVersion, accept: teamtailorDescriptor.contentType };
  const raw = async () => {
    const agent = new Agent({ connections: 8, keepAliveTimeout: 10_000 });
    for (const path of paths) {
      const response = await request(`${sandbox.url}${path}`, { dispatcher: agent, headers });
      JSON.parse(await response.body.text());
    }
    await agent.close();
    return paths.length;
  };
  const sdk = async () => {
    const client = new HttpClient({ provider: 'teamtailor', baseUrl: sandbox.url, headers, secrets: [apiKey], rateLimit: false });
    for (const path of paths) await client.request({ method: 'GET', path, operation: 'probe' });
    await client.close();
    return paths.length;
  };
  for (let round = 0; round <= rounds; round += 1) {
    const a = mode === 'sdk' ? { cpuMs: 0 } : await measure(raw);
    const b = mode === 'raw' ? { cpuMs: 0 } : await measure(sdk);
    if (round === 0) continue;
    const us = (m: { cpuMs: number }) => ((m.cpuMs * 1000) / paths.length).toFixed(0);
    process.stdout.write(`round ${round}: raw ${us(a)} µs/request, HttpClient ${us(b)} µs/request (${paths.length} requests)\n`);
  }
} finally {
  await sandbox.close();
}
