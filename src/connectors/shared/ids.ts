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
