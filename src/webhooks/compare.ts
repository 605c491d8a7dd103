/**
 * Constant-time comparison and header reading shared by the verification schemes.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { WebhookHeaders } from './types.js';

/**
 * True when `received` equals `expected`, compared in constant time. A length mismatch returns
 * false at once (without throwing, as `timingSafeEqual` would): lengths are not secret here.
 */
export function safeEqual(received: string, expected: string): boolean {
  const left = Buffer.from(received, 'utf8');
  const right = Buffer.from(expected, 'utf8');
  if (left.length !== right.length) return false;
  return timingSafeEqual(left, right);
}

/** Every value of a header (case-insensitive), from `node:http`, Fetch `Headers` or a plain object. */
export function headerValues(headers: WebhookHeaders, name: string): string[] {
  const wanted = name.toLowerCase();
  if (typeof (headers as Headers).get === 'function' && typeof (headers as Headers).has === 'function') {
    const value = (headers as Headers).get(wanted);
    return value === null ? [] : [value];
  }
  const out: string[] = [];
  for (const [key, value] of Object.entries(headers as Record<string, string | readonly string[] | undefined>)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    if (typeof value === 'string') out.push(value);
    else out.push(...value);
  }
  return out;
}
