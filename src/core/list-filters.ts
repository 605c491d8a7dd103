/**
 * List filters on `sync*` streams (`ids`, `emails`, `job_ids`, `statuses`...): their types, which
 * model takes which, their validation, and the one client-side check every connector's stream goes
 * through. A connector may also send a filter to the provider (capabilities say which, per model);
 * the client-side check runs either way, so a provider that ignores a filter cannot leak records.
 */
import { sinceToMs } from './dates.js';
import { ValidationError } from './errors.js';
import { tryDecode } from './ids.js';
import { createSyncStream, type SyncStream } from './stream.js';
import { ApplicationOutcomeValues } from '../models/application.js';
import { JobStatusValues } from '../models/job.js';
import type { ModelName } from '../models/registry.js';

/** Filters every model takes. Each list holds unified ids or the provider's own ids. */
export interface ListFilters {
  /** Only these records (unified ids, or the provider's ids). */
  ids?: readonly string[];
  /** Only the records with these provider ids (`remote_id`). */
  remote_ids?: readonly string[];
}

/** Filters of candidates and users. */
export interface PersonListFilters extends ListFilters {
  /** Only people with one of these email addresses (compared case-insensitively). */
  emails?: readonly string[];
}

/** Filters of applications. */
export interface ApplicationListFilters extends ListFilters {
  /** Only applications to these jobs. */
  job_ids?: readonly string[];
  /** Only applications of these candidates. */
  candidate_ids?: readonly string[];
  /** Only applications with one of these outcomes. */
  outcomes?: readonly (typeof ApplicationOutcomeValues)[number][];
  /** Only applications currently in one of these stages (application stage or job stage ids). */
  current_stage_ids?: readonly string[];
  /** Only applications created at or after this time (records whose creation time is unknown are kept). */
  created_after?: Date | string;
  /** Shorthand for `job_ids: [jobId]` (reading one job's applications). */
  jobId?: string;
  /** Shorthand for `candidate_ids: [candidateId]`. */
  candidateId?: string;
}

/** Filters of jobs. */
export interface JobListFilters extends ListFilters {
  /** Only jobs with one of these statuses. */
  statuses?: readonly (typeof JobStatusValues)[number][];
  /** Only jobs whose name contains this text (case-insensitive). */
  name_contains?: string;
}

/** The filters a model's `sync*` method takes. */
export type FiltersOf<M extends ModelName> = M extends 'applications'
  ? ApplicationListFilters
  : M extends 'jobs'
    ? JobListFilters
    : M extends 'candidates' | 'users'
      ? PersonListFilters
      : ListFilters;

/** Every filter name (the keys `capabilities.models[m].filters` uses). */
export const filterNames = [
  'ids',
  'remote_ids',
  'emails',
  'job_ids',
  'candidate_ids',
  'outcomes',
  'current_stage_ids',
  'created_after',
  'statuses',
  'name_contains',
] as const;

/** The name of a list filter. */
export type FilterName = (typeof filterNames)[number];

/** The filters a model takes, by name. */
export function filterNamesOf(model: ModelName): FilterName[] {
  switch (model) {
    case 'candidates':
    case 'users':
      return ['ids', 'remote_ids', 'emails'];
    case 'applications':
      return ['ids', 'remote_ids', 'job_ids', 'candidate_ids', 'outcomes', 'current_stage_ids', 'created_after'];
    case 'jobs':
      return ['ids', 'remote_ids', 'statuses', 'name_contains'];
    default:
      return ['ids', 'remote_ids'];
  }
}

/**
 * Filters after validation, as readers receive them (`options.filters`): id lists as the caller
 * gave them (unified or provider ids; a reader that sends one to the provider converts it), emails
 * and the name lower-cased, `created_after` in epoch ms.
 */
export interface ResolvedFilters {
  ids?: readonly string[];
  remote_ids?: readonly string[];
  emails?: readonly string[];
  job_ids?: readonly string[];
  candidate_ids?: readonly string[];
  outcomes?: readonly string[];
  current_stage_ids?: readonly string[];
  created_after?: number;
  statuses?: readonly string[];
  name_contains?: string;
}

