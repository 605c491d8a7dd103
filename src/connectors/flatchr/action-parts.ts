/**
 * What every Flatchr action module shares: the parts the actions need and the stage-id reader.
 * Its own module so that actions.ts, attachments.ts and create-candidate.ts import it without
 * importing each other.
 */
import type { HttpClient } from '../../core/http.js';
import { inputError } from '../../core/input-errors.js';
import { idReader } from '../shared/ids.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import type { FlatchrApi } from './endpoints.js';
import { flatchrIds } from './ids.js';
import type { UserSession } from './user-session.js';

const PROVIDER = descriptor.provider;

/** What the actions need beyond the main transport. */
export interface FlatchrActionParts {
  api: FlatchrApi;
  session: UserSession;
  /** The careers host (candidate creation). */
  careers: HttpClient;
  /** The files route's own transport, held to 1 request/s. */
  files: HttpClient;
  apiKey: string;
}

const ids = idReader(flatchrIds);

/**
 * The integer column id of a stage id: an application stage, a job stage "column X of vacancy Y"
 * (unified), or Flatchr's own column id.
 */
export function remoteColumn(id: string, operation: string, field = 'stage_id'): number {
  const column = ids.stage(id, { field, operation });
  if (!/^\d{1,15}$/.test(column)) throw inputError(field, 'a Flatchr stage (column) id is an integer', { provider: PROVIDER, operation });
  return Number(column);
}
