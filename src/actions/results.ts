/**
 * Typed results of the write actions and the full `Connector` contract (reads + actions).
 */
import type { ConnectorReads } from '../core/reader.js';
import type { Application, Attachment, Candidate } from '../models/index.js';
import type * as Inputs from './inputs.js';

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

/** Per-call options of every action. */
export interface ActionOptions {
  signal?: AbortSignal;
}

/** Every write action of the contract. */
export interface ConnectorActions {
  moveApplicationToStage(input: Inputs.MoveApplicationToStageInput, options?: ActionOptions): Promise<ActionResult>;
  rejectApplication(input: Inputs.RejectApplicationInput, options?: ActionOptions): Promise<ActionResult>;
  addResultLinkToApplication(input: Inputs.AddResultLinkToApplicationInput, options?: ActionOptions): Promise<ActionResult>;
  addResultLinkToCandidate(input: Inputs.AddResultLinkToCandidateInput, options?: ActionOptions): Promise<ActionResult>;
  addNoteToApplication(input: Inputs.AddNoteToApplicationInput, options?: ActionOptions): Promise<ActionResult>;
  addNoteToCandidate(input: Inputs.AddNoteToCandidateInput, options?: ActionOptions): Promise<ActionResult>;
  addAttachmentToApplication(input: Inputs.AddAttachmentToApplicationInput, options?: ActionOptions): Promise<ActionResult>;
  addAttachmentToCandidate(input: Inputs.AddAttachmentToCandidateInput, options?: ActionOptions): Promise<ActionResult>;
  getCandidateAttachments(input: Inputs.GetCandidateAttachmentsInput, options?: ActionOptions): Promise<Attachment[]>;
  addTagToCandidate(input: Inputs.TagCandidateInput, options?: ActionOptions): Promise<ActionResult>;
  removeTagFromCandidate(input: Inputs.TagCandidateInput, options?: ActionOptions): Promise<ActionResult>;
  createCandidate(input: Inputs.CreateCandidateInput, options?: ActionOptions): Promise<CreateCandidateResult>;
}

/** A connector: one typed API over one provider. */
export interface Connector extends ConnectorReads, ConnectorActions {}
