/**
 * What callers put into write actions, through real connectors and sandboxes:
 * - `attachment.data` takes a Buffer, a plain `Uint8Array` (typed as a PDF generator returns it:
 *   this file is type-checked by `tsc -p .`), an ArrayBuffer, a Blob or a readable stream, read
 *   into bytes under the attachment size cap before any request;
 * - the one multipart builder refuses a content type or file name that would rewrite a part
 *   header (ValidationError, nothing sent) and keeps only a file name's base name;
 * - result links and attachment URLs are http(s) only, and caller text in an HTML comment is
 *   escaped.
 */
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { AddResultLinkToApplicationInputSchema, AttachmentInputSchema } from '../../src/actions/inputs.js';
import { AtsError, ValidationError } from '../../src/core/errors.js';
import { encodeId } from '../../src/core/ids.js';
import { escapeHtml, linkHtml, textToHtmlParagraph } from '../../src/connectors/shared/html.js';
import { checkContentType, encodeMultipart, safeFileName } from '../../src/connectors/shared/multipart.js';
import { decodeMultipart } from '../../src/testing/multipart.js';
import { startSandbox } from '../../src/testing/index.js';
import { startCrelate, type Harness } from './crelate/helpers.js';
import { collect, sandboxConnector } from './flatchr/helpers.js';
import { sandboxConnector as teamtailorConnector } from './teamtailor/sandbox-helpers.js';
import type { Sandbox } from '../../src/testing/sandbox/server.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** What a PDF library hands back: a Uint8Array over an ArrayBufferLike, not a Buffer. */
function generatedPdf(text: string): Uint8Array {
  return new TextEncoder().encode(text) as Uint8Array;
}

async function crelate(options: Parameters<typeof startCrelate>[1] = {}): Promise<Harness & { sandbox: Sandbox; contact: string }> {
  const run = await startCrelate({ records: 5, seed: 21 }, options);
  closers.push(() => run.close());
  return { ...run, contact: run.sandbox.store.list('contacts')[0]!.id };
}

