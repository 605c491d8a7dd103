/**
 * `Attachment.download()` through real connectors: a provider's file URL on the caller's own
 * network is refused by default and fetched once the connector opts in (as
 * `sandbox.connectorOptions` does), and an API route answering bytes (Crelate) has the same size
 * cap as every other download.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createConnector } from '../../src/connectors/index.js';
import { ResponseTooLargeError, ValidationError } from '../../src/core/errors.js';
import { encodeId } from '../../src/core/ids.js';
import { startFaultServer, type FaultServer } from '../../src/testing/fault-server.js';
import { startSandbox, type Sandbox } from '../../src/testing/index.js';
import { startCrelate } from './crelate/helpers.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

async function read(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('Teamtailor upload URLs on a private network', () => {
  it('are refused by default with ValidationError and no connection, and downloaded with the sandbox opt-in', async () => {
    const files: FaultServer = await startFaultServer({
      respond: () => ({ kind: 'respond', status: 200, headers: { 'content-type': 'application/pdf' }, body: '%PDF-1.4 report' }),
    });
    closers.push(() => files.close());
    const sandbox: Sandbox = await startSandbox('teamtailor', { records: 5, seed: 3 });
    closers.push(() => sandbox.close());
    const withOptIn = createConnector('teamtailor', { ...(sandbox.connectorOptions as { apiKey: string; baseUrl: string }), downloads: sandbox.connectorOptions.downloads, rateLimit: false });
    closers.push(() => withOptIn.close());
    const strict = createConnector('teamtailor', { apiKey: sandbox.connectorOptions.apiKey, baseUrl: sandbox.url, rateLimit: false });
    closers.push(() => strict.close());

    const candidate = sandbox.store.list('candidates')[0]!;
    const candidateId = encodeId('teamtailor', 'candidate', candidate.id);
    await withOptIn.addAttachmentToCandidate({ candidate_id: candidateId, attachment: { name: 'report.pdf', content_type: 'application/pdf', url: `${files.url}/report.pdf` } });

    const [strictAttachment] = (await strict.getCandidateAttachments({ candidate_id: candidateId })).filter((entry) => entry.file_name === 'report.pdf');
    const refused = await strictAttachment!.download().catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(ValidationError);
    expect(files.stats.connections).toBe(0);

    const [allowed] = (await withOptIn.getCandidateAttachments({ candidate_id: candidateId })).filter((entry) => entry.file_name === 'report.pdf');
    expect(await read(await allowed!.download())).toBe('%PDF-1.4 report');
    expect(files.stats.requests).toBe(1);
  });
});

describe('Crelate artifact content', () => {
  it('is held to the same downloads.maxBytes cap as signed URLs', async () => {
    const run = await startCrelate({ records: 5, seed: 4 }, { downloads: { maxBytes: 1_000 } });
    closers.push(() => run.close());
    const contact = run.sandbox.store.list('contacts')[0]!.id;
    run.sandbox.add('artifacts', {
      FileName: 'big.pdf',
      ContentType: 'application/pdf',
      ContentLength: 80_000,
      ArtifactTypeId: { Id: '7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4bdd08', Title: 'Document' },
      IsPrimary: false,
      _parentId: contact,
      _content: 'x'.repeat(80_000),
    });
    const attachments = await run.connector.getCandidateAttachments({ candidate_id: encodeId('crelate', 'candidate', contact) });
    const big = attachments.find((attachment) => attachment.file_name === 'big.pdf');
    expect(big).toBeDefined();
    const error = await (async () => read(await big!.download()))().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limitBytes).toBe(1_000);
  });
});
