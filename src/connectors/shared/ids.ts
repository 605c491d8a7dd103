/**
 * Helpers every connector's actions and getters share: reading the provider's identity out of an
 * id a caller passed (a unified id or the provider's own id, see {@link IdScheme}), and the plain
 * action result.
 */
import type { ActionResult } from '../../actions/results.js';
import { resolveId, tryDecode, type IdContext, type IdScheme } from '../../core/ids.js';

/** Where an id came from: the input field and the method. */
export type IdWhere = IdContext;

/** Id readers for one provider, each returning typed identity parts. */
export interface IdReader {
  /** The one identity part of a single-part kind (`candidate`, `job`...). */
  one(id: unknown, kind: string, where: IdWhere): string;
  /** The two identity parts of a composite kind (`application` on some providers, `job_stage`). */
  two(id: unknown, kind: string, where: IdWhere): [string, string];
  /**
   * A stage to move to: an application stage id, or a job stage id ("stage X of job Y", whose
   * stage part is used), unified or the provider's own stage id.
   */
  stage(id: unknown, where: IdWhere): string;
}

/** The id readers of the provider that `scheme` describes. */
export function idReader(scheme: IdScheme): IdReader {
  const one = (id: unknown, kind: string, where: IdWhere): string => resolveId(scheme, kind, 1, id, where)[0];
  const two = (id: unknown, kind: string, where: IdWhere): [string, string] => resolveId(scheme, kind, 2, id, where);
  return {
    one,
    two,
    stage(id, where) {
      const decoded = typeof id === 'string' ? tryDecode(id) : null;
      if (decoded?.[0] === scheme.provider && decoded[1] === 'job_stage') return two(id, 'job_stage', where)[1];
      return one(id, 'stage', where);
    },
  };
}

/** An action result with optional warnings and the provider id of what was written. */
export function actionResult(warnings: string[] = [], remoteId: string | null = null): ActionResult {
  return { warnings, remote_id: remoteId };
}

/** Which input fields hold ids, and of which kind (`stage` also takes a job stage id). */
const INPUT_ID_FIELDS: Readonly<Record<string, string>> = {
  application_id: 'application',
  candidate_id: 'candidate',
  job_id: 'job',
  stage_id: 'stage',
  rejection_reason_id: 'rejection_reason',
};

/**
 * Checks every id in an action's input (top level and one nested object, such as `application`)
 * against the provider's id scheme, so a malformed id is the caller's `ValidationError` before the
 * action makes any request, even where the provider ignores that field.
 */
export function checkInputIds(scheme: IdScheme, input: unknown, operation: string): void {
  const reader = idReader(scheme);
  const visit = (value: unknown, prefix: string, depth: number) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) return;
    for (const [key, field] of Object.entries(value)) {
      // An optional id given as `undefined` (spread from another input) is simply absent.
      if (field === undefined) continue;
      const kind = INPUT_ID_FIELDS[key];
      const where = { field: `${prefix}${key}`, operation };
      if (kind === 'stage') reader.stage(field, where);
      else if (kind) resolveId(scheme, kind, scheme.kinds?.[kind]?.parts ?? 1, field, where);
      else if (depth === 0) visit(field, `${prefix}${key}.`, depth + 1);
    }
  };
  visit(input, '', 0);
}
