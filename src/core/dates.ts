/**
 * Dates at the edge of a connector: every provider value becomes a UTC ISO 8601 string (or null),
 * and every cursor value becomes epoch milliseconds (E7). Parsing uses date-fns; a format that no
 * parser accepts is an error, never a silently wrong date.
 *
 * Scenario ids such as E7 are defined in docs/scenarios.md.
 */
import { isValid, parse, parseISO } from 'date-fns';

/** `YYYY-MM-DDTHH:MM[:SS[.fff]]` with `Z` or `±HH:MM`; hours 00–23 (24:00 goes the slow way). */
const FAST_ISO = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Parses an ISO 8601 value (`Z`, `+02:00`, with or without milliseconds, or date-only) to epoch
 * milliseconds. Returns null for null, undefined and `''`; throws `RangeError` for anything else
 * that does not parse.
 */
export function parseIsoToMs(value: string | null | undefined): number | null {
  if (value === null || value === undefined || value === '') return null;
  // A record's stamps are read several times (the provider's value by the mapper and the keyset,
  // the unified value by the pipeline's `since` check): the last few parses are remembered.
  for (let slot = 0; slot < RECENT; slot += 1) if (recentText[slot] === value) return recentMs[slot]!;
  const ms = parseUncached(value);
  recentText[next] = value;
  recentMs[next] = ms;
  next = (next + 1) % RECENT;
  return ms;
}

/** How many recent parses {@link parseIsoToMs} remembers (a pure function of the text, so sharing is safe). */
const RECENT = 4;
const recentText: (string | undefined)[] = new Array<string | undefined>(RECENT).fill(undefined);
const recentMs: number[] = new Array<number>(RECENT).fill(0);
let next = 0;

function parseUncached(value: string): number {
  const exact = timestampByDigits(value);
  if (exact !== null) return exact;
  // Fast path for the common shape (full timestamp with `Z` or `±HH:MM`): Date.parse is ten times
  // faster than parseISO, and every record carries several timestamps (P1 in docs/performance.md).
  const fast = FAST_ISO.exec(value);
  if (fast) {
    const ms = Date.parse(value);
    // V8 rolls impossible days over (Feb 31 → Mar 2): reject them like parseISO does.
    if (!Number.isNaN(ms) && Number(fast[3]) <= daysInMonth(Number(fast[1]), Number(fast[2]))) return ms;
    throw new RangeError(`Not an ISO 8601 date: ${JSON.stringify(value)}`);
  }
  // A date-only value is a UTC day, not a local one (parseISO would read it as local midnight).
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value;
  const date = parseISO(text);
  if (!isValid(date)) throw new RangeError(`Not an ISO 8601 date: ${JSON.stringify(value)}`);
  return date.getTime();
}

/** Normalises an ISO 8601 value to a UTC ISO string, or null. Throws on an unparseable value. */
export function toIsoUtc(value: string | null | undefined): string | null {
  const ms = parseIsoToMs(value);
  if (ms === null) return null;
  // Already the canonical form (`2024-05-02T14:40:03.880Z`, which `toISOString` would return for
  // this instant when the year has four digits): no Date, no new string.
  if (ms >= 0 && ms < MS_YEAR_10000 && CANONICAL.test(value!)) return value!;
  return formatIsoUtc(ms);
}

/** The form `toISOString` writes (hours 00–23: `24:00` is the next day's midnight). */
const CANONICAL = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z$/;
/** 10000-01-01T00:00:00Z: from there `toISOString` writes a six-digit year. */
const MS_YEAR_10000 = 253402300800000;

const DAY_MS = 86_400_000;

/**
 * `new Date(ms).toISOString()` for 1970-01-01 to 9999-12-31, by arithmetic on days (the proleptic
 * Gregorian calendar) instead of a `Date`: about a quarter of its cost, the same text.
 */
