/**
 * unified-ats: one typed API over many applicant tracking systems.
 *
 * This entry holds the unified models (zod schemas and types), the connector and action types,
 * and the errors. Connectors live in their own subpaths (`unified-ats/teamtailor`, ...), the sync
 * engine in `unified-ats/sync`, the sandboxes in `unified-ats/testing`.
 * @module
 */
export * from './models/index.js';
export * from './core/errors.js';
export type { Logger } from './core/logger.js';
export type { RetryOptions } from './core/retry-policy.js';
export type { Limiter, LimiterContext, LimiterFactory, RateLimitOptions, RequestKind } from './core/rate-limit.js';
export { credentialFingerprint, RateLimiter } from './core/rate-limit.js';
export type { TimeoutOptions } from './core/http.js';
export type { DownloadOptions } from './core/download.js';
export type { Page, QuarantinedRecord, SyncOptions, SyncStream } from './core/stream.js';
export type {
  ConnectionStatus,
  ConnectorReads,
  PassthroughRequest,
  PassthroughResponse,
  Since,
  SyncOptionsOf,
} from './core/reader.js';
export {
  filterNames,
  filterNamesOf,
  type ApplicationListFilters,
  type FilterName,
  type FiltersOf,
  type JobListFilters,
  type ListFilters,
  type PersonListFilters,
} from './core/list-filters.js';
export { syncMethodOf } from './core/reader.js';
export {
  actionNames,
  attachmentActionNames,
  ActionCapabilitySchema,
  CapabilitiesSchema,
  FilterSupportSchema,
  ModelCapabilitySchema,
  WebhookCapabilitySchema,
  type ActionCapability,
  type ActionName,
  type Capabilities,
  type ModelCapability,
  type WebhookCapability,
} from './core/capabilities.js';
export * from './actions/index.js';
export type { CommonConnectorOptions } from './connectors/shared/options.js';
export { unifiedId, type IdProvider, type RecordKind } from './connectors/shared/unified-id.js';
