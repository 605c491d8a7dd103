/**
 * Caller input that a method refuses becomes a `ValidationError` with `source: 'input'`, naming
 * the field and the reason in words ("unknown key stageId; did you mean stage_id?", "url: must be
 * an http(s) URL"), never the value. `ConfigError` stays for connector options.
 * @module
 */
import type { z } from 'zod';
import { ValidationError } from './errors.js';
import { summariseIssues } from './parse.js';

/** Where the input was refused. */
export interface InputContext {
  provider: string;
  /** The method (`'moveApplicationToStage'`). */
  operation: string;
}

/** A `ValidationError` for one refused input field. */
export function inputError(field: string, reason: string, context: InputContext): ValidationError {
  return new ValidationError(`Invalid input for ${context.operation}: ${field}: ${reason}`, {
    provider: context.provider,
    operation: context.operation,
    issues: [{ path: field.split('.'), code: 'invalid_input' }],
    source: 'input',
    field,
    reason,
  });
}

/** The `ValidationError` for input that failed `schema` (unknown keys are named first, with a suggestion). */
export function inputSchemaError(schema: z.ZodType, error: z.ZodError, context: InputContext): ValidationError {
  const ordered = [...error.issues].sort((a, b) => rank(a) - rank(b));
  const suggested = new Set<string>();
  const reasons = ordered.flatMap((issue) => {
    const field = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, issue.path);
      return issue.keys.map((key) => {
        const match = closest(key, known);
        if (match) suggested.add([...issue.path.map(String), match].join('.'));
        const where = field ? `${field}.` : '';
        return { field: `${where}${key}`, reason: `unknown key ${key}${match ? `; did you mean ${match}?` : ''}` };
      });
    }
    // "stage_id is required" adds nothing after "unknown key stageId; did you mean stage_id?".
    if (suggested.has(field) && issue.code === 'invalid_type') return [];
    return [{ field: field || '(input)', reason: describe(issue) }];
  });
  const first = reasons[0] ?? { field: '(input)', reason: 'invalid' };
  const text = reasons
    .slice(0, 3)
    .map((entry) => {
      if (!entry.reason.startsWith('unknown key')) return `${entry.field}: ${entry.reason}`;
      // A nested unknown key names where it was found: "remote_fields.teamtailor: unknown key author".
      const parent = entry.field.includes('.') ? entry.field.slice(0, entry.field.lastIndexOf('.')) : '';
      return parent ? `${parent}: ${entry.reason}` : entry.reason;
    })
    .join('; ');
  return new ValidationError(`Invalid input for ${context.operation}: ${text}${reasons.length > 3 ? ` (and ${reasons.length - 3} more)` : ''}`, {
    provider: context.provider,
    operation: context.operation,
    issues: summariseIssues(error),
    source: 'input',
    field: first.field,
    reason: first.reason,
  });
}

function rank(issue: z.core.$ZodIssue): number {
  return issue.code === 'unrecognized_keys' ? 0 : 1;
}

/** One issue in words, without the value. */
function describe(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      // zod leaves the input out of issues; its message says the type received (never the value).
      return /received undefined/.test(issue.message) ? 'is required' : `must be ${article(issue.expected)}`;
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return 'must not be empty';
      if (issue.origin === 'array') return `needs at least ${String(issue.minimum)} item(s)`;
      return `is too small (minimum ${String(issue.minimum)})`;
    case 'too_big':
      return `is too big (maximum ${String(issue.maximum)})`;
    case 'invalid_format':
      if (issue.format === 'url') return 'must be an http(s) URL';
      if (issue.format === 'email') return 'must be an email address';
      return `must be a valid ${issue.format}`;
    case 'invalid_value':
      return `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}`;
    case 'custom':
      // Our own refinements carry a message written for people (no values in it).
      return issue.message;
    default:
      return issue.code.replace(/_/g, ' ');
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** The keys an object schema accepts at `path` (through optional, nullable, arrays and refinements). */
function keysAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: unknown = schema;
  for (const step of [...path, null]) {
    current = unwrap(current);
    if (step === null) break;
    const shape = shapeOf(current);
    if (typeof step === 'number') current = elementOf(current);
    else if (shape && typeof step === 'string') current = shape[step];
    else return [];
  }
  return Object.keys(shapeOf(current) ?? {});
}

function unwrap(schema: unknown): unknown {
  let current = schema;
  for (let depth = 0; depth < 10; depth += 1) {
    const def = (current as { def?: { type?: string; innerType?: unknown; in?: unknown } } | undefined)?.def;
    if (def?.type === 'optional' || def?.type === 'nullable' || def?.type === 'default') current = def.innerType;
    else if (def?.type === 'pipe') current = def.in;
    else break;
  }
  return current;
}

function shapeOf(schema: unknown): Record<string, unknown> | null {
  const shape = (schema as { shape?: unknown } | undefined)?.shape;
  return shape && typeof shape === 'object' ? (shape as Record<string, unknown>) : null;
}

function elementOf(schema: unknown): unknown {
  return (schema as { element?: unknown } | undefined)?.element;
}

/** The known key closest to `key` (same letters ignoring case and separators, or one edit away). */
function closest(key: string, known: readonly string[]): string | null {
  const squash = (text: string) => text.toLowerCase().replace(/[_\-\s]/g, '');
  const exact = known.find((candidate) => squash(candidate) === squash(key));
  if (exact) return exact;
  let best: { key: string; distance: number } | null = null;
  for (const candidate of known) {
    const distance = editDistance(squash(candidate), squash(key));
    if (distance <= 2 && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key ?? null;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const row = [i];
    for (let j = 1; j <= b.length; j += 1) {
      row[j] = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length] ?? 0;
}