async function downloaded(run: Harness, contact: string, name: string): Promise<string> {
  const attachments = await run.connector.getCandidateAttachments({ candidate_id: encodeId('crelate', 'candidate', contact) });
  const file = attachments.find((attachment) => attachment.file_name === name);
  expect(file, name).toBeDefined();
  const chunks: Uint8Array[] = [];
  for await (const chunk of await file!.download()) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

describe('attachment.data in every form a caller has it', () => {
  it('a Buffer, a plain Uint8Array, an ArrayBuffer, a Blob and a readable stream all type-check and upload the same bytes', async () => {
    const run = await crelate();
    const candidate_id = encodeId('crelate', 'candidate', run.contact);
    const buffer: Buffer = Buffer.from('%PDF-1.4 buffer');
    const plain: Uint8Array = generatedPdf('%PDF-1.4 plain');
    const arrayBuffer: ArrayBuffer = new TextEncoder().encode('%PDF-1.4 arraybuffer').buffer as ArrayBuffer;
    const blob = new Blob(['%PDF-1.4 blob']);
    const stream = Readable.from([Buffer.from('%PDF-1.4 '), Buffer.from('stream')]);
    const forms = { 'buffer.pdf': buffer, 'plain.pdf': plain, 'arraybuffer.pdf': arrayBuffer, 'blob.pdf': blob, 'stream.pdf': stream };
    for (const [name, data] of Object.entries(forms)) {
      await run.connector.addAttachmentToCandidate({ candidate_id, attachment: { name, content_type: 'application/pdf', data } });
    }
    expect(await downloaded(run, run.contact, 'buffer.pdf')).toBe('%PDF-1.4 buffer');
    expect(await downloaded(run, run.contact, 'plain.pdf')).toBe('%PDF-1.4 plain');
    expect(await downloaded(run, run.contact, 'arraybuffer.pdf')).toBe('%PDF-1.4 arraybuffer');
    expect(await downloaded(run, run.contact, 'blob.pdf')).toBe('%PDF-1.4 blob');
    expect(await downloaded(run, run.contact, 'stream.pdf')).toBe('%PDF-1.4 stream');
  });

  it('bytes over the attachment cap are a ValidationError before any request, for a Buffer and for a stream read only to the cap', async () => {
    const run = await crelate({ downloads: { maxBytes: 100 } });
    const candidate_id = encodeId('crelate', 'candidate', run.contact);
    const before = run.requests.length;
    const big = await run.connector.addAttachmentToCandidate({ candidate_id, attachment: { name: 'big.pdf', content_type: 'application/pdf', data: Buffer.alloc(1_000) } }).catch((error: unknown) => error);
    expect(big).toBeInstanceOf(ValidationError);
    let pulled = 0;
    const endless = Readable.from(
      (function* () {
        for (let index = 0; index < 10_000; index += 1) {
          pulled += 1;
          yield Buffer.alloc(40);
        }
      })(),
    );
    const streamed = await run.connector.addAttachmentToCandidate({ candidate_id, attachment: { name: 'big.pdf', content_type: 'application/pdf', data: endless } }).catch((error: unknown) => error);
    expect(streamed).toBeInstanceOf(ValidationError);
    expect(pulled).toBeLessThan(50);
    expect(run.requests.length).toBe(before);
  });

  it('the schema refuses what holds no bytes', () => {
    expect(AttachmentInputSchema.safeParse({ name: 'a.pdf', content_type: 'application/pdf', data: 'not bytes' }).success).toBe(false);
    expect(AttachmentInputSchema.safeParse({ name: 'a.pdf', content_type: 'application/pdf', data: { length: 3 } }).success).toBe(false);
  });
});

describe('the multipart builder', () => {
  it('Flatchr: a content type with CRLF is a ValidationError and no comment is written', async () => {
    const { sandbox, connector, close } = await sandboxConnector({ records: 10 });
    closers.push(close);
    const application = (await collect(connector.syncApplications()))[0]!;
    const before = sandbox.store.list('comments').length;
    const error = await connector
      .addAttachmentToApplication({ application_id: application.id, attachment: { name: 'r.pdf', content_type: 'application/pdf\r\nX-Injected: yes', data: Buffer.from('%PDF') } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).message).toContain('content_type');
    expect(sandbox.store.list('comments').length).toBe(before);
  });

  it('Flatchr and Crelate keep only the base name of a file name with directories', async () => {
    const { sandbox, connector, close } = await sandboxConnector({ records: 10 });
    closers.push(close);
    const application = (await collect(connector.syncApplications()))[0]!;
    await connector.addAttachmentToApplication({ application_id: application.id, attachment: { name: '../../etc/passwd.pdf', content_type: 'application/pdf', data: Buffer.from('%PDF') } });
    const comment = sandbox.store.list('comments').at(-1) as unknown as { attachments: { name: string }[] };
    expect(comment.attachments[0]?.name).toBe('passwd.pdf');

    const run = await crelate();
    await run.connector.addAttachmentToCandidate({ candidate_id: encodeId('crelate', 'candidate', run.contact), attachment: { name: 'C:\\Users\\ada\\report.pdf', content_type: 'application/pdf', data: Buffer.from('%PDF-1.4 r') } });
    expect(await downloaded(run, run.contact, 'report.pdf')).toBe('%PDF-1.4 r');
  });

  it('Crelate: a file name with a quote, CR/LF or NUL is a ValidationError before any request', async () => {
    const run = await crelate();
    const before = run.requests.length;
    for (const name of ['a".pdf', 'a\r\nContent-Type: text/html.pdf', 'a\u0000.pdf', '..', 'dir/']) {
      const error = await run.connector
        .addAttachmentToCandidate({ candidate_id: encodeId('crelate', 'candidate', run.contact), attachment: { name, content_type: 'application/pdf', data: Buffer.from('%PDF') } })
        .catch((caught: unknown) => caught);
      expect(error, JSON.stringify(name)).toBeInstanceOf(ValidationError);
    }
    expect(run.requests.length).toBe(before);
  });

  it('builds parts a server decodes back, with a boundary absent from the values', () => {
    const context = { provider: 'p', operation: 'o' };
    const { body, contentType } = encodeMultipart(
      { text: 'line one\r\nline two', file: { fileName: 'cv.pdf', contentType: 'application/pdf; charset=binary', data: Buffer.from('%PDF bytes') } },
      context,
    );
    const decoded = decodeMultipart(Buffer.from(body).toString('utf8'), contentType);
    expect(decoded?.text).toBe('line one\r\nline two');
    expect(decoded?.file).toMatchObject({ fileName: 'cv.pdf', contentType: 'application/pdf; charset=binary' });
    expect(checkContentType('text/plain; charset="utf-8"', context)).toBe('text/plain; charset="utf-8"');
    for (const bad of ['pdf', 'application/pdf\nX: y', 'application/ pdf', '']) expect(() => checkContentType(bad, context), bad).toThrow(ValidationError);
    expect(safeFileName('/tmp/x/Résumé Ada.pdf', context)).toBe('Résumé Ada.pdf');
  });
});

describe('URLs and HTML from callers', () => {
  it('the input schemas take only http(s) URLs and say so', () => {
    for (const url of ['javascript:fetch(1)', 'file:///etc/passwd', 'gopher://x.example/', 'data:text/html,hi', 'ftp://x.example/a']) {
      const result = AddResultLinkToApplicationInputSchema.safeParse({ application_id: 'a', label: 'Report', url });
      expect(result.success, url).toBe(false);
      expect(result.error?.issues[0]?.path).toEqual(['url']);
      expect(result.error?.issues[0]?.message).toBe('must be an http(s) URL');
      expect(AttachmentInputSchema.safeParse({ name: 'a.pdf', content_type: 'application/pdf', url }).success, url).toBe(false);
    }
    expect(AddResultLinkToApplicationInputSchema.safeParse({ application_id: 'a', label: 'Report', url: 'https://results.example/r/1?x=1' }).success).toBe(true);
  });

  it('Flatchr: a javascript: result link is refused with nothing written; a hostile label is escaped', async () => {
    const { sandbox, connector, close } = await sandboxConnector({ records: 10 });
    closers.push(close);
    const application = (await collect(connector.syncApplications()))[0]!;
    const before = sandbox.store.list('comments').length;
    const refused = await connector.addResultLinkToApplication({ application_id: application.id, label: 'Report', url: 'javascript:fetch("//evil.example")' }).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(AtsError);
    expect(sandbox.store.list('comments').length).toBe(before);
    await connector.addResultLinkToApplication({
      application_id: application.id,
      label: '"><script>alert(1)</script>',
      url: 'https://results.example/r/1?a=1&b="2"',
      details: { attributes: [{ key: '<b>score</b>', value: '87 & up' }] },
    });
    const text = String(sandbox.store.list('comments').at(-1)?.text);
    expect(text).not.toContain('<script>');
    expect(text).toBe('<p><a href="https://results.example/r/1?a=1&amp;b=&quot;2&quot;">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</a><br>&lt;b&gt;score&lt;/b&gt;: 87 &amp; up</p>');
  });

  it('Teamtailor: file:, gopher: and javascript: attachment URLs are refused before any request', async () => {
    const sandbox = await startSandbox('teamtailor', { records: 5, seed: 8 });
    const ats = teamtailorConnector(sandbox);
    closers.push(() => sandbox.close(), () => ats.close());
    const candidate = sandbox.store.list('candidates')[0]!;
    for (const url of ['file:///etc/passwd', 'gopher://files.example/cv.pdf', 'javascript://files.example/%0aalert(1)']) {
      const refused = await ats.connector
        .addAttachmentToCandidate({ candidate_id: encodeId('teamtailor', 'candidate', candidate.id), attachment: { name: 'x.pdf', content_type: 'application/pdf', url } })
        .catch((caught: unknown) => caught);
      expect(refused, url).toBeInstanceOf(AtsError);
    }
    // Refused before any request: the provider never saw the URLs.
    expect(ats.requests.filter((line) => line.startsWith('POST'))).toEqual([]);
  });

  it('the HTML helpers escape every special character and refuse non-http links', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(textToHtmlParagraph('a <b>\nc')).toBe('<p>a &lt;b&gt;<br>c</p>');
    expect(() => linkHtml('javascript:alert(1)', 'x')).toThrow(TypeError);
  });
});
