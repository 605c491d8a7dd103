/**
 * Building events: the one constructor every provider parser uses, safe id checks and dates.
 * @module
 */
import { toIsoUtc } from '../core/dates.js';
import type { WebhookEvent, WebhookProvider } from './types.js';

/** The fields a parser sets; the rest default to null. */
export type EventFields = Partial<Omit<WebhookEvent, 'provider' | 'related'>> & { related?: Partial<WebhookEvent['related']> };

/** A complete event with every field present (null where unknown). */
export function makeEvent(provider: WebhookProvider, fields: EventFields): WebhookEvent {
  return {
    provider,
    event_name: fields.event_name ?? null,
    kind: fields.kind ?? 'unknown',
    model: fields.model ?? null,
    id: fields.id ?? null,
    remote_id: fields.remote_id ?? null,
    occurred_at: fields.occurred_at ?? null,
    related: { candidate_id: fields.related?.candidate_id ?? null, job_id: fields.related?.job_id ?? null, stage_id: fields.related?.stage_id ?? null },
    account_id: fields.account_id ?? null,
    connection_id: fields.connection_id ?? null,
    note: fields.note ?? null,
    raw: fields.raw ?? null,
  };
}

/**
 * A provider id that is safe to build a request from: a string or integer of letters, digits, `-`
 * and `_` (at most 128 characters). Anything else is null, and the event becomes unknown.
 */
export function plainId(value: unknown): string | null {
  const text = typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? String(value) : typeof value === 'string' ? value.trim() : null;
  return text !== null && /^[A-Za-z0-9_-]{1,128}$/.test(text) ? text : null;
}

/** An ISO date from a payload as UTC ISO, or null when absent or unreadable (never a throw). */
export function payloadDate(value: unknown, assumeUtc = false): string | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const text = assumeUtc && /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(value) ? `${value}Z` : value;
  try {
    return toIsoUtc(text);
  } catch {
    return null;
  }
}

/** A plain object, or null. */
export function asObject(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