/** Keys of the options object that are not filters. */
const OPTION_KEYS = new Set(['signal', 'pageSize']);
/** At most this many values per list: a longer list is a scan, better done without a filter. */
const MAX_VALUES = 1000;
/** The longest accepted text value (an id, an email, a name fragment). */
const MAX_TEXT = 320;

/**
 * Validates the filter part of a `sync*` options object for `model`. Throws `ValidationError`
 * naming the key and the reason: an unknown key (`jobID`), a filter the model does not take
 * (`emails` on jobs), an empty list, a value of the wrong kind. Returns null when no filter is set.
 */
export function resolveFilters(model: ModelName, options: object, provider: string, operation: string): ResolvedFilters | null {
  const allowed = new Set<string>(filterNamesOf(model));
  const fail = (key: string, reason: string): never => {
    throw new ValidationError(`Invalid ${operation} option ${key}: ${reason}`, { provider, operation, issues: [{ path: [key], code: 'invalid_filter' }] });
  };
  const resolved: ResolvedFilters = {};
  let any = false;
  const list = (key: string, value: unknown): string[] => {
    if (!Array.isArray(value)) fail(key, 'must be an array of strings');
    const values = value as unknown[];
    if (values.length === 0) fail(key, 'must not be empty (leave the filter out to read everything)');
    if (values.length > MAX_VALUES) fail(key, `must hold at most ${MAX_VALUES} values`);
    for (const entry of values) {
      if (typeof entry !== 'string' || entry.trim() === '' || entry.length > MAX_TEXT) fail(key, 'must hold non-empty strings');
    }
    return values as string[];
  };
  const add = (key: keyof ResolvedFilters, values: string[]) => {
    const current = (resolved[key] as string[] | undefined) ?? [];
    (resolved as Record<string, unknown>)[key] = [...new Set([...current, ...values])];
    any = true;
  };
  for (const [key, value] of Object.entries(options)) {
    if (OPTION_KEYS.has(key) || value === undefined) continue;
    if (key === 'jobId' || key === 'candidateId') {
      if (model !== 'applications') fail(key, `only applications take it, not ${model}`);
      if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) fail(key, 'must be a non-empty id');
      add(key === 'jobId' ? 'job_ids' : 'candidate_ids', [value as string]);
      continue;
    }
    if (!(filterNames as readonly string[]).includes(key)) {
      const hint = suggestion(key);
      fail(key, `unknown option${hint ? `; did you mean ${hint}?` : ''}`);
    }
    if (!allowed.has(key)) fail(key, `${model} cannot be filtered by it (filters of ${model}: ${[...allowed].join(', ')})`);
    switch (key as FilterName) {
      case 'emails':
        add('emails', list(key, value).map((email) => email.trim().toLowerCase()));
        break;
      case 'outcomes':
        for (const outcome of list(key, value)) if (!(ApplicationOutcomeValues as readonly string[]).includes(outcome)) fail(key, `unknown outcome ${JSON.stringify(outcome)} (one of ${ApplicationOutcomeValues.join(', ')})`);
        add('outcomes', value as string[]);
        break;
      case 'statuses':
        for (const status of list(key, value)) if (!(JobStatusValues as readonly string[]).includes(status)) fail(key, `unknown status ${JSON.stringify(status)} (one of ${JobStatusValues.join(', ')})`);
        add('statuses', value as string[]);
        break;
      case 'created_after': {
        let ms: number | null = null;
        try {
          ms = value instanceof Date || typeof value === 'string' ? sinceToMs(value) : null;
        } catch {
          ms = null;
        }
        if (ms === null) fail(key, 'must be a Date or an ISO 8601 string');
        resolved.created_after = ms as number;
        any = true;
        break;
      }
      case 'name_contains':
        if (typeof value !== 'string' || value.trim() === '' || value.length > MAX_TEXT) fail(key, 'must be a non-empty string');
        resolved.name_contains = (value as string).trim().toLowerCase();
        any = true;
        break;
      default:
        add(key as 'ids', list(key, value));
    }
  }
  return any ? resolved : null;
}

