/**
 * Dates at the connector edge (S7, E7): every provider format normalised to epoch ms / UTC ISO,
 * sorted correctly, surviving a round trip, and rounded down to a provider's granularity; a value
 * no parser accepts throws instead of becoming a wrong date.
 */
import { describe, expect, it } from 'vitest';
import { parseISO } from 'date-fns';
import { floorTo, formatIsoUtc, parseIsoToMs, parseWithFormats, sinceToMs, toIsoUtc } from '../../src/core/dates.js';

describe('parseIsoToMs and toIsoUtc', () => {
  it('S7: Z, +02:00, with and without milliseconds, and date-only all land on the right UTC instant', () => {
    expect(toIsoUtc('2024-05-02T14:40:03Z')).toBe('2024-05-02T14:40:03.000Z');
    expect(toIsoUtc('2024-05-02T16:40:03+02:00')).toBe('2024-05-02T14:40:03.000Z');
    expect(toIsoUtc('2024-05-02T14:40:03.880Z')).toBe('2024-05-02T14:40:03.880Z');
    expect(toIsoUtc('2024-05-02T09:40:03.880-05:00')).toBe('2024-05-02T14:40:03.880Z');
    // A date-only value is a UTC day, whatever the machine's time zone.
    expect(toIsoUtc('2024-05-02')).toBe('2024-05-02T00:00:00.000Z');
  });

  it('S7: mixed formats sort correctly once normalised (string order would be wrong)', () => {
    const values = ['2024-05-02T15:00:00+02:00', '2024-05-02T13:30:00Z', '2024-05-02T13:00:00.500Z', '2024-05-02'];
    const sorted = [...values].sort((a, b) => (parseIsoToMs(a) ?? 0) - (parseIsoToMs(b) ?? 0));
    // 15:00+02:00 is 13:00Z, half a second before 13:00:00.500Z.
    expect(sorted).toEqual(['2024-05-02', '2024-05-02T15:00:00+02:00', '2024-05-02T13:00:00.500Z', '2024-05-02T13:30:00Z']);
    expect([...values].sort()).not.toEqual(sorted);
  });

  it('S7: a cursor survives a serialise/deserialise round trip to the millisecond', () => {
    const ms = parseIsoToMs('2024-05-02T16:40:03.881+02:00') as number;
    const stored = JSON.stringify({ cursor: new Date(ms).toISOString() });
    expect(parseIsoToMs((JSON.parse(stored) as { cursor: string }).cursor)).toBe(ms);
  });

  it('returns null for null, undefined and the empty string', () => {
    expect(parseIsoToMs(null)).toBeNull();
    expect(parseIsoToMs(undefined)).toBeNull();
    expect(toIsoUtc('')).toBeNull();
  });

  it('throws RangeError for anything unparseable, never a silent wrong date', () => {
    for (const bad of ['yesterday', '2024-13-45', '02/05/2024', 'NaN']) {
      expect(() => parseIsoToMs(bad)).toThrow(RangeError);
    }
  });
});

describe('seconds versus milliseconds and granularity', () => {
  it('S7: the lower bound is rounded down to the provider granularity (second, day), never up', () => {
    const ms = parseIsoToMs('2024-05-02T14:40:03.880Z') as number;
    expect(new Date(floorTo(ms, 1_000)).toISOString()).toBe('2024-05-02T14:40:03.000Z');
    expect(new Date(floorTo(ms, 86_400_000)).toISOString()).toBe('2024-05-02T00:00:00.000Z');
    expect(floorTo(ms, 1_000)).toBeLessThanOrEqual(ms);
  });

  it('S7: seconds- and milliseconds-precision values of the same instant compare equal after normalising', () => {
    expect(parseIsoToMs('2024-05-02T14:40:03Z')).toBe(parseIsoToMs('2024-05-02T14:40:03.000Z'));
    expect(parseIsoToMs('2024-05-02T14:40:03.001Z')).toBeGreaterThan(parseIsoToMs('2024-05-02T14:40:03Z') as number);
  });
});

