/**
 * Attachment downloads, one path for every connector. Files come two ways: a short-lived signed
 * URL on a storage host (Gem, Teamtailor, Flatchr comment files), fetched without credentials by
 * {@link downloadUrl}, or an API route answering bytes (Crelate, Flatchr CVs), fetched by the
 * transport with `responseType: 'stream'`. Both hand the caller a stream read under
 * {@link readCapped}: the same size cap, idle timeout and overall deadline.
 *
 * A signed URL is provider data, so it is checked before any request: http(s) only (anything else
 * is a `ValidationError`), no credentials in it, and by default no loopback, private, link-local
 * or metadata address (see `network-guard.ts`). Redirects are never followed.
 * @module
 */
import type { Readable } from 'node:stream';
import { errors as undiciErrors, request, type Dispatcher } from 'undici';
import { AttemptTimer } from './attempt-timer.js';
import { AtsError, ProviderError, ResponseTooLargeError, ValidationError } from './errors.js';
import { flattenHeaders } from './headers.js';
import { redactUrl } from './redact.js';
import { socketError } from './socket-errors.js';

/** The connector option `downloads`: how attachment files are fetched. */
export interface DownloadOptions {
  /** Largest file accepted, in bytes (default 50 MB, every connector); also the cap on uploads. */
  maxBytes?: number;
  /** Longest one download may take, from request to last byte, in ms (default 300,000). */
  totalMs?: number;
  /**
   * Let signed URLs reach loopback, private, link-local and metadata addresses (default false).
   * Sandboxes run on loopback, so `sandbox.connectorOptions` sets it.
   */
  allowPrivateNetwork?: boolean;
  /** Host names allowed whatever address they resolve to (self-hosted storage on a private network). */
  allowHosts?: readonly string[];
}

/** Default size cap of an attachment: 50 MB. */
export const DEFAULT_DOWNLOAD_MAX_BYTES = 50 * 1024 * 1024;
/** Default deadline of one download: 5 minutes (a 50 MB file at about 170 kB/s). */
export const DEFAULT_DOWNLOAD_TOTAL_MS = 300_000;

/** What a download needs from the transport that runs it. */
export interface DownloadContext {
  provider: string;
  operation: string;
  secrets: readonly string[];
  maxBytes: number;
  /** Headers timeout (ms). */
  headersMs: number;
  /** Longest silence between two chunks (ms). */
  bodyMs: number;
  /** Overall deadline (ms). */
  totalMs: number;
  /** The dispatcher that enforces the network policy. */
  dispatcher: Dispatcher;
  signal?: AbortSignal;
}

/**
 * Checks a download URL before any request: a non-empty absolute http(s) URL without credentials.
 * @throws ValidationError naming the reason
 */
export function checkDownloadUrl(url: unknown, provider: string, operation: string): URL {
  const fail = (reason: string, code: string) =>
    new ValidationError(`Cannot download the attachment: ${reason}`, { provider, operation, issues: [{ path: ['url'], code }] });
  if (typeof url !== 'string' || url.trim() === '') throw fail('it has no URL', 'missing_url');
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fail(`"${redactUrl(url).slice(0, 100)}" is not a URL`, 'invalid_url');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw fail(`only http(s) URLs are fetched, not ${parsed.protocol}`, 'unsupported_protocol');
  if (parsed.username || parsed.password) throw fail('the URL carries credentials', 'credentials_in_url');
  return parsed;
}

/** Fetches a signed URL without credentials and returns its bytes as a capped stream. */
export async function downloadUrl(url: string, context: DownloadContext): Promise<AsyncIterable<Uint8Array>> {
  const target = checkDownloadUrl(url, context.provider, context.operation);
  const base = { provider: context.provider, operation: context.operation, secrets: context.secrets };
  const timer = new AttemptTimer(context.signal);
  timer.startDeadline(context.totalMs);
  timer.arm(context.headersMs, () => new undiciErrors.HeadersTimeoutError());
  let response: Dispatcher.ResponseData;
  try {
    response = await request(target, { dispatcher: context.dispatcher, method: 'GET', signal: timer.signal, headersTimeout: context.headersMs, bodyTimeout: context.bodyMs });
  } catch (error) {
    timer.dispose();
    if (context.signal?.aborted) throw context.signal.reason;
    throw downloadError(error, url, context);
  }
  timer.disarm();
  const headers = flattenHeaders(response.headers);
  if (response.statusCode >= 300) {
    timer.dispose();
    await response.body.dump().catch(() => undefined);
    const redirect = response.statusCode < 400 ? ' (redirects are not followed)' : '';
    throw new ProviderError(`Download failed with status ${response.statusCode}${redirect}`, { ...base, status: response.statusCode, url, headers });
  }
  return readCapped(response.body, timer, { ...context, url, status: response.statusCode, headers });
}

/** What {@link readCapped} reports in its errors. */
export interface CappedStreamContext {
  provider: string;
  operation: string;
  secrets: readonly string[];
  maxBytes: number;
  bodyMs: number;
  /** The deadline the timer runs, for messages. */
  totalMs: number;
  url: string;
  status: number;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

/**
 * The body of a file response as a stream the caller reads under the size cap (a declared size
 * over it fails before reading; a streamed one at the first chunk past it), the idle timeout
 * (restarted by every chunk) and the deadline `timer` already runs. Stopping early releases the
 * connection; every failure is a typed error.
 */
export function readCapped(body: Readable, timer: AttemptTimer, context: CappedStreamContext): AsyncIterable<Uint8Array> {
  const base = { provider: context.provider, operation: context.operation, secrets: context.secrets, status: context.status, url: context.url, headers: context.headers };
  const tooLarge = () =>
    new ResponseTooLargeError(`Attachment is larger than ${context.maxBytes} bytes`, { ...base, limitBytes: context.maxBytes });
  const declared = Number(context.headers['content-length']);
  if (Number.isFinite(declared) && declared > context.maxBytes) {
    discard(body);
    timer.dispose();
    throw tooLarge();
  }
  return {
    async *[Symbol.asyncIterator]() {
      let size = 0;
      timer.arm(context.bodyMs, () => new undiciErrors.BodyTimeoutError());
      try {
        for await (const chunk of body) {
          timer.refresh();
          size += (chunk as Buffer).length;
          if (size > context.maxBytes) throw tooLarge();
          yield chunk as Uint8Array;
        }
      } catch (error) {
        if (error instanceof AtsError) throw error;
        if (context.signal?.aborted) throw context.signal.reason;
        throw downloadError(error, context.url, context);
      } finally {
        timer.dispose();
        discard(body);
      }
    },
  };
}

/** Drops a body nobody will read (undici reports the drop as an error event: it is expected). */
export function discard(body: Readable): void {
  if (body.destroyed) return;
  body.on('error', () => undefined);
  body.destroy();
}

/** A socket-level failure of a download, typed. */
function downloadError(error: unknown, url: string, context: { provider: string; operation: string; secrets: readonly string[]; totalMs: number }): AtsError {
  return socketError(error, {
    provider: context.provider,
    operation: context.operation,
    secrets: context.secrets,
    where: `GET ${redactUrl(url, context.secrets)}`,
    deadlineMs: context.totalMs,
    invalidUrl: 'validation',
  });
}
