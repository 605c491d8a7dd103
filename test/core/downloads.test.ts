/**
 * The shared download path (`Attachment.download()` of every connector): URLs that are not
 * http(s) are a ValidationError before any request; by default no loopback, private, link-local
 * or metadata address is reached (checked on the literal, on what a name resolves to, and on the
 * connected socket) unless the connector opts in; the connector's timeouts, an overall deadline
 * and one size cap apply, for signed URLs and for API routes that answer bytes alike.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { ResponseTooLargeError, TimeoutError, ValidationError } from '../../src/core/errors.js';
import type { HttpClient } from '../../src/core/http.js';
import { guardedConnector, isRefusedAddress, networkPolicy } from '../../src/core/network-guard.js';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';
import { createTestClient, timed } from '../helpers/test-client.js';

let server: FaultServer;
const clients: HttpClient[] = [];
beforeAll(async () => {
  server = await startFaultServer({
    respond: () => ({ kind: 'respond', status: 200, headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.4 file' }),
  });
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});
afterAll(async () => {
  await server.close();
});

function client(overrides: Parameters<typeof createTestClient>[1] = {}): HttpClient {
  const built = createTestClient(server.url, overrides).client;
  clients.push(built);
  return built;
}

async function read(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('URLs that are not http(s)', () => {
  for (const url of ['', '   ', 'file:///etc/passwd', 'ftp://127.0.0.1/cv.pdf', 'javascript:alert(1)', 'gopher://127.0.0.1:70/', 'not a url', 'http://user:secret@127.0.0.1/cv.pdf']) {
    it(`${JSON.stringify(url)} is a ValidationError and opens no connection`, async () => {
      const before = server.stats.connections;
      const { error } = await timed(() => client({ downloads: { allowPrivateNetwork: true } }).download(url, { operation: 'downloadAttachment' }));
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.path).toEqual(['url']);
      expect(server.stats.connections).toBe(before);
    });
  }
});

describe('addresses a download may reach', () => {
  it('by default a loopback address is refused before any socket connects, whatever its spelling', async () => {
    const before = server.stats.connections;
    for (const host of ['127.0.0.1', '2130706433', '0x7f000001', '[::1]', '[::ffff:127.0.0.1]']) {
      const { error } = await timed(() => client().download(`http://${host}:${server.port}/cv.pdf`, { operation: 'downloadAttachment' }));
      expect(error, host).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]?.code, host).toBe('forbidden_address');
      expect((error as Error).message).toContain('downloads.allowPrivateNetwork');
    }
    expect(server.stats.connections).toBe(before);
  });

  it('a host name is checked on the address it resolves to (localhost), before connecting', async () => {
    const before = server.stats.connections;
    const { error } = await timed(() => client().download(`http://localhost:${server.port}/cv.pdf`, { operation: 'downloadAttachment' }));
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).issues[0]?.code).toBe('forbidden_address');
    expect(server.stats.connections).toBe(before);
  });

  it('allowPrivateNetwork opts in; allowHosts lets one named host through and nothing else', async () => {
    expect(await read(await client({ downloads: { allowPrivateNetwork: true } }).download(`${server.url}/cv.pdf`, { operation: 'd' }))).toBe('%PDF-1.4 file');
    const named = client({ downloads: { allowHosts: ['LOCALHOST'] } });
    expect(await read(await named.download(`http://localhost:${server.port}/cv.pdf`, { operation: 'd' }))).toBe('%PDF-1.4 file');
    const { error } = await timed(() => named.download(`${server.url}/cv.pdf`, { operation: 'd' }));
    expect(error).toBeInstanceOf(ValidationError);
  });

  it('the connected socket is checked too: a name that resolved elsewhere but landed on a private address is dropped', async () => {
    let destroyed = false;
    const socket = { remoteAddress: '10.1.2.3', destroy: () => void (destroyed = true) } as unknown as Socket;
    const connect = guardedConnector(networkPolicy(), {}, (_options, callback) => callback(null, socket));
    const outcome = await new Promise<{ error: Error | null; socket: unknown }>((resolve) =>
      connect({ hostname: 'files.example', host: 'files.example', protocol: 'https:', port: '443' }, (error, result) => resolve({ error, socket: result })),
    );
    expect((outcome.error as { code?: string } | null)?.code).toBe('UNIFIED_ATS_FORBIDDEN_ADDRESS');
    expect(outcome.socket).toBeNull();
    expect(destroyed).toBe(true);
  });

  it('classifies metadata, private, link-local, unique-local and mapped addresses as refused, public ones as allowed', () => {
    for (const address of ['169.254.169.254', '10.0.0.1', '172.16.5.4', '192.168.1.1', '100.100.100.200', '0.0.0.0', '::', '::1', 'fe80::1', 'fd00:ec2::254', '::ffff:10.0.0.1', '168.63.129.16']) {
      expect(isRefusedAddress(address), address).toBe(true);
    }
    for (const address of ['93.184.216.34', '2606:4700::1111', '8.8.8.8']) expect(isRefusedAddress(address), address).toBe(false);
  });
});

describe('timeouts, deadline and size cap', () => {
  it("a server that never answers times out with the connector's headers timeout", async () => {
    server.script({ kind: 'stall' });
    const { error, ms } = await timed(() => client({ timeoutMs: 200, downloads: { allowPrivateNetwork: true } }).download(`${server.url}/stall`, { operation: 'd' }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('headers');
    expect(ms).toBeLessThan(5_000);
  });

  it('a file trickled a byte at a time never goes quiet long enough for the idle timeout, and stops at the download deadline', async () => {
    server.script({ kind: 'drip', body: 'x'.repeat(60), chunkBytes: 1, intervalMs: 50 });
    const stream = await client({ timeoutMs: 1_000, downloads: { allowPrivateNetwork: true, totalMs: 400 } }).download(`${server.url}/drip`, { operation: 'd' });
    const { error } = await timed(() => read(stream));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('total');
  });

  it('a declared size over the cap fails before reading; a streamed one at the cap', async () => {
    const capped = client({ downloads: { allowPrivateNetwork: true, maxBytes: 10_000 } });
    server.script({ kind: 'oversize', mode: 'declared', bytes: 50_000 });
    const declared = await timed(() => capped.download(`${server.url}/big`, { operation: 'd' }));
    expect(declared.error).toBeInstanceOf(ResponseTooLargeError);
    server.script({ kind: 'oversize', mode: 'chunked', bytes: 200_000, chunkBytes: 4_096 });
    const streamed = await capped.download(`${server.url}/big`, { operation: 'd' });
    const { error } = await timed(() => read(streamed));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limitBytes).toBe(10_000);
  });

  it('an API route answering bytes (responseType stream, as Crelate and Flatchr CVs use) has the same cap', async () => {
    const capped = client({ downloads: { maxBytes: 10_000 } });
    server.script({ kind: 'oversize', mode: 'chunked', bytes: 200_000, chunkBytes: 4_096 });
    const response = await capped.request<AsyncIterable<Uint8Array>>({ method: 'GET', path: '/content', responseType: 'stream', operation: 'downloadAttachment' });
    const { error } = await timed(() => read(response.body));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
  });
});
