/**
 * Helpers every connector's actions share: reading the provider's identity back out of a unified
 * id, and the plain action result.
 */
import type { ActionResult } from '../../actions/results.js';
import { decodeId, tryDecode } from '../../core/ids.js';

/**
 * Id readers for one provider. `normalise` adjusts the provider id (Crelate lower-cases GUIDs).
 * `remoteStage` takes an application stage id or a job stage id ("stage X of job Y"), since users
 * pass either to `moveApplicationToStage`.
 */
export function remoteIds(provider: string, normalise: (id: string) => string = (id) => id) {
  const remote = (id: string, kind: string, operation: string): string =>
    normalise(decodeId(id, provider, kind, operation)[0] as string);
  const remoteStage = (id: string, operation: string): string => {
    const parts = tryDecode(id);
    if (parts?.[0] === provider && parts[1] === 'job_stage' && parts[3]) return normalise(parts[3]);
    return remote(id, 'stage', operation);
  };
  return { remote, remoteStage };
}

/** An action result with optional warnings and the provider id of what was written. */
export function actionResult(warnings: string[] = [], remoteId: string | null = null): ActionResult {
  return { warnings, remote_id: remoteId };
}
