/**
 * What every Flatchr action module shares: the parts the actions need and the stage-id reader.
 * Its own module so that actions.ts, attachments.ts and create-candidate.ts import it without
 * importing each other.
 */
import { decodeId, tryDecode } from '../../core/ids.js';
import { ConfigError } from '../../core/errors.js';
import type { HttpClient } from '../../core/http.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import type { FlatchrApi } from './endpoints.js';
import type { UserSession } from './user-session.js';

const PROVIDER = descriptor.provider;

/** What the actions need beyond the main transport. */
export interface FlatchrActionParts {
  api: FlatchrApi;
  session: UserSession;
  /** The careers host (candidate creation, B6.5). */
  careers: HttpClient;
  /** The files route's own transport, held to 1 request/s (B4). */
  files: HttpClient;
  apiKey: string;
}

/** The integer column id of a stage id (an application stage, or a job stage "column X of vacancy Y"). */
export function remoteColumn(id: string, operation: string): number {
  const parts = tryDecode(id);
  const column = parts?.[0] === PROVIDER && parts[1] === 'job_stage' ? parts[3] : decodeId(id, PROVIDER, 'stage', operation)[0];
  if (!column || !/^\d+$/.test(column)) throw new ConfigError(`Expected a Flatchr stage id (${operation})`, { provider: PROVIDER, operation });
  return Number(column);
}
