/**
 * The one way provider data is parsed where a failure cannot be quarantined (a single-record read,
 * a write's answer, a login token): {@link parseOrThrow} returns the parsed value or throws a
 * `ValidationError` carrying the issue paths and codes, never the values. No raw `ZodError` leaves
 * the SDK.
 * @module
 */
import type { z } from 'zod';
import { ValidationError, type IssueSummary } from './errors.js';
import { checkedParse } from './schema-check.js';

/** What was being parsed, for the error. */
export interface ParseContext {
  /** The provider (`'teamtailor'`). */
  provider: string;
  /** The operation that read the data (`'GET /candidates/{id}'`, `'getCandidateAttachments'`). */
  operation: string;
  /** What the data is, in words (`'the single-record document'`, `'the login answer'`). */
  what: string;
  /** The provider id of the record, when known. */
  remoteId?: string | null;
}

/**
 * Zod issues reduced to paths and codes: no values, so no personal data in errors or reports. A
 * custom check can name its own code through `params.code` (`'unsafe_integer'`).
 */
export function summariseIssues(error: z.ZodError): IssueSummary[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    code: customCode(issue) ?? issue.code,
  }));
}

function customCode(issue: z.core.$ZodIssue): string | null {
  if (issue.code !== 'custom') return null;
  const code: unknown = issue.params?.code;
  return typeof code === 'string' ? code : null;
}

/** Paths of issues as text (`data.id, included.0`), for messages. */
export function issuePaths(issues: readonly IssueSummary[]): string {
  const paths = [...new Set(issues.map((issue) => (issue.path.length > 0 ? issue.path.join('.') : '(root)')))];
  return paths.slice(0, 5).join(', ') + (paths.length > 5 ? `, and ${paths.length - 5} more` : '');
}

/**
 * Parses provider data with `schema` (through `checkedParse`: a value already in the schema's form
 * is returned as it is), or throws a `ValidationError` (`source: 'provider'`) naming
 * the failing paths.
 */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, context: ParseContext): T {
  const parsed = checkedParse(schema, value);
  if (parsed.success) return parsed.data;
  const issues = summariseIssues(parsed.error);
  throw new ValidationError(`${context.provider} sent ${context.what} in an unexpected shape (${context.operation}) at: ${issuePaths(issues)}`, {
    provider: context.provider,
    operation: context.operation,
    issues,
    remoteId: context.remoteId ?? null,
    source: 'provider',
  });
}
