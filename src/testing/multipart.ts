/**
 * The sandboxes' side of multipart uploads: decodes a `multipart/form-data` body the way a
 * provider's server would. Test code only: the connectors build bodies with
 * `src/connectors/shared/multipart.ts` and never decode them.
 * @module
 */

/** A decoded file part (the sandbox reads bodies as UTF-8 text, so files are expected to be text-safe). */
export interface DecodedFile {
  fileName: string;
  contentType: string | null;
  data: Buffer;
}

/**
 * Decodes a multipart body given as text: text fields as strings, files as {@link DecodedFile}.
 * Returns null without a boundary in `contentType`.
 */
export function decodeMultipart(body: string, contentType: string): Record<string, string | DecodedFile> | null {
  const boundary = /boundary=([^;]+)/i.exec(contentType)?.[1];
  if (!boundary) return null;
  const out: Record<string, string | DecodedFile> = Object.create(null) as Record<string, never>;
  // Bounded: one iteration per part.
  for (const part of body.split(`--${boundary}`).slice(1, -1)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = part.slice(0, split);
    const content = part.slice(split + 4, part.endsWith('\r\n') ? -2 : undefined);
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (!name) continue;
    const fileName = /filename="([^"]*)"/.exec(head)?.[1];
    const type = /\r\nContent-Type: ([^\r\n]*)/i.exec(head)?.[1] ?? null;
    out[name] = fileName === undefined ? content : { fileName, contentType: type, data: Buffer.from(content, 'utf8') };
  }
  return { ...out };
}
