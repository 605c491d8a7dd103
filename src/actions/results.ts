/**
 * Typed results of the write actions and the full `Connector` contract (reads + actions).
 */
import type { ConnectorReads } from '../core/reader.js';
import type { Application, Attachment, Candidate } from '../models/index.js';
import type * as Inputs from './inputs.js';
import type * as PushInputs from './push-inputs.js';
import type { WithRemoteFields } from './remote-fields.js';

/** What every action returns. */
export interface ActionResult {
  /** Fallbacks the provider needed ("written as a note: the provider has no link field"). */
  warnings: string[];
  /** The provider's id of what was written, when it returned one. */
  remote_id?: string | null;
}

/** The result of `createCandidate`. */
export interface CreateCandidateResult extends ActionResult {
  candidate: Candidate;
  application: Application | null;
}

/** The result of `createApplication`. */
export interface CreateApplicationResult extends ActionResult {
  /** The new application, read back. */
  application: Application;
}

/** What `pushCandidate` did with one attachment. */
export interface PushedAttachment {
  /** The file's name, as given. */
  name: string;
  /** `uploaded`, or `failed` (the reason is in the result's warnings; the push itself went on). */
  status: 'uploaded' | 'failed';
  /** The provider's id of the uploaded file, when it returned one. */
  remote_id: string | null;
}

/** The result of `pushCandidate`. */
export interface PushCandidateResult extends ActionResult {
  /** `created`: a new candidate was written; `reused`: a candidate with that email already existed. */
  status: 'created' | 'reused';
  /** The unified id of the candidate (new or reused). */
  candidate_id: string;
  /** The unified id of the application to the job (new or already there). */
  application_id: string;
  /** Whether this push created the application (false: the candidate had already applied to the job). */
  application_created: boolean;
  /** Each attachment and what became of it. */
  attachments: PushedAttachment[];
}

/** Per-call options of every action. */
export interface ActionOptions {
  signal?: AbortSignal;
}

type In<T> = WithRemoteFields<T>;

/** Every action of the contract. */
export interface ConnectorActions {
  moveApplicationToStage(input: In<Inputs.MoveApplicationToStageInput>, options?: ActionOptions): Promise<ActionResult>;
  rejectApplication(input: In<Inputs.RejectApplicationInput>, options?: ActionOptions): Promise<ActionResult>;
  addResultLinkToApplication(input: In<Inputs.AddResultLinkToApplicationInput>, options?: ActionOptions): Promise<ActionResult>;
  addResultLinkToCandidate(input: In<Inputs.AddResultLinkToCandidateInput>, options?: ActionOptions): Promise<ActionResult>;
  addNoteToApplication(input: In<Inputs.AddNoteToApplicationInput>, options?: ActionOptions): Promise<ActionResult>;
  addNoteToCandidate(input: In<Inputs.AddNoteToCandidateInput>, options?: ActionOptions): Promise<ActionResult>;
  addAttachmentToApplication(input: In<Inputs.AddAttachmentToApplicationInput>, options?: ActionOptions): Promise<ActionResult>;
  addAttachmentToCandidate(input: In<Inputs.AddAttachmentToCandidateInput>, options?: ActionOptions): Promise<ActionResult>;
  getCandidateAttachments(input: Inputs.GetCandidateAttachmentsInput, options?: ActionOptions): Promise<Attachment[]>;
  getApplicationAttachments(input: PushInputs.GetApplicationAttachmentsInput, options?: ActionOptions): Promise<Attachment[]>;
  addTagToCandidate(input: In<Inputs.TagCandidateInput>, options?: ActionOptions): Promise<ActionResult>;
  removeTagFromCandidate(input: In<Inputs.TagCandidateInput>, options?: ActionOptions): Promise<ActionResult>;
  createCandidate(input: In<Inputs.CreateCandidateInput>, options?: ActionOptions): Promise<CreateCandidateResult>;
  /** Applies an existing candidate to a job (optionally into a stage). */
  createApplication(input: In<PushInputs.CreateApplicationInput>, options?: ActionOptions): Promise<CreateApplicationResult>;
  /**
   * The candidates with this email address (compared case-insensitively), through the provider's
   * search; a fuzzy provider search is narrowed to exact matches. Empty when there is none.
   */
  findCandidatesByEmail(email: string, options?: ActionOptions): Promise<Candidate[]>;
  /**
   * Puts a candidate into a job without duplicates: finds them by email, creates or reuses them,
   * applies them to the job unless they already applied, moves the application to `stage_id`, and
   * attaches the files. Safe to call again after a failure or a timeout: every step looks up
   * before it writes.
   */
  pushCandidate(input: In<PushInputs.PushCandidateInput>, options?: ActionOptions): Promise<PushCandidateResult>;
}

/** A connector: one typed API over one provider. */
export interface Connector extends ConnectorReads, ConnectorActions {}
