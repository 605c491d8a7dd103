/**
 * `unifiedId(provider, kind, remoteId)`: the unified id of a record from the provider's id, for
 * callers who store remote ids. It is the id the connector's records carry (and every method also
 * takes the provider id directly).
 */
import { unifiedIdOf, type IdScheme } from '../../core/ids.js';
import { ValidationError } from '../../core/errors.js';
import { crelateIds } from '../crelate/ids.js';
import { flatchrIds } from '../flatchr/ids.js';
import { gemIds } from '../gem/ids.js';
import { jarviIds } from '../jarvi/ids.js';
import { teamtailorIds } from '../teamtailor/ids.js';

/** Every provider's id scheme. */
export const idSchemes = {
  teamtailor: teamtailorIds,
  jarvi: jarviIds,
  flatchr: flatchrIds,
  crelate: crelateIds,
  gem: gemIds,
} as const satisfies Record<string, IdScheme>;

/** A provider with an id scheme. */
export type IdProvider = keyof typeof idSchemes;

/** A kind of record (`'candidate'`, `'application'`, `'job_stage'`, ...). */
export type RecordKind =
  | 'user'
  | 'job'
  | 'job_posting'
  | 'stage'
  | 'job_stage'
  | 'hiring_team'
  | 'candidate'
  | 'application'
  | 'interview'
  | 'interviewer'
  | 'tag'
  | 'rejection_reason'
  | 'role'
  | 'offer'
  | 'attachment';

/**
 * The unified id of the record whose provider id is `remoteId` (its `remote_id`), e.g.
 * `unifiedId('crelate', 'job', 'D7C00478-…')`. Composite kinds take their documented form
 * (`'<jobId>:<contactId>'` for a Crelate application; see each connector's docs page).
 * @throws ValidationError when the provider is unknown or `remoteId` is not of the kind's form
 */
export function unifiedId(provider: IdProvider, kind: RecordKind, remoteId: string): string {
  const scheme: IdScheme | undefined = Object.hasOwn(idSchemes, provider) ? idSchemes[provider] : undefined;
  if (!scheme) {
    throw new ValidationError(`Invalid input for unifiedId: provider: unknown provider; use one of ${Object.keys(idSchemes).join(', ')}`, {
      provider: String(provider),
      operation: 'unifiedId',
      issues: [{ path: ['provider'], code: 'invalid_value' }],
      source: 'input',
      field: 'provider',
      reason: 'unknown provider',
    });
  }
  return unifiedIdOf(scheme, kind, remoteId);
}
