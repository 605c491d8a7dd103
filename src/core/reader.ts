/**
 * The read half of the connector contract, which is all the sync engine needs.
 */
import type {
  Application,
  ApplicationStage,
  Candidate,
  HiringTeamMember,
  Interview,
  InterviewerAssignment,
  Job,
  JobPosting,
  JobStage,
  Offer,
  RejectionReason,
  Role,
  Tag,
  User,
} from '../models/index.js';
import type { ModelName, ModelRecord } from '../models/registry.js';
import type { Capabilities } from './capabilities.js';
import type { ApplicationListFilters, FiltersOf, JobListFilters, ListFilters, PersonListFilters } from './list-filters.js';
import type { SyncOptions, SyncStream } from './stream.js';

/**
 * The options of one model's `sync*` method: the common ones (`signal`, `pageSize`) and that model's
 * list filters (`syncApplications(since, { jobId })`, `syncJobs(since, { statuses: ['OPEN'] })`).
 */
export type SyncOptionsOf<M extends ModelName> = SyncOptions & FiltersOf<M>;

/** `since`: a Date, an ISO 8601 string, or undefined for everything. */
export type Since = Date | string | undefined;

/** The answer of `checkConnection()`. */
export interface ConnectionStatus {
  status: 'connected' | 'invalid_credentials' | 'missing_permissions' | 'unreachable' | 'rate_limited';
  /** A sentence for a human (never a credential). */
  detail: string;
  /** With `missing_permissions` after a permission probe: the models the key cannot read. */
  missing_models?: ModelName[];
}

/** A raw request through the connector's auth, limits and retries. */
export interface PassthroughRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** A path under the connector's base URL. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** A JSON body. */
  body?: unknown;
  signal?: AbortSignal;
}

/** The raw provider response of a passthrough call. */
export interface PassthroughResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** Every read a connector offers. */
export interface ConnectorReads {
  /** The provider's name (`'teamtailor'`). */
  readonly provider: string;
  /** What this connector can do. */
  readonly capabilities: Capabilities;
  syncRoles(since?: Since, options?: SyncOptions & ListFilters): SyncStream<Role>;
  syncUsers(since?: Since, options?: SyncOptions & PersonListFilters): SyncStream<User>;
  syncJobs(since?: Since, options?: SyncOptions & JobListFilters): SyncStream<Job>;
  syncJobPostings(since?: Since, options?: SyncOptions & ListFilters): SyncStream<JobPosting>;
  syncApplicationStages(since?: Since, options?: SyncOptions & ListFilters): SyncStream<ApplicationStage>;
  syncJobStages(since?: Since, options?: SyncOptions & ListFilters): SyncStream<JobStage>;
  syncHiringTeam(since?: Since, options?: SyncOptions & ListFilters): SyncStream<HiringTeamMember>;
  syncCandidates(since?: Since, options?: SyncOptions & PersonListFilters): SyncStream<Candidate>;
  syncApplications(since?: Since, options?: SyncOptions & ApplicationListFilters): SyncStream<Application>;
  syncOffers(since?: Since, options?: SyncOptions & ListFilters): SyncStream<Offer>;
  syncInterviews(since?: Since, options?: SyncOptions & ListFilters): SyncStream<Interview>;
  syncInterviewers(since?: Since, options?: SyncOptions & ListFilters): SyncStream<InterviewerAssignment>;
  syncTags(since?: Since, options?: SyncOptions & ListFilters): SyncStream<Tag>;
  syncRejectionReasons(since?: Since, options?: SyncOptions & ListFilters): SyncStream<RejectionReason>;
  /** Any model by name (what the sync engine calls). */
  syncModel<M extends ModelName>(model: M, since?: Since, options?: SyncOptionsOf<M>): SyncStream<ModelRecord<M>>;
  getJob(id: string, options?: { signal?: AbortSignal }): Promise<Job>;
  getCandidate(id: string, options?: { signal?: AbortSignal }): Promise<Candidate>;
  getApplication(id: string, options?: { signal?: AbortSignal }): Promise<Application>;
  /** Checks the credentials with one cheap request; never throws for auth or network problems. */
  checkConnection(options?: { signal?: AbortSignal }): Promise<ConnectionStatus>;
  /** A raw request with the connector's auth, rate limiting and retries. */
  passthrough(request: PassthroughRequest): Promise<PassthroughResponse>;
  /** HTTP requests this connector has sent (every attempt counts). */
  readonly requestCount: number;
  /** Closes pooled connections and timers. */
  close(): Promise<void>;
}

/** The `sync*` method of each model. */
export const syncMethodOf = {
  roles: 'syncRoles',
  users: 'syncUsers',
  application_stages: 'syncApplicationStages',
  rejection_reasons: 'syncRejectionReasons',
  tags: 'syncTags',
  jobs: 'syncJobs',
  job_postings: 'syncJobPostings',
  job_stages: 'syncJobStages',
  hiring_team: 'syncHiringTeam',
  candidates: 'syncCandidates',
  applications: 'syncApplications',
  offers: 'syncOffers',
  interviews: 'syncInterviews',
  interviewers: 'syncInterviewers',
} as const satisfies Record<ModelName, keyof ConnectorReads>;
