/**
 * The read half of the connector contract (§3, §6), which is all the sync engine needs.
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
  RejectionReason,
  Tag,
  User,
} from '../models/index.js';
import type { ModelName, ModelRecord } from '../models/registry.js';
import type { Capabilities } from './capabilities.js';
import type { SyncOptions, SyncStream } from './stream.js';

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
  syncUsers(since?: Since, options?: SyncOptions): SyncStream<User>;
  syncJobs(since?: Since, options?: SyncOptions): SyncStream<Job>;
  syncJobPostings(since?: Since, options?: SyncOptions): SyncStream<JobPosting>;
  syncApplicationStages(since?: Since, options?: SyncOptions): SyncStream<ApplicationStage>;
  syncJobStages(since?: Since, options?: SyncOptions): SyncStream<JobStage>;
  syncHiringTeam(since?: Since, options?: SyncOptions): SyncStream<HiringTeamMember>;
  syncCandidates(since?: Since, options?: SyncOptions): SyncStream<Candidate>;
  syncApplications(since?: Since, options?: SyncOptions): SyncStream<Application>;
  syncInterviews(since?: Since, options?: SyncOptions): SyncStream<Interview>;
  syncInterviewers(since?: Since, options?: SyncOptions): SyncStream<InterviewerAssignment>;
  syncTags(since?: Since, options?: SyncOptions): SyncStream<Tag>;
  syncRejectionReasons(since?: Since, options?: SyncOptions): SyncStream<RejectionReason>;
  /** Any model by name (what the sync engine calls). */
  syncModel<M extends ModelName>(model: M, since?: Since, options?: SyncOptions): SyncStream<ModelRecord<M>>;
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
  interviews: 'syncInterviews',
  interviewers: 'syncInterviewers',
} as const satisfies Record<ModelName, keyof ConnectorReads>;
