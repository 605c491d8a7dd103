/**
 * Downloads a short-lived, pre-signed file URL (an attachment on S3, say) as a stream. No
 * credentials are sent (the URL carries its own signature), redirects are not followed, and the
 * body is capped: a declared size over the cap is refused before reading, a streamed one is cut.
 */
import { request } from 'undici';
import { ProviderError, ResponseTooLargeError } from './errors.js';

/** Default cap of an attachment: 50 MB. */
const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** Options of a download. */
export interface DownloadOptions {
  provider: string;
  operation: string;
  signal?: AbortSignal;
  maxBytes?: number;
}

/** Streams the file at `url`, enforcing the size cap while the caller reads. */
export async function download(url: string, options: DownloadOptions): Promise<AsyncIterable<Uint8Array>> {
  const limit = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const base = { provider: options.provider, operation: options.operation, url, status: null as number | null };
  const response = await request(url, { method: 'GET', signal: options.signal });
  if (response.statusCode >= 300) {
    await response.body.dump();
    throw new ProviderError(`Download failed with status ${response.statusCode}`, { ...base, status: response.statusCode });
  }
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    response.body.destroy();
    throw new ResponseTooLargeError(`Attachment is larger than ${limit} bytes`, { ...base, status: response.statusCode, limitBytes: limit });
  }
  const body = response.body;
  return {
    async *[Symbol.asyncIterator]() {
      let size = 0;
      for await (const chunk of body) {
        size += (chunk as Buffer).length;
        if (size > limit) {
          body.destroy();
          throw new ResponseTooLargeError(`Attachment is larger than ${limit} bytes`, { ...base, status: response.statusCode, limitBytes: limit });
        }
        yield chunk as Uint8Array;
      }
    },
  };
}
