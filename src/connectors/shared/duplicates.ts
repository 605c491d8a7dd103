/**
 * Provider answers that mean "this record already exists" (Teamtailor's 422 "email has already
 * been taken", Gem's 400 "Duplicate candidate"), turned into one typed `DuplicateError` carrying
 * the existing record's id when the provider tells it. Each connector describes its provider's
 * answer as data (`DuplicateAnswer`); the matching and the error are shared.
 */
import { DuplicateError, ProviderError } from '../../core/errors.js';
import { encodeId } from '../../core/ids.js';

/** How one provider says "duplicate". */
export interface DuplicateAnswer {
  /** The HTTP statuses the answer comes with. */
  statuses: readonly number[];
  /** Matches the (redacted) start of the response body. */
  body: RegExp;
  /** Reads the existing record's provider id from the body, when the provider includes it. */
  existingRemoteId?: (body: unknown) => string | null;
}

/** The response body as JSON, or null (the excerpt may be cut, then nothing is read from it). */
function parsed(excerpt: string | null): unknown {
  if (!excerpt) return null;
  try {
    return JSON.parse(excerpt);
  } catch {
    return null;
  }
}

/**
 * `error` as a `DuplicateError` when it is the provider's duplicate answer, else null.
 * @param kind the kind of record (`'candidate'`), used for the unified id of the existing one
 */
export function asDuplicate(error: unknown, answer: DuplicateAnswer, kind: string): DuplicateError | null {
  if (!(error instanceof ProviderError) || error.status === null || !answer.statuses.includes(error.status)) return null;
  const excerpt = error.bodyExcerpt ?? '';
  if (!answer.body.test(excerpt)) return null;
  const remoteId = answer.existingRemoteId?.(parsed(excerpt)) ?? null;
  const existing = remoteId ? ` (existing ${kind} ${remoteId})` : '';
  return new DuplicateError(`${error.provider} already has this ${kind}${existing}: ${error.message}`, {
    provider: error.provider,
    operation: error.operation,
    status: error.status,
    kind,
    existingRemoteId: remoteId,
    existingId: remoteId ? encodeId(error.provider, kind, remoteId) : null,
    cause: error,
  });
}

/** Runs `write`, turning the provider's duplicate answer into a `DuplicateError`. */
export async function mapDuplicate<T>(write: () => Promise<T>, answer: DuplicateAnswer, kind: string): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw asDuplicate(error, answer, kind) ?? error;
  }
}

/** Adds the existing record's ids to a `DuplicateError` found by a lookup after the refusal. */
export function withExisting(error: DuplicateError, existingId: string | null, existingRemoteId: string | null): DuplicateError {
  if (!existingId) return error;
  return new DuplicateError(`${error.message} (existing ${error.kind} ${existingRemoteId ?? existingId})`, {
    provider: error.provider,
    operation: error.operation,
    status: error.status,
    kind: error.kind,
    existingId,
    existingRemoteId,
    cause: error.cause,
  });
}
