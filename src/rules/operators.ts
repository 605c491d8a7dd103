/**
 * The condition operators: whether the values a path reached satisfy a condition, and the one-line
 * reason when they do not ("location.city is 'Lyon', expected one of Paris, Remote").
 * @module
 */
import { formatPath, readPath, type PathSegment } from './path.js';
import { compileSafePattern, MAX_MATCH_INPUT_LENGTH, type SafePattern } from './safe-regex.js';
import { isIsoDate, type Condition } from './schema.js';

const DAY_MS = 86_400_000;

/** A condition made ready to run: its path parsed and its pattern compiled, once. */
export interface PreparedCondition {
  condition: Condition;
  segments: PathSegment[];
  /** The display form of the path. */
  path: string;
  pattern: SafePattern | null;
}

/** Prepares a validated condition. */
export function prepareCondition(condition: Condition, segments: PathSegment[]): PreparedCondition {
  const pattern = condition.op === 'matches' ? compileSafePattern(condition.pattern, { ignoreCase: condition.case_insensitive ?? false }) : null;
  return { condition, segments, path: formatPath(segments), pattern };
}

/** The outcome of one condition on one record. */
export interface ConditionOutcome {
  /** Whether the condition holds. */
  holds: boolean;
  /** The value reached (one value), the values (several), or null when there is none. */
  actual: unknown;
  /** True when the path reached no value (absent, null or an empty list). */
  missing: boolean;
  /** How the actual value reads in a reason (`'Lyon'`, `missing`, `null`). */
  shown: string;
}

/** Runs one prepared condition against a record. `now` is the clock for `within_last_days`. */
export function runCondition(prepared: PreparedCondition, record: unknown, now: number): ConditionOutcome {
  const { values, present } = readPath(record, prepared.segments);
  const missing = values.length === 0;
  const actual = values.length === 0 ? null : values.length === 1 ? values[0] : values;
  const shown = missing ? (present ? 'empty' : 'missing') : showValue(actual);
  return { holds: holds(prepared, values, now), actual, missing, shown };
}

function holds(prepared: PreparedCondition, values: readonly unknown[], now: number): boolean {
  const { condition } = prepared;
  const fold = (text: string) => ('case_insensitive' in condition && condition.case_insensitive ? text.toLowerCase() : text);
  switch (condition.op) {
    case 'exists':
      return values.length > 0;
    case 'missing':
      return values.length === 0;
    case 'equals':
      return values.some((value) => sameScalar(value, condition.value, fold));
    case 'one_of':
      return values.some((value) => condition.values.some((expected) => sameScalar(value, expected, fold)));
    case 'contains':
      return values.some((value) =>
        typeof value === 'string' && typeof condition.value === 'string' ? fold(value).includes(fold(condition.value)) : sameScalar(value, condition.value, fold),
      );
    case 'starts_with':
      return values.some((value) => typeof value === 'string' && fold(value).startsWith(fold(condition.value)));
    case 'matches':
      return values.some((value) => typeof value === 'string' && (prepared.pattern as SafePattern).test(value));
    case 'greater_than':
    case 'less_than': {
      const bound = comparable(condition.value, typeof condition.value === 'number' ? 'number' : 'date');
      return values.some((value) => {
        const actual = comparable(value, typeof condition.value === 'number' ? 'number' : 'date');
        if (actual === null || bound === null) return false;
        return condition.op === 'greater_than' ? actual > bound : actual < bound;
      });
    }
    case 'within_last_days':
      return values.some((value) => {
        const time = comparable(value, 'date');
        return time !== null && time <= now && time >= now - condition.days * DAY_MS;
      });
  }
}

/** Scalars compare strictly, except that a numeric string equals its number (providers mix them). */
function sameScalar(actual: unknown, expected: unknown, fold: (text: string) => string): boolean {
  if (typeof actual === 'string' && typeof expected === 'string') return fold(actual) === fold(expected);
  if (typeof expected === 'number' && typeof actual === 'string') return isNumeric(actual) && Number(actual) === expected;
  if (typeof actual === 'number' && typeof expected === 'string') return isNumeric(expected) && Number(expected) === actual;
  return actual === expected;
}

const isNumeric = (text: string) => /^-?\d+(?:\.\d+)?$/.test(text.trim());

/** A number, or a date as epoch ms, or null when the value is neither. */
function comparable(value: unknown, kind: 'number' | 'date'): number | null {
  if (kind === 'number') {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    return typeof value === 'string' && isNumeric(value) ? Number(value) : null;
  }
  return typeof value === 'string' && isIsoDate(value) ? Date.parse(value) : null;
}

/** The expectation of a condition in words (`one of Paris, Remote`), negated when `negated`. */
export function describeExpectation(condition: Condition, negated: boolean): string {
  const not = negated ? 'not ' : '';
  switch (condition.op) {
    case 'exists':
      return negated ? 'no value' : 'a value';
    case 'missing':
      return negated ? 'a value' : 'no value';
    case 'equals':
      return `${not}${showValue(condition.value)}${caseNote(condition)}`;
    case 'one_of':
      return `${not}one of ${condition.values.map((value) => (typeof value === 'string' ? truncate(value) : showValue(value))).join(', ')}${caseNote(condition)}`;
    case 'contains':
      return `${not}to contain ${showValue(condition.value)}${caseNote(condition)}`;
    case 'starts_with':
      return `${not}to start with ${showValue(condition.value)}${caseNote(condition)}`;
    case 'matches':
      return `${not}to match /${condition.pattern}/${condition.case_insensitive ? 'i' : ''}`;
    case 'greater_than':
      return `${not}greater than ${showValue(condition.value)}`;
    case 'less_than':
      return `${not}less than ${showValue(condition.value)}`;
    case 'within_last_days':
      return `${not}within the last ${condition.days} day${condition.days === 1 ? '' : 's'}`;
  }
}

/** Why a condition failed, in one line. */
export function describeFailure(prepared: PreparedCondition, outcome: ConditionOutcome, negated: boolean): string {
  const { condition } = prepared;
  let state = outcome.shown;
  if (!outcome.missing && condition.op === 'matches' && typeof outcome.actual === 'string' && outcome.actual.length > MAX_MATCH_INPUT_LENGTH) {
    state = `${state} (longer than ${MAX_MATCH_INPUT_LENGTH} characters, not matched)`;
  }
  return `${prepared.path} is ${state}, expected ${describeExpectation(condition, negated)}`;
}

function caseNote(condition: { case_insensitive?: boolean | undefined }): string {
  return condition.case_insensitive ? ' (any case)' : '';
}

/** A short, single-line rendering of a value for reasons. */
export function showValue(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${truncate(value)}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) {
    const shown = value.slice(0, 5).map(showValue).join(', ');
    return `[${shown}${value.length > 5 ? `, … ${value.length - 5} more` : ''}]`;
  }
  return truncate(JSON.stringify(value) ?? String(value));
}

/** Cuts long text and keeps it on one line. */
function truncate(text: string, limit = 60): string {
  const oneLine = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return oneLine.length > limit ? `${oneLine.slice(0, limit)}…` : oneLine;
}
