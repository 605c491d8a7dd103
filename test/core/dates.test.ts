/**
 * Dates at the connector edge (S7, E7): every provider format normalised to epoch ms / UTC ISO,
 * sorted correctly, surviving a round trip, and rounded down to a provider's granularity; a value
 * no parser accepts throws instead of becoming a wrong date.
 */
import { describe, expect, it } from 'vitest';
import { floorTo, parseIsoToMs, parseWithFormats, sinceToMs, toIsoUtc } from '../../src/core/dates.js';

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
