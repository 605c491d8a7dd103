/**
 * Pieces every Teamtailor mapper shares: unified ids and the common record fields.
 */
import { parseIsoToMs } from '../../../core/dates.js';
import { encodeId } from '../../../core/ids.js';

/** The provider name used in ids. */
export const PROVIDER = 'teamtailor';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Printable ASCII without `"` and `\\`: `JSON.stringify` writes it between quotes unchanged. */
const PLAIN_PART = /^[\x20\x21\x23-\x5b\x5d-\x7e]+$/;
/** Per kind, the id envelope's text before the part: its whole base64 groups encoded, and the rest. */
const envelopes = new Map<string, { head: string; rest: string }>();

/** base64url without padding of a string of ASCII characters (what `Buffer`'s `base64url` writes). */
function base64urlAscii(text: string): string {
  let out = '';
  let index = 0;
  for (; index + 2 < text.length; index += 3) {
    const bits = (text.charCodeAt(index) << 16) | (text.charCodeAt(index + 1) << 8) | text.charCodeAt(index + 2);
    out += BASE64URL[bits >> 18]! + BASE64URL[(bits >> 12) & 63]! + BASE64URL[(bits >> 6) & 63]! + BASE64URL[bits & 63]!;
  }
  const left = text.length - index;
  if (left === 1) {
    const bits = text.charCodeAt(index) << 16;
    out += BASE64URL[bits >> 18]! + BASE64URL[(bits >> 12) & 63]!;
  } else if (left === 2) {
    const bits = (text.charCodeAt(index) << 16) | (text.charCodeAt(index + 1) << 8);
    out += BASE64URL[bits >> 18]! + BASE64URL[(bits >> 12) & 63]! + BASE64URL[(bits >> 6) & 63]!;
  }
  return out;
}

function envelopeOf(kind: string): { head: string; rest: string } | null {
  let envelope = envelopes.get(kind);
  if (envelope === undefined) {
    // `["teamtailor","<kind>","` — the text `encodeId` writes before a one-part identity.
    const text = JSON.stringify([PROVIDER, kind, '']).slice(0, -2);
    if (!/^[\x20-\x7e]+$/.test(text)) return null;
    const whole = text.length - (text.length % 3);
    envelope = { head: base64urlAscii(text.slice(0, whole)), rest: text.slice(whole) };
    envelopes.set(kind, envelope);
  }
  return envelope;
}

/**
 * A unified id for a Teamtailor record: `encodeId`'s text. A one-part identity of printable ASCII
 * (every Teamtailor id) is encoded here, the envelope's base64 cached per kind, without the JSON
 * array and `Buffer` round trip per id; anything else goes through `encodeId`.
 */
export function ttId(kind: string, ...parts: string[]): string {
  if (parts.length === 1) {
    const part = parts[0] as string;
    const envelope = PLAIN_PART.test(part) ? envelopeOf(kind) : null;
    if (envelope !== null) return envelope.head + base64urlAscii(`${envelope.rest}${part}"]`);
  }
  return encodeId(PROVIDER, kind, ...parts);
}

/** `''` and whitespace become null (the unified models never hold `''`). */
export function nonEmpty(value: string | null | undefined): string | null {
  return value === null || value === undefined || value.trim() === '' ? null : value;
}

const DAY_MS = 86_400_000;
/** 10000-01-01T00:00:00Z: from there on `toISOString` writes six-digit years. */
const YEAR_10000_MS = 253_402_300_800_000;
const TWO_DIGITS = Array.from({ length: 100 }, (_, value) => (value < 10 ? `0${value}` : String(value)));

/**
 * `new Date(ms).toISOString()` for 1970-01-01 to 9999-12-31, by arithmetic on days (the proleptic
 * Gregorian calendar) instead of a `Date`: about a quarter of its cost, the same text.
 */
export function formatIsoUtc(ms: number): string {
  if (!(ms >= 0 && ms < YEAR_10000_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
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
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}T${TWO_DIGITS[hour]}:${TWO_DIGITS[minute]}:${TWO_DIGITS[second]}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

function digit(value: string, index: number): number {
  const code = value.charCodeAt(index) - 48;
  return code >= 0 && code <= 9 ? code : -1000;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * Epoch ms of the exact shape Teamtailor sends, `YYYY-MM-DDTHH:MM:SS.sss` then `Z` or `±HH:MM`
 * (year 0100 or later), with every field in range; null for any other text, which then takes
 * `parseIsoToMs`'s way. The value is the one `Date.parse` gives for the same text.
 */
export function teamtailorTimestampMs(value: string): number | null {
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

/**
 * `toIsoUtc` (`src/core/dates.ts`): the same parse, the same errors and the same text, with the
 * cheaper parse of `teamtailorTimestampMs` for Teamtailor's own shape and the cheaper formatting
 * of `formatIsoUtc`.
 */
export function isoUtc(value: string | null | undefined): string | null {
  const fast = typeof value === 'string' ? teamtailorTimestampMs(value) : null;
  if (fast !== null) return formatIsoUtc(fast);
  const ms = parseIsoToMs(value);
  return ms === null ? null : formatIsoUtc(ms);
}

/** The common fields of a unified record. */
export function commonRecord(
  kind: string,
  remoteId: string,
  attributes: { 'created-at'?: string | null; 'updated-at'?: string | null },
  raw: Record<string, unknown>,
  idParts: string[] = [remoteId],
) {
  const updated = isoUtc(attributes['updated-at']);
  return {
    id: ttId(kind, ...idParts),
    remote_id: remoteId,
    changed_at: updated,
    remote_deleted_at: null,
    remote_created_at: isoUtc(attributes['created-at']),
    remote_updated_at: updated,
    remote_data: raw,
  };
}
