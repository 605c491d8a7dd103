/**
 * The one `multipart/form-data` builder for every connector that uploads (Flatchr comments,
 * Crelate artifacts). Everything that goes into a part header is checked first: a content type
 * must be a plain MIME type (`type/subtype` tokens, optional parameters, no line breaks), and a
 * file name must hold no line break, NUL, control character or double quote (each would end or
 * rewrite the header) and is reduced to its base name (no directories, no `..`). Bad values are a
 * `ValidationError` before any request.
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { AttachmentData } from '../../actions/inputs.js';
import { ValidationError } from '../../core/errors.js';
import { preparedBytes } from './attachment-data.js';

/** A file part: bytes, a file name and a content type. */
export interface FilePart {
  data: Uint8Array;
  fileName: string;
  contentType: string;
}

/** A form field: text, or a file. */
export type FormValue = string | FilePart;

/** A built body and its `content-type` header (with the boundary). */
export interface MultipartBody {
  body: Uint8Array;
  contentType: string;
}

/** Who is uploading, for the errors. */
export interface UploadContext {
  provider: string;
  operation: string;
}

/** An RFC 9110 token. */
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
/** `type/subtype` with optional `; name=value` parameters (token or quoted string). */
const MIME_TYPE = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"[^"\\\\\\r\\n]*"))*$`);
/** Characters no file name may hold: controls (CR, LF, NUL...), DEL and the double quote. */
const FORBIDDEN_IN_NAME = /[\u0000-\u001f\u007f"]/;
/** Longest file name kept (in characters). */
const MAX_NAME = 255;

function invalid(context: UploadContext, field: string, reason: string, code: string): ValidationError {
  return new ValidationError(`${field}: ${reason}`, { ...context, issues: [{ path: ['attachment', field], code }] });
}

/**
 * Checks a content type for a part header.
 * @throws ValidationError when it is not a plain MIME type
 */
export function checkContentType(value: string, context: UploadContext): string {
  const trimmed = value.trim();
  if (!MIME_TYPE.test(trimmed)) throw invalid(context, 'content_type', 'must be a MIME type such as application/pdf, without line breaks', 'invalid_content_type');
  return trimmed;
}

/**
 * Reduces a file name to a safe base name: the part after the last `/` or `\`, trimmed.
 * @throws ValidationError for line breaks, NUL, other control characters or double quotes, and
 *   for a name with nothing left (`""`, `.`, `..`, `dir/`)
 */
export function safeFileName(value: string, context: UploadContext): string {
  if (FORBIDDEN_IN_NAME.test(value)) {
    throw invalid(context, 'name', 'must not contain line breaks, NUL or other control characters, or double quotes', 'invalid_file_name');
  }
  const base = (value.split(/[\\/]/).pop() ?? '').trim();
  if (base === '' || base === '.' || base === '..') throw invalid(context, 'name', 'must name a file, not a directory', 'invalid_file_name');
  return base.length > MAX_NAME ? base.slice(base.length - MAX_NAME) : base;
}

/** A checked file part from an attachment input (its data already read into bytes). */
export function filePart(attachment: { name: string; content_type: string; data: AttachmentData }, context: UploadContext): FilePart {
  return {
    data: preparedBytes(attachment.data),
    fileName: safeFileName(attachment.name, context),
    contentType: checkContentType(attachment.content_type, context),
  };
}

/** Encodes `fields` (in order; undefined ones are left out) as a multipart body. */
export function encodeMultipart(fields: Record<string, FormValue | undefined>, context: UploadContext): MultipartBody {
  const entries = Object.entries(fields).filter((entry): entry is [string, FormValue] => entry[1] !== undefined);
  for (const [name] of entries) {
    // Field names are the connector's own constants; a bad one is a bug, not caller input.
    if (!/^[\w.[\]-]+$/.test(name)) throw new TypeError(`Invalid multipart field name: ${name}`);
  }
  const boundary = boundaryFor(entries);
  const chunks: Buffer[] = [];
  for (const [name, value] of entries) {
    if (typeof value === 'string') {
      chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`, 'utf8'));
      continue;
    }
    const fileName = safeFileName(value.fileName, context);
    const contentType = checkContentType(value.contentType, context);
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${fileName}"\r\nContent-Type: ${contentType}\r\n\r\n`, 'utf8'),
      Buffer.from(value.data.buffer, value.data.byteOffset, value.data.byteLength),
      Buffer.from('\r\n', 'utf8'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`, 'utf8'));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A random boundary that occurs in none of the values (bounded: 8 draws of 96 random bits). */
function boundaryFor(entries: readonly [string, FormValue][]): string {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const boundary = `----unified-ats-${randomBytes(12).toString('hex')}`;
    const clash = entries.some(([, value]) => (typeof value === 'string' ? value.includes(boundary) : Buffer.from(value.data.buffer, value.data.byteOffset, value.data.byteLength).includes(boundary)));
    if (!clash) return boundary;
  }
  throw new Error('Could not find a multipart boundary absent from the body');
}
