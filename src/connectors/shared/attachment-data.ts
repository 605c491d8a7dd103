/**
 * `attachment.data` in whatever form a caller has it (a Buffer, a plain Uint8Array from a PDF
 * generator, an ArrayBuffer, a Blob, a readable stream) becomes bytes here, once, under the
 * connector's attachment size cap (`downloads.maxBytes`, 50 MB by default), before any connector
 * sees it. A stream is read only up to the cap.
 * @module
 */
import type { AttachmentData } from '../../actions/inputs.js';
import { ValidationError } from '../../core/errors.js';

/** Who is uploading, for the errors. */
export interface AttachmentContext {
  provider: string;
  operation: string;
  signal?: AbortSignal;
}

function tooLarge(maxBytes: number, context: AttachmentContext, path: (string | number)[]): ValidationError {
  return new ValidationError(`${path.join('.')}: larger than the ${maxBytes}-byte attachment cap (downloads.maxBytes)`, {
    provider: context.provider,
    operation: context.operation,
    issues: [{ path, code: 'too_big' }],
  });
}

/**
 * Reads `data` into bytes, refusing more than `maxBytes`.
 * @throws ValidationError past the cap, or for a value that holds no bytes
 */
export async function attachmentBytes(
  data: AttachmentData,
  maxBytes: number,
  context: AttachmentContext,
  path: (string | number)[] = ['attachment', 'data'],
): Promise<Uint8Array> {
  if (data instanceof Uint8Array) {
    if (data.byteLength > maxBytes) throw tooLarge(maxBytes, context, path);
    return data;
  }
  if (data instanceof ArrayBuffer) {
    if (data.byteLength > maxBytes) throw tooLarge(maxBytes, context, path);
    return new Uint8Array(data);
  }
  if (typeof Blob !== 'undefined' && data instanceof Blob) {
    if (data.size > maxBytes) throw tooLarge(maxBytes, context, path);
    return new Uint8Array(await data.arrayBuffer());
  }
  if (isAsyncIterable(data)) return readStream(data, maxBytes, context, path);
  throw new ValidationError(`${path.join('.')}: must be a Uint8Array, Buffer, ArrayBuffer, Blob or readable stream`, {
    provider: context.provider,
    operation: context.operation,
    issues: [{ path, code: 'invalid_type' }],
  });
}

/** Reads a stream chunk by chunk; stops (and destroys it) at the first chunk past the cap. */
async function readStream(
  stream: AsyncIterable<unknown>,
  maxBytes: number,
  context: AttachmentContext,
  path: (string | number)[],
): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Bounded by the cap: every chunk adds at least one byte or is skipped.
  for await (const chunk of stream) {
    context.signal?.throwIfAborted();
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk instanceof Uint8Array ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength) : null;
    if (bytes === null) {
      throw new ValidationError(`${path.join('.')}: the stream yielded something other than bytes or text`, {
        provider: context.provider,
        operation: context.operation,
        issues: [{ path, code: 'invalid_type' }],
      });
    }
    size += bytes.length;
    if (size > maxBytes) {
      (stream as { destroy?: () => void }).destroy?.();
      throw tooLarge(maxBytes, context, path);
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, size);
}

function isAsyncIterable(value: unknown): value is AsyncIterable<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function';
}

/**
 * The bytes of an attachment the connector layer already read ({@link withAttachmentBytes} runs
 * before any connector action). A stream or Blob here is a bug in that wiring, not caller input.
 */
export function preparedBytes(data: AttachmentData): Uint8Array {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  throw new TypeError('attachment.data reached a connector without being read into bytes');
}

/**
 * The action input with every attachment's `data` read into bytes: `input.attachment` and each
 * of `input.attachments[]`. Other inputs come back unchanged.
 */
export async function withAttachmentBytes<T>(input: T, maxBytes: number, context: AttachmentContext): Promise<T> {
  if (input === null || typeof input !== 'object') return input;
  const record = input as Record<string, unknown>;
  const prepare = async (attachment: unknown, path: (string | number)[]) => {
    const data = (attachment as { data?: unknown } | null)?.data;
    if (data === undefined) return attachment;
    return { ...(attachment as object), data: await attachmentBytes(data as AttachmentData, maxBytes, context, [...path, 'data']) };
  };
  let out = record;
  if (record.attachment !== undefined) out = { ...out, attachment: await prepare(record.attachment, ['attachment']) };
  if (Array.isArray(record.attachments)) {
    const prepared: unknown[] = [];
    for (const [index, attachment] of record.attachments.entries()) prepared.push(await prepare(attachment, ['attachments', index]));
    out = { ...out, attachments: prepared };
  }
  return out as T;
}
