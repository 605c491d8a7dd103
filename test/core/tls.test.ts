/**
 * X6 (reliability.md §2.5): against a self-signed HTTPS server on loopback, the connection fails
 * unless its CA is passed explicitly, and the codebase never turns certificate checks off.
 */
import { readdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransportError } from '../../src/core/errors.js';
import { createTestClient, timed } from '../helpers/test-client.js';
import { selfSignedCertificate, type TestCertificate } from '../helpers/tls-certificate.js';

let certificate: TestCertificate;
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  certificate = await selfSignedCertificate();
  server = createServer({ cert: certificate.cert, key: certificate.key }, (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end('{"secure":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

/** Every .ts file under `folder` (bounded depth, so a symlink loop cannot run away). */
async function sourceFiles(folder: string, depth = 0): Promise<string[]> {
  if (depth > 8) return [];
  const entries = await readdir(folder, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) return sourceFiles(path, depth + 1);
      return Promise.resolve(entry.name.endsWith('.ts') ? [path] : []);
    }),
  );
  return nested.flat();
}

describe('TLS', () => {
  it('X6: a self-signed server is refused when no CA is given', async () => {
    const { client } = createTestClient(baseUrl, { retry: { maxRetries: 0 } });
    const outcome = await timed(() => client.request({ method: 'GET', path: '/ping', operation: 'X6' }));
    await client.close();

    expect(outcome.error).toBeInstanceOf(TransportError);
    expect((outcome.error as TransportError).code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
  });

  it('X6: the same server is accepted when its CA is passed in tls.ca', async () => {
    const { client } = createTestClient(baseUrl, { tls: { ca: certificate.cert } });
    const response = await client.request({ method: 'GET', path: '/ping', operation: 'X6' });
    await client.close();

    expect(response.body).toEqual({ secure: true });
  });

  it('X6: nothing under src/ turns certificate verification off', async () => {
    const files = await sourceFiles(join(import.meta.dirname, '../../src'));
    expect(files.length).toBeGreaterThan(10);
    const offenders: string[] = [];
    for (const file of files) {
      const text = await readFile(file, 'utf8');
      if (/rejectUnauthorized\s*:\s*false|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity\s*:\s*\(\s*\)\s*=>/.test(text)) offenders.push(file);
    }
    expect(offenders).toEqual([]);
  });
});