export function formatIsoUtc(ms: number): string {
  if (!(ms >= 0 && ms < MS_YEAR_10000) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  // Days to a civil date (H. Hinnant, "chrono-Compatible Low-Level Date Algorithms"): eras of
  // 400 years from 0000-03-01, so the leap day is the last day of a year.
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthFromMarch = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthFromMarch + 2) / 5) + 1;
  const month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  // One flat string from its 24 character codes. A template literal would build a rope of about
  // ten pieces, which V8 keeps as such: 300 bytes of heap per timestamp a caller keeps (a record's
  // stamps, an entry's delivery time), against 48 for this, and slower to write as well.
  // Digits are 0x30 + the digit; the rest is written as its code. (Small helper functions for the
  // digits measured 150 ns a call against 110 for this.)
  return String.fromCharCode(
    0x30 + Math.floor(year / 1000), 0x30 + (Math.floor(year / 100) % 10), 0x30 + (Math.floor(year / 10) % 10), 0x30 + (year % 10),
    0x2d /* - */, 0x30 + Math.floor(month / 10), 0x30 + (month % 10), 0x2d /* - */, 0x30 + Math.floor(day / 10), 0x30 + (day % 10),
    0x54 /* T */, 0x30 + Math.floor(hour / 10), 0x30 + (hour % 10), 0x3a /* : */, 0x30 + Math.floor(minute / 10), 0x30 + (minute % 10),
    0x3a /* : */, 0x30 + Math.floor(second / 10), 0x30 + (second % 10), 0x2e /* . */,
    0x30 + Math.floor(milli / 100), 0x30 + (Math.floor(milli / 10) % 10), 0x30 + (milli % 10), 0x5a /* Z */,
  );
}

function digit(value: string, index: number): number {
  const code = value.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -1000;
}

/**
 * Epoch ms of the commonest exact shape, `YYYY-MM-DDTHH:MM:SS.sss` then `Z` or `±HH:MM` (year 0100
 * or later), read by its digits, with every field in range; null for any other text, which then
 * takes the regular expression and `Date.parse` (or date-fns). The value is the one `Date.parse`
 * gives for the same text.
 */
function timestampByDigits(value: string): number | null {
  const length = value.length;
  if (length !== 24 && length !== 29) return null;
  if (value[4] !== '-' || value[7] !== '-' || value[10] !== 'T' || value[13] !== ':' || value[16] !== ':' || value[19] !== '.') return null;
  let offsetMinutes = 0;
  if (length === 24) {
    if (value[23] !== 'Z') return null;
  } else {
    const sign = value[23] === '+' ? 1 : value[23] === '-' ? -1 : 0;
    if (sign === 0 || value[26] !== ':') return null;
    const offsetHour = digit(value, 24) * 10 + digit(value, 25);
    const offsetMinute = digit(value, 27) * 10 + digit(value, 28);
    if (!(offsetHour >= 0 && offsetHour <= 23 && offsetMinute >= 0 && offsetMinute <= 59)) return null;
    offsetMinutes = sign * (offsetHour * 60 + offsetMinute);
  }
  const year = digit(value, 0) * 1000 + digit(value, 1) * 100 + digit(value, 2) * 10 + digit(value, 3);
  const month = digit(value, 5) * 10 + digit(value, 6);
  const day = digit(value, 8) * 10 + digit(value, 9);
  const hour = digit(value, 11) * 10 + digit(value, 12);
  const minute = digit(value, 14) * 10 + digit(value, 15);
  const second = digit(value, 17) * 10 + digit(value, 18);
  const milli = digit(value, 20) * 100 + digit(value, 21) * 10 + digit(value, 22);
  if (!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return null;
  if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59 && milli >= 0)) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, milli) - offsetMinutes * 60_000;
}

const TWO_DIGIT_YEAR_REFERENCE = new Date(Date.UTC(2000, 0, 1));

/**
 * Parses a value in one of the given date-fns formats (interpreted in UTC) and returns a UTC ISO
 * string. Throws `RangeError` naming the value when no format matches, so a new provider format is
 * noticed at once instead of producing wrong dates.
 */
export function parseWithFormats(value: string | null | undefined, formats: readonly string[]): string | null {
  if (value === null || value === undefined || value === '') return null;
  for (const format of formats) {
    // The reference date picks the century of two-digit years (`yy`): closest to 2000 means
    // 1950–2049, where 1970 would turn `24` into 1924.
    const date = parse(`${value} +00`, `${format} X`, TWO_DIGIT_YEAR_REFERENCE);
    if (isValid(date)) return date.toISOString();
  }
  throw new RangeError(`Date ${JSON.stringify(value)} matches none of: ${formats.join(', ')}`);
}

/** Converts a `since` argument (Date, ISO string or undefined) to epoch milliseconds or null. */
export function sinceToMs(since: Date | string | undefined | null): number | null {
  if (since === undefined || since === null) return null;
  if (since instanceof Date) {
    if (Number.isNaN(since.getTime())) throw new RangeError('since is an invalid Date');
    return since.getTime();
  }
  return parseIsoToMs(since);
}

/** Rounds `ms` down to a multiple of `granularityMs` (a provider that filters by second or day). */
export function floorTo(ms: number, granularityMs: number): number {
  return Math.floor(ms / granularityMs) * granularityMs;
}