/** The filter name closest to a misspelt key (`jobIds` → `job_ids`), or null. */
function suggestion(key: string): string | null {
  const squash = (text: string) => text.toLowerCase().replace(/[_-]/g, '');
  const candidates = [...filterNames, 'jobId', 'candidateId'];
  return candidates.find((name) => squash(name) === squash(key)) ?? null;
}

/** A GUID: compared case-insensitively (some providers lower-case them, callers paste either). */
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether the unified reference `ref` (a record's `job_id`, say) names one of `wanted`, given as
 * unified ids or as the provider's ids. A job stage id ("stage X of job Y") names its stage.
 */
export function refMatches(ref: string | null | undefined, wanted: readonly string[]): boolean {
  if (!ref) return false;
  if (wanted.includes(ref)) return true;
  const parts = tryDecode(ref);
  if (!parts || parts.length < 3) return false;
  const [provider, kind] = parts;
  const own = parts.slice(2);
  return wanted.some((value) => {
    const given = tryDecode(value);
    if (given && given.length >= 3) {
      // Another unified id: the same provider and kind (or a job stage for a stage), the same identity.
      if (given[0] !== provider) return false;
      if (given[1] === kind) return given.slice(2).join('\u0000') === own.join('\u0000');
      return kind === 'stage' && given[1] === 'job_stage' && given.at(-1) === own.at(-1);
    }
    return own.includes(value) || (GUID.test(value) && own.some((part) => part.toLowerCase() === value.toLowerCase()));
  });
}

type Filterable = {
  id: string;
  remote_id: string;
  remote_created_at?: string | null;
  email?: string | null;
  email_addresses?: readonly { email_address: string }[];
  job_id?: string | null;
  candidate_id?: string | null;
  outcome?: string | null;
  current_stage_id?: string | null;
  status?: string | null;
  name?: string | null;
};

/** Whether one record passes every filter. */
export function matchesFilters(record: Filterable, filters: ResolvedFilters): boolean {
  if (filters.ids && !refMatches(record.id, filters.ids)) return false;
  if (filters.remote_ids && !filters.remote_ids.includes(record.remote_id)) return false;
  if (filters.emails) {
    const own = [record.email ?? '', ...(record.email_addresses ?? []).map((entry) => entry.email_address)].map((email) => email.trim().toLowerCase());
    if (!own.some((email) => email !== '' && filters.emails?.includes(email))) return false;
  }
  if (filters.job_ids && !refMatches(record.job_id, filters.job_ids)) return false;
  if (filters.candidate_ids && !refMatches(record.candidate_id, filters.candidate_ids)) return false;
  if (filters.current_stage_ids && !refMatches(record.current_stage_id, filters.current_stage_ids)) return false;
  if (filters.outcomes && !filters.outcomes.includes(record.outcome ?? '')) return false;
  if (filters.statuses && !filters.statuses.includes(record.status ?? '')) return false;
  if (filters.name_contains !== undefined && !(record.name ?? '').toLowerCase().includes(filters.name_contains)) return false;
  if (filters.created_after !== undefined && record.remote_created_at) {
    const created = Date.parse(record.remote_created_at);
    if (!Number.isNaN(created) && created < filters.created_after) return false;
  }
  return true;
}

/**
 * Keeps only the records of `stream` that pass `filters`. Pages keep their checkpoint, counts and
 * warnings: a record left out was not wanted, so resuming after the page loses nothing.
 */
export function filterStream<T>(stream: SyncStream<T>, filters: ResolvedFilters): SyncStream<T> {
  return createSyncStream<T>(async function* () {
    for await (const page of stream.pages()) {
      yield { ...page, records: page.records.filter((record) => matchesFilters(record as unknown as Filterable, filters)) };
    }
  });
}
