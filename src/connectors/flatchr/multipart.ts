/**
 * A small `multipart/form-data` encoder: the comment endpoint takes form fields (curl `-F`, B6.3),
 * with an optional file. The HTTP transport takes a raw body, so the body is built here.
 */
import { randomBytes } from 'node:crypto';

/** A form field: text, or a file with its name and type. */
export type FormValue = string | { data: Uint8Array; fileName: string; contentType: string };

/** Encodes fields as a multipart body; returns the body and its `content-type` header. */
export function encodeMultipart(fields: Record<string, FormValue | undefined>): { body: Uint8Array; contentType: string } {
  const boundary = `----unified-ats-${randomBytes(12).toString('hex')}`;
  const chunks: Buffer[] = [];
  // Quotes and line breaks would end the header early; they are escaped as browsers do.
  const quote = (value: string) => value.replace(/"/g, '%22').replace(/\r|\n/g, ' ');
  for (const [name, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    if (typeof value === 'string') {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`, 'utf8'));
    } else {
      chunks.push(
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"; filename="${quote(value.fileName)}"\r\nContent-Type: ${value.contentType}\r\n\r\n`,
          'utf8',
        ),
        Buffer.from(value.data),
        Buffer.from('\r\n', 'utf8'),
      );
    }
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/**
 * Decodes a multipart body given as text (the sandbox reads bodies as UTF-8, so files are expected
 * to be text-safe there). Text fields come back as strings, files as `{ fileName, data }`.
 */
export function decodeMultipart(body: string, contentType: string): Record<string, string | { fileName: string; data: Buffer }> | null {
  const boundary = /boundary=([^;]+)/i.exec(contentType)?.[1];
  if (!boundary) return null;
  const out: Record<string, string | { fileName: string; data: Buffer }> = Object.create(null) as Record<string, never>;
  // Bounded: one iteration per part.
  for (const part of body.split(`--${boundary}`).slice(1, -1)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const content = part.slice(split + 4, part.endsWith('\r\n') ? -2 : undefined);
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (!name) continue;
    const fileName = /filename="([^"]*)"/.exec(head)?.[1];
    out[name] = fileName === undefined ? content : { fileName, data: Buffer.from(content, 'utf8') };
  }
  return { ...out };
}
