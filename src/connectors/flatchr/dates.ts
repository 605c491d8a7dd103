/**
 * Flatchr's three date formats, parsed with date-fns, and the `MM/DD/YY` filter format.
 *
 * - search rows: `DD/MM/YY` strings (`"09/11/21"`), day granularity;
 * - applicant objects from PUT/DELETE: epoch seconds (`1643904014`);
 * - nested objects (candidate, vacancy, comment, column, member): ISO 8601 with `Z`.
 *
 * Anything else throws a `RangeError` naming the value, so the record pipeline quarantines the
 * record with reason `mapping` / code `invalid_date` instead of producing a wrong date.
 *
 * Why not `parseWithFormats` from core alone: it parses with a reference date of 1970, and date-fns
 * resolves a two-digit year (`yy`) to the century closest to the reference, so `"16/02/24"` became
 * 1924. Here the reference is 2000-01-01 (two-digit years map to 1950–2049). To move to core: let
 * `parseWithFormats` take a reference date.
 */
import { fromUnixTime, isValid, parse } from 'date-fns';
import { toIsoUtc } from '../../core/dates.js';

/** The search-row format. */
export const SEARCH_ROW_FORMAT = 'dd/MM/yy';
/** Reference date for two-digit years: `yy` resolves within 1950–2049. */
const TWO_DIGIT_YEAR_REFERENCE = new Date(Date.UTC(2000, 0, 1));
const ISO_PREFIX = /^\d{4}-\d{2}-\d{2}(T|$)/;
const EPOCH_SECONDS = /^\d{9,11}$/;

/** Parsed `dd/MM/yy` values (bounded: cleared when full). */
const dayCache = new Map<string, { iso: string; ms: number }>();
const DAY_CACHE_LIMIT = 5_000;

/** Parses a value in one date-fns format, in UTC; null when it does not match. */
function parseUtc(value: string, format: string): Date | null {
  const date = parse(`${value} +00`, `${format} X`, TWO_DIGIT_YEAR_REFERENCE);
  return isValid(date) ? date : null;
}

/**
 * Any Flatchr date to a UTC ISO string, or null for null / undefined / `''`.
 * @throws RangeError when the value is in none of the three known formats
 */
export function flatchrDate(value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  // A search-row date seen before (the common case of a sync) is answered before any pattern test.
  const known = typeof value === 'string' ? dayCache.get(value) : undefined;
  if (known !== undefined) return known.iso;
  if (typeof value === 'number' || (typeof value === 'string' && EPOCH_SECONDS.test(value))) {
    const date = fromUnixTime(Number(value));
    if (Number.isFinite(Number(value)) && isValid(date)) return date.toISOString();
    throw new RangeError(`Flatchr date ${JSON.stringify(value)} is not valid epoch seconds`);
  }
  if (typeof value !== 'string') throw new RangeError(`Flatchr date of type ${typeof value} is not a known format`);
  if (ISO_PREFIX.test(value)) return toIsoUtc(value);
  const day = parseUtc(value, SEARCH_ROW_FORMAT);
  if (day) {
    // Search rows carry day-granular dates, so a few hundred distinct strings cover a whole
    // account: remembering them spares date-fns' parse (the slowest step of a Flatchr sync, P1).
    if (dayCache.size >= DAY_CACHE_LIMIT) dayCache.clear();
    const iso = day.toISOString();
    dayCache.set(value, { iso, ms: day.getTime() });
    return iso;
  }
  throw new RangeError(`Flatchr date ${JSON.stringify(value)} matches none of: ${SEARCH_ROW_FORMAT}, epoch seconds, ISO 8601`);
}

/** Epoch ms of a Flatchr date, or null; same errors as {@link flatchrDate}. */
export function flatchrDateMs(value: unknown): number | null {
  const known = typeof value === 'string' ? dayCache.get(value) : undefined;
  if (known !== undefined) return known.ms;
  const iso = flatchrDate(value);
  return iso === null ? null : Date.parse(iso);
}

/** Formats epoch ms as the search filter wants it: `MM/DD/YY` (US order), UTC day. */
export function toFilterDate(ms: number): string {
  const date = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCMonth() + 1)}/${two(date.getUTCDate())}/${two(date.getUTCFullYear() % 100)}`;
}

/** Parses a `MM/DD/YY` filter value (the sandbox reads what the connector sends). Null when invalid. */
export function parseFilterDate(value: string): number | null {
  const date = parseUtc(value, 'MM/dd/yy');
  return date ? date.getTime() : null;
}

/** Formats epoch ms as a search-row date: `DD/MM/YY` (the sandbox writes what Flatchr sends). */
export function toSearchRowDate(ms: number): string {
  const date = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getUTCDate())}/${two(date.getUTCMonth() + 1)}/${two(date.getUTCFullYear() % 100)}`;
}
