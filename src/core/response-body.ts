/**
 * Reading and decoding a JSON API response: the body is read up to the size cap (a declared size
 * over it fails before reading) under the idle timeout, decoded as UTF-8 the same way every time,
 * and parsed only when the content type says JSON.
 * @module
 */
import { errors as undiciErrors, type Dispatcher } from 'undici';
import type { AttemptTimer } from './attempt-timer.js';
import { discard } from './download.js';
import { ParseError, ResponseTooLargeError, UnexpectedResponseError } from './errors.js';

/** Who asked, for the errors. */
export interface BodyContext {
  provider: string;
  operation: string;
  secrets: readonly string[];
  method: string;
  /** The request path as the connector gave it (no credentials), for messages. */
  path: string;
  url: string;
  requestId: string | null;
  headers: Record<string, string>;
}

/**
 * Reads the whole body, refusing more than `limit` bytes; the idle timer restarts on every chunk.
 * Socket failures are rethrown as they come, for the transport to type.
 */
export async function readBody(response: Dispatcher.ResponseData, limit: number, idleMs: number, timer: AttemptTimer, context: BodyContext): Promise<Buffer> {
  const tooLarge = () => {
    discard(response.body);
    return new ResponseTooLargeError(`${context.provider} response for ${context.method} ${context.path} is larger than ${limit} bytes`, {
      provider: context.provider,
      operation: context.operation,
      secrets: context.secrets,
      status: response.statusCode,
      url: context.url,
      requestId: context.requestId,
      headers: context.headers,
      limitBytes: limit,
    });
  };
  const declared = Number(context.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  timer.arm(idleMs, () => new undiciErrors.BodyTimeoutError());
  for await (const chunk of response.body) {
    timer.refresh();
    size += (chunk as Buffer).length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

/** UTF-8 with the BOM stripped and invalid bytes as U+FFFD, the same way every time. */
export function decodeText(raw: Buffer): string {
  // One decoder for every response: a non-streaming `decode` call keeps no state between calls.
  return UTF8.decode(raw);
}

const UTF8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/**
 * The body as the request asked: `none` → null, `text` → the text, `json` → parsed, after checking
 * the content type says JSON (an HTML login page on a 200 is `UnexpectedResponseError`, retryable)
 * and that it parses (`ParseError`, retryable). An empty 204 or write answer is null.
 */
export function decodeBody(text: string, responseType: 'json' | 'text' | 'none', status: number, context: BodyContext): unknown {
  if (responseType === 'none') return null;
  if (responseType === 'text') return text;
  if (text.trim() === '' && (status === 204 || context.method !== 'GET')) return null;
  const contentType = context.headers['content-type'] ?? null;
  const base = {
    provider: context.provider,
    operation: context.operation,
    secrets: context.secrets,
    status,
    url: context.url,
    requestId: context.requestId,
    headers: context.headers,
    body: text,
  };
  if (!contentType || !/[/+]json\b/i.test(contentType)) {
    throw new UnexpectedResponseError(
      `${context.provider} answered ${status} with ${contentType ?? 'no content type'} instead of JSON for ${context.method} ${context.path}`,
      { ...base, contentType },
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ParseError(`${context.provider} sent invalid JSON for ${context.method} ${context.path} (request id ${context.requestId ?? 'none'})`, {
      ...base,
      retryable: true,
      cause: error,
    });
  }
}
