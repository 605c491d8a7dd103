/**
 * The one mapping from a failure below HTTP (a reset, a refused connection, one of our timers, an
 * address the download guard refused) to a typed, redacted error, for API calls and downloads
 * alike.
 * @module
 */
import { AmbiguousWriteError, AtsError, ConfigError, TimeoutError, TransportError, ValidationError } from './errors.js';

/** Network failures where the request never left: safe to retry even for a write. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT', 'UNIFIED_ATS_FORBIDDEN_ADDRESS']);

/** What the mapping needs to know about the failed exchange. */
export interface SocketErrorContext {
  provider: string;
  operation: string;
  secrets: readonly string[];
  /** `METHOD url` (redacted), for the message. */
  where: string;
  /** The deadline that ran out, for the message. */
  deadlineMs: number;
  /** A write that is not safe to repeat: a failure after sending is ambiguous. */
  ambiguousWrite?: { operationId: string } | null;
  /** What a URL undici refused means: a bad connector option (API calls) or a bad file URL (downloads). */
  invalidUrl: 'config' | 'validation';
}

/** Maps a socket-level failure to a typed error. */
export function socketError(error: unknown, context: SocketErrorContext): AtsError {
  if (error instanceof AtsError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === 'string' ? code : null;
  const base = { provider: context.provider, operation: context.operation, secrets: context.secrets, cause: error };
  const where = context.where;
  if (known === 'UNIFIED_ATS_FORBIDDEN_ADDRESS') {
    return new ValidationError(
      `Refusing ${where}: ${(error as Error).message}. Set the connector's downloads.allowPrivateNetwork or downloads.allowHosts to allow it.`,
      { ...base, issues: [{ path: ['url'], code: 'forbidden_address' }] },
    );
  }
  if (context.ambiguousWrite && !(known && NOT_SENT_CODES.has(known))) {
    const { operationId } = context.ambiguousWrite;
    return new AmbiguousWriteError(
      `${context.provider} did not answer ${where} (${known ?? 'connection lost'}); the write may or may not have happened. Look it up before trying again (operation ${operationId}).`,
      { ...base, operationId },
    );
  }
  if (known === 'UNIFIED_ATS_DEADLINE') return new TimeoutError(`Passed the ${context.deadlineMs} ms deadline for ${where}`, { ...base, phase: 'total' });
  if (known === 'UND_ERR_HEADERS_TIMEOUT') return new TimeoutError(`Timed out waiting for headers from ${where}`, { ...base, phase: 'headers' });
  if (known === 'UND_ERR_BODY_TIMEOUT') return new TimeoutError(`Timed out reading the body of ${where}`, { ...base, phase: 'body' });
  if (known === 'UND_ERR_CONNECT_TIMEOUT') return new TimeoutError(`Timed out connecting for ${where}`, { ...base, phase: 'connect' });
  if (known === 'UND_ERR_INVALID_ARG' || (context.invalidUrl === 'validation' && error instanceof TypeError)) {
    return context.invalidUrl === 'config'
      ? new ConfigError(`Invalid request for ${where}`, base)
      : new ValidationError(`Cannot fetch ${where}: ${(error as Error).message}`, { ...base, issues: [{ path: ['url'], code: 'invalid_url' }] });
  }
  const detail = known ?? (error instanceof Error ? error.message : String(error));
  return new TransportError(`Connection failed for ${where} (${detail})`, { ...base, code: known });
}
