/**
 * Reading a request body with a size cap and a time limit: a declared `Content-Length` over the cap
 * is refused before reading, a streamed body is abandoned at the first chunk past the cap, and a
 * body that trickles in is abandoned after the time limit. Nothing past the cap is buffered.
 * @module
 */
import type { IncomingMessage } from 'node:http';
import { WebhookPayloadError } from './errors.js';

/** Reads the whole body of `request` as bytes, or throws {@link WebhookPayloadError}. */
export function readRawBody(request: IncomingMessage, options: { provider: string; maxBytes: number; timeoutMs: number }): Promise<Buffer> {
  const { provider, maxBytes, timeoutMs } = options;
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(new WebhookPayloadError(`The webhook body (${declared} bytes declared) is larger than ${maxBytes} bytes.`, { provider, reason: 'too_large', limitBytes: maxBytes, operation: 'readRawBody' }));
  }
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error: Error | null) => {
      clearTimeout(timer);
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('aborted', onAborted);
      if (error) {
        // Stop reading: the rest is never buffered (the response closes the connection).
        request.pause();
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) finish(new WebhookPayloadError(`The webhook body is larger than ${maxBytes} bytes.`, { provider, reason: 'too_large', limitBytes: maxBytes, operation: 'readRawBody' }));
      else chunks.push(chunk);
    };
    const onEnd = () => finish(null);
    const onError = (error: Error) => finish(error);
    const onAborted = () => finish(new Error('The client aborted the request.'));
    const timer = setTimeout(() => finish(new WebhookPayloadError(`The webhook body did not arrive within ${timeoutMs} ms.`, { provider, reason: 'timeout', operation: 'readRawBody' })), timeoutMs);
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('aborted', onAborted);
  });
}
