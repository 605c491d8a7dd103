/**
 * A `multipart/form-data` body with one file part, as bytes (Crelate's artifact uploads take the
 * file as part `file`, A.7.8). Generic: a candidate for `src/core` once a second connector needs it.
 */
import { randomBytes } from 'node:crypto';

/** A multipart body and its content type. */
export interface MultipartBody {
  body: Uint8Array;
  contentType: string;
}

/** Quotes a file name for a Content-Disposition header: no CR/LF, quotes or backslashes (X7). */
function safeFileName(name: string): string {
  return name.replace(/[\r\n"\\]/g, '_');
}

/** Builds a body holding one file part. */
export function multipartFile(field: string, fileName: string, contentType: string, data: Uint8Array): MultipartBody {
  const boundary = `----unified-ats-${randomBytes(12).toString('hex')}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${safeFileName(fileName)}"\r\n` +
      `Content-Type: ${contentType.replace(/[\r\n]/g, '')}\r\n\r\n`,
    'utf8',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  return { body: Buffer.concat([head, Buffer.from(data), tail]), contentType: `multipart/form-data; boundary=${boundary}` };
}
