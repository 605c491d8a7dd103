/**
 * Workflow statuses per workflow type. A Crelate org can run several workflow types (recruiting,
 * executive search, a customer-made one); every job names its own in `WorkflowTypeId`, and its
 * pipeline moves through that type's statuses only. This catalog reads the statuses of each type
 * in use once per sync or action (`GET /workflowstatuses?workflow_type_ids=<type>`), keeps only the
 * statuses of that type (in case the filter is ignored), and sorts them by `SortOrder`.
 */
import type { HttpClient } from '../../core/http.js';
import { rawField, summarise } from '../../core/record-pipeline.js';
import { earliestServerTime } from '../../core/server-time.js';
import type { QuarantinedRecord, SyncOptions } from '../../core/stream.js';
import { crelateDescriptor as descriptor } from './descriptor.js';
import { guid, lookupId } from './mappers/common.js';
import { sortStatuses, statusesOfType } from './mappers/to-stage.js';
import * as wire from './wire.js';

/** The statuses of one workflow type, sorted, and the ones that failed their schema. */
export interface WorkflowStatuses {
  /** The workflow type id (lower case). */
  typeId: string;
  statuses: wire.WireWorkflowStatus[];
  failed: QuarantinedRecord[];
  /**
   * The earliest provider clock of the responses the statuses were read from (null when none
   * carried one): a page built with them, even from the cache, takes it into its own clock.
   */
  serverTime: string | null;
}

/** Reads raw list pages (the connector's paging and envelope). */
export type RawPageReader = (
  path: string,
  query: Record<string, string>,
  options: SyncOptions,
  operation: string,
) => AsyncIterable<{ items: unknown[]; response: { serverTime: string | null } }>;

/**
 * The workflow type of a raw job (valid or not): its `WorkflowTypeId.Id` in lower case, or the
 * default recruiting type when the job names none (older jobs, INFERRED).
 */
export function workflowTypeOf(job: unknown): string {
  const lookup = wire.lookupSchema.safeParse(rawField(job, 'WorkflowTypeId'));
  return (lookup.success ? lookupId(lookup.data) : null) ?? (descriptor.recruitingWorkflow.ids[0] as string);
}

/** Whether a workflow type is the recruiting one (listed first in the global stage order). */
export function isRecruitingType(typeId: string, title: string | null): boolean {
  return (descriptor.recruitingWorkflow.ids as readonly string[]).includes(typeId) || title?.trim().toLowerCase() === descriptor.recruitingWorkflow.title.toLowerCase();
}

/** A per-run cache of workflow statuses by type. */
export class WorkflowCatalog {
  readonly #types = new Map<string, Promise<WorkflowStatuses>>();
  readonly #byId = new Map<string, wire.WireWorkflowStatus>();
  /** Requests made so far (one per page of statuses). */
  requests = 0;

  constructor(
    private readonly pages: RawPageReader,
    private readonly options: SyncOptions,
  ) {}

  /** The sorted statuses of `typeId` (read once). */
  ofType(typeId: string): Promise<WorkflowStatuses> {
    const key = guid(typeId);
    let pending = this.#types.get(key);
    if (pending === undefined) {
      pending = this.#read(key);
      this.#types.set(key, pending);
    }
    return pending;
  }

  /** The sorted statuses of a raw job's workflow type. */
  ofJob(job: unknown): Promise<WorkflowStatuses> {
    return this.ofType(workflowTypeOf(job));
  }

  /** Every status read so far, by lower-case id (across types). */
  get byId(): ReadonlyMap<string, wire.WireWorkflowStatus> {
    return this.#byId;
  }

  async #read(typeId: string): Promise<WorkflowStatuses> {
    const statuses: wire.WireWorkflowStatus[] = [];
    const failed: QuarantinedRecord[] = [];
    let serverTime: string | null = null;
    // https://app.crelate.com/api3/docs — GET /workflowstatuses?workflow_type_ids= (A.7.5, CODE Simple-Site)
    for await (const page of this.pages(descriptor.resources.workflowStatuses.path, { workflow_type_ids: typeId }, this.options, 'GET /workflowstatuses')) {
      this.requests += 1;
      serverTime = earliestServerTime(serverTime, page.response.serverTime);
      for (const item of page.items) {
        const parsed = wire.workflowStatusSchema.safeParse(item);
        if (!parsed.success) {
          const id = rawField(item, 'Id');
          failed.push({ remote_id: typeof id === 'string' && id.trim() !== '' ? guid(id) : null, reason: 'wire_schema', issues: summarise(parsed.error) });
          continue;
        }
        statuses.push(parsed.data);
      }
    }
    // A status of another type (the filter ignored) belongs to that type's own listing.
    const own = sortStatuses(statusesOfType(statuses, typeId));
    for (const status of own) this.#byId.set(guid(status.Id), status);
    return { typeId, statuses: own, failed, serverTime };
  }
}