describe('parseWithFormats and sinceToMs', () => {
  it('S7: parses provider-specific formats in UTC and names the value when none matches', () => {
    expect(parseWithFormats('02/05/2024 14:40', ['dd/MM/yyyy HH:mm'])).toBe('2024-05-02T14:40:00.000Z');
    expect(parseWithFormats('2024-05-02 14:40:03', ['dd/MM/yyyy HH:mm', 'yyyy-MM-dd HH:mm:ss'])).toBe('2024-05-02T14:40:03.000Z');
    expect(parseWithFormats(null, ['yyyy'])).toBeNull();
    expect(() => parseWithFormats('May 2nd', ['yyyy-MM-dd'])).toThrow(/"May 2nd" matches none of: yyyy-MM-dd/);
  });

  it('accepts a Date, an ISO string or undefined as `since`, and rejects an invalid Date', () => {
    expect(sinceToMs(new Date('2024-05-02T00:00:00Z'))).toBe(Date.UTC(2024, 4, 2));
    expect(sinceToMs('2024-05-02T02:00:00+02:00')).toBe(Date.UTC(2024, 4, 2));
    expect(sinceToMs(undefined)).toBeNull();
    expect(() => sinceToMs(new Date('nope'))).toThrow(RangeError);
  });

  it('remembered parses and the canonical pass-through answer exactly as a fresh parse would', () => {
    const values = [
      '2024-05-02T14:40:03.880Z',
      '2024-05-02T24:00:00.000Z',
      '2024-05-02T16:40:03.880+02:00',
      '2024-05-02T14:40:03Z',
      '1969-12-31T23:59:59.999Z',
      '2024-02-29T00:00:00.000Z',
    ];
    const fresh = values.map((value) => new Date(Date.parse(value.replace('T24:00:00.000Z', 'T23:59:59.999Z')) + (value.includes('T24') ? 1 : 0)).toISOString());
    // Twice over, in an order that hits and misses the few remembered values.
    for (const round of [0, 1]) {
      for (const [index, value] of [...values.entries()].reverse()) {
        expect([round, value, toIsoUtc(value)]).toEqual([round, value, fresh[index]]);
        expect(parseIsoToMs(value)).toBe(Date.parse(fresh[index]!));
      }
    }
    // An impossible day throws every time (a failed parse is never remembered).
    for (const _ of [0, 1]) expect(() => toIsoUtc('2024-02-30T10:00:00.000Z')).toThrow(RangeError);
  });
});

/** How `parseIsoToMs` read a text before the digit path (its regular expression and Date.parse, else date-fns): the reference. */
function referenceParse(text: string): number | 'throws' {
  const fast = /^(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,3})?)?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)$/.exec(text);
  if (fast) {
    const ms = Date.parse(text);
    const days = new Date(Date.UTC(Number(fast[1]), Number(fast[2]), 0)).getUTCDate();
    return !Number.isNaN(ms) && Number(fast[3]) <= days ? ms : 'throws';
  }
  const date = parseISO(/^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(date.getTime()) ? 'throws' : date.getTime();
}

function attempt(run: () => number | null): number | null | 'throws' {
  try {
    return run();
  } catch {
    return 'throws';
  }
}

describe('the digit path of parseIsoToMs and formatIsoUtc', () => {
  it('formatIsoUtc writes exactly Date#toISOString, inside and outside 1970–9999', () => {
    const samples = [0, 1, 999, 86_399_999, 951_782_400_000, 951_868_800_000, 4_107_542_400_000, 253_402_300_799_999, 253_402_300_800_000, -1, -62_198_755_200_000, 1.5];
    for (let value = 0; value < 20_000; value += 1) samples.push(Math.floor(((value * 2_654_435_761) % 4_294_967_296) * 58_999.7));
    for (const ms of samples) expect(formatIsoUtc(ms)).toBe(new Date(ms).toISOString());
  });

  it('reads `YYYY-MM-DDTHH:MM:SS.sss` with Z or an offset as the regular expression and Date.parse did, and every other text as before', () => {
    const pad = (value: number, width: number) => String(value).padStart(width, '0');
    for (let index = 0; index < 20_000; index += 1) {
      const pick = (range: number) => Math.floor((((index * 2_654_435_761 + range * 40_503) % 4_294_967_296) / 4_294_967_296) * range);
      const zone = index % 3 === 0 ? 'Z' : `${index % 2 ? '+' : '-'}${pad(pick(24), 2)}:${pad(pick(60), 2)}`;
      const text = `${pad(1900 + pick(250), 4)}-${pad(1 + pick(12), 2)}-${pad(1 + pick(31), 2)}T${pad(pick(24), 2)}:${pad(pick(60), 2)}:${pad(pick(60), 2)}.${pad(pick(1000), 3)}${zone}`;
      expect([text, attempt(() => parseIsoToMs(text))]).toEqual([text, referenceParse(text)]);
    }
    for (const text of ['2024-05-02T16:40:03.902+24:00', '2024-05-02T24:00:00.000Z', '2024-02-30T00:00:00.000Z', '2024-13-01T00:00:00.000Z', '0099-01-01T00:00:00.000Z', '2024-05-02T16:40:03Z', '2024-05-02T16:40:03.90Z', '2024-05-02T16:40:03.9020Z', '2024-05-02 16:40:03.902Z', '2024-05-02T16:40:03.902+0200', '2024-05-02T16:40:60.000Z', '2024-05-02T16:4a:03.902Z', '２０２４-05-02T16:40:03.902Z', '2024-02-29T23:59:59.999-03:00']) {
      expect([text, attempt(() => parseIsoToMs(text))]).toEqual([text, referenceParse(text)]);
    }
  });
});

