/**
 * Jarvi has two keys (B.2): the public key may only create applications and read offers; every
 * other route needs the private key. A 401/403 on a private route is most often the public key
 * passed as `apiKey`, so the error says which key the route needs.
 *
 * Tags such as B.2 are defined in docs/connectors/sources/jarvi.md.
 */
import { AuthError } from '../../core/errors.js';
import { createSyncStream, type SyncStream } from '../../core/stream.js';
import { jarviDescriptor as descriptor, type JarviResource } from './descriptor.js';

/** The sentence added to an auth failure on a route of `key`. */
export function keyHint(key: JarviResource['key'], route: string): string {
  return key === 'private'
    ? `${route} needs the Jarvi private API key (apiKey); the public key may only create applications and read offers.`
    : `${route} takes the Jarvi public or private API key; check publicKey (or apiKey when no publicKey is set).`;
}

/** The same error, with the key hint when it is an auth failure. Other errors pass through. */
function hinted(error: unknown, resource: Pick<JarviResource, 'key' | 'path'>, method = 'GET'): unknown {
  if (!(error instanceof AuthError) || / (needs|takes) the Jarvi /.test(error.message)) return error;
  return new AuthError(`${error.message} — ${keyHint(resource.key, `${method} ${resource.path}`)}`, {
    provider: descriptor.provider,
    operation: error.operation,
    status: error.status,
    url: error.url,
    requestId: error.requestId,
    headers: error.headers,
    code: error.code,
    body: error.bodyExcerpt,
    cause: error,
  });
}

/**
 * Wraps a stream so an auth failure names the key its route needs. Pages pass through unchanged,
 * with the clock of the responses they came from.
 */
export function withKeyHint<T>(stream: SyncStream<T>, resource: Pick<JarviResource, 'key' | 'path'>): SyncStream<T> {
  return createSyncStream<T>(async function* () {
    try {
      yield* stream.pages();
    } catch (error) {
      throw hinted(error, resource);
    }
  });
}

/** The same for one request's error. */
withKeyHint.error = hinted;
