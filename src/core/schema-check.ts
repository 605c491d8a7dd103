/**
 * A fast path in front of zod for values that are already valid: {@link checkedParse} first runs a
 * check compiled once per schema from the schema's own definition, which walks the value without
 * copying it, and only when that check cannot vouch for the value runs zod's `safeParse` (which
 * then gives the issues, or the transformed output). Decision 0076.
 *
 * The compiled check is *sound, not complete*: it answers `true` only when zod would accept the
 * value and return an equal value (same keys, same primitives, no transform, no default, no
 * stripped key). Anything it does not model (a transform, a refinement, a string format other than
 * a pattern, an optional key given as `undefined`, a class instance, a `__proto__` key) makes it
 * answer `false`, and zod decides. So a valid record costs one walk and no allocation, and an invalid
 * one costs what it always did. `test/core/schema-check.test.ts` holds the two sides together on
 * every unified schema with mutated records.
 *
 * A check's `when` (zod's condition for running it) is ignored: running a check zod might skip can
 * only make the fast path stricter, never let through what zod rejects.
 *
 * It reads zod 4's schema definitions (`schema._zod.def`); a definition it does not know compiles
 * to "cannot vouch", so a zod upgrade that changes them costs speed, never correctness, and the
 * test that every unified schema compiles fully catches it.
 */
import type { z } from 'zod';

/** A compiled check: `true` when zod would accept `value` unchanged. */
export type Acceptor = (value: unknown) => boolean;

/** The parts of a zod 4 definition the compiler reads. */
interface Definition {
  type: string;
  checks?: readonly { _zod: { def: CheckDefinition } }[];
  coerce?: boolean;
  format?: string;
  pattern?: RegExp;
  innerType?: Schema;
  element?: Schema;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  keyType?: Schema;
  valueType?: Schema;
  options?: readonly Schema[];
  in?: Schema;
  out?: Schema;
  entries?: Record<string, unknown>;
  values?: readonly unknown[];
  mode?: string;
}

interface CheckDefinition {
  check: string;
  minimum?: number;
  maximum?: number;
  length?: number;
  format?: string;
  pattern?: RegExp;
  value?: number | bigint;
  inclusive?: boolean;
  type?: string;
  fn?: (value: unknown) => unknown;
}

interface Schema {
  _zod: { def: Definition; pattern?: RegExp };
}

const NEVER: Acceptor = () => false;
const ALWAYS: Acceptor = () => true;

/** Each schema's compiled check, built on first use. */
const compiled = new WeakMap<object, Acceptor>();
/** Each schema's output of a vouched value: a copy of the top object with zod's key order, or the value itself. */
const outputs = new WeakMap<object, (value: unknown) => unknown>();
/** Each schema's parts the compiler cannot check (for the test that all unified schemas compile fully). */
const gaps = new WeakMap<object, string[]>();

/**
 * Parses `value` with `schema`: the value itself when the compiled check vouches for it (zod would
 * return an equal value), otherwise zod's `safeParse` result. Same result type as `safeParse`.
 */
export function checkedParse<T>(schema: z.ZodType<T>, value: unknown): z.ZodSafeParseResult<T> {
  if (acceptorOf(schema)(value)) return { success: true, data: outputs.get(schema)!(value) as T };
  return schema.safeParse(value);
}

/** The compiled check of `schema` (built once, then cached with the schema). */
export function acceptorOf(schema: z.ZodType): Acceptor {
  let acceptor = compiled.get(schema);
  if (acceptor === undefined) {
    const missing: string[] = [];
    acceptor = compile(schema as unknown as Schema, '$', missing);
    compiled.set(schema, acceptor);
    gaps.set(schema, missing);
    outputs.set(schema, topLevelOrder(schema as unknown as Schema));
  }
  return acceptor;
}

/**
 * Where the compiled check of `schema` always defers to zod (paths such as `$.tags[]` with the
 * reason); empty when every part is checked by the fast path.
 */
export function uncheckedParts(schema: z.ZodType): readonly string[] {
  acceptorOf(schema);
  return gaps.get(schema) ?? [];
}

/**
 * zod returns an object's keys in the schema's order, and a record as the caller built it may list
 * them otherwise (mappers spread the common fields last, decision 0006): the top object of a strict
 * schema (a unified record) is copied in the schema's order so a record reads and serialises as
 * before (`id` first); a record already built in that order is returned as it is. A loose object (a provider's raw item, kept in `remote_data`) is returned as
 * the provider sent it, its keys in the provider's order. Nested objects are kept as built; their
 * content is the same either way.
 */
function topLevelOrder(schema: Schema): (value: unknown) => unknown {
  const def = schema._zod.def;
  if (def.type !== 'object' || def.catchall === undefined || def.catchall._zod.def.type !== 'never') return (value) => value;
  const names = Object.keys(def.shape ?? {});
  return (value) => {
    const input = value as Record<string, unknown>;
    // Built in the schema's order already (the check vouched there is no other key): as it is.
    let position = 0;
    for (const name in input) {
      if (name !== names[position]) break;
      position += 1;
    }
    if (position === names.length) return input;
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const field = input[name];
      if (field !== undefined) out[name] = field;
    }
    return out;
  };
}

function compile(schema: Schema, path: string, missing: string[]): Acceptor {
  const def = schema._zod.def;
  const gap = (reason: string): Acceptor => {
    missing.push(`${path}: ${reason}`);
    return NEVER;
  };
  if ('coerce' in def && def.coerce) return gap('coercion');
  switch (def.type) {
    case 'unknown':
    case 'any':
      return ALWAYS;
    case 'null':
      return (value) => value === null;
    case 'boolean':
      return plain(def, gap, (value) => typeof value === 'boolean');
    case 'string':
      return compileString(schema, gap);
    case 'number':
      return compileNumber(def, gap);
    case 'enum': {
      const allowed = new Set(Object.values(def.entries ?? {}));
      return plain(def, gap, (value) => allowed.has(value));
    }
    case 'literal': {
      const allowed = new Set(def.values ?? []);
      return plain(def, gap, (value) => allowed.has(value));
    }
    case 'optional': {
      // Inside an object an absent key is the object's to judge (compileField); elsewhere
      // (a record's value, an array's element) `undefined` passes through zod unchanged.
      const inner = compile(def.innerType!, path, missing);
      return (value) => value === undefined || inner(value);
    }
    case 'nullable': {
      const inner = compile(def.innerType!, path, missing);
      return (value) => value === null || inner(value);
    }
    case 'union': {
      // An option with a transform compiles to NEVER: the value is then zod's to transform.
      const options = (def.options ?? []).map((option, index) => compile(option, `${path}|${index}`, []));
      if (def.checks?.length) return gap('union checks');
      return (value) => {
        for (const option of options) if (option(value)) return true;
        return false;
      };
    }
    case 'pipe': {
      // zod runs `out` on what `in` returned, which is the value itself when `in` is vouched for.
      const first = compile(def.in!, path, missing);
      const second = compile(def.out!, path, missing);
      return (value) => first(value) && second(value);
    }
    case 'array':
      return compileArray(def, path, missing, gap);
    case 'record':
      return compileRecord(def, path, missing, gap);
    case 'object':
      return compileObject(def, path, missing, gap);
    default:
      return gap(def.type);
  }
}

/** A type check for a schema that may carry no checks of its own. */
function plain(def: Definition, gap: (reason: string) => Acceptor, test: Acceptor): Acceptor {
  if (def.checks?.length) return gap(`${def.type} checks`);
  return test;
}

/** The length checks zod applies to strings and arrays, as one predicate on the length; null when a check is not a length check. */
function lengthChecks(def: Definition): ((length: number) => boolean) | null {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    if (c.check === 'min_length' && typeof c.minimum === 'number') min = Math.max(min, c.minimum);
    else if (c.check === 'max_length' && typeof c.maximum === 'number') max = Math.min(max, c.maximum);
    else if (c.check === 'length_equals' && typeof c.length === 'number') {
      min = Math.max(min, c.length);
      max = Math.min(max, c.length);
    } else return null;
  }
  return (length) => length >= min && length <= max;
}

/** The string formats zod 4 checks with its pattern alone (no other code). */
const PATTERN_FORMATS = new Set(['datetime', 'date', 'time', 'regex']);

function compileString(schema: Schema, gap: (reason: string) => Acceptor): Acceptor {
  const def = schema._zod.def;
  const patterns: RegExp[] = [];
  if (def.format !== undefined) {
    const pattern = def.pattern ?? schema._zod.pattern;
    if (!PATTERN_FORMATS.has(def.format) || !(pattern instanceof RegExp)) return gap(`string format ${def.format}`);
    patterns.push(pattern);
  }
  const lengthDef: Definition = { type: 'string', checks: [] };
  const lengthOnly: { _zod: { def: CheckDefinition } }[] = [];
  const refinements: Acceptor[] = [];
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    const refined = refinement(c);
    if (refined !== null) refinements.push(refined);
    else if (c.check === 'string_format' && c.format !== undefined && PATTERN_FORMATS.has(c.format) && c.pattern instanceof RegExp) patterns.push(c.pattern);
    else lengthOnly.push(check);
  }
  lengthDef.checks = lengthOnly;
  const lengthOk = lengthChecks(lengthDef);
  if (lengthOk === null) return gap('string checks');
  return (value) => {
    if (typeof value !== 'string' || !lengthOk(value.length)) return false;
    for (const pattern of patterns) {
      pattern.lastIndex = 0;
      if (!pattern.test(value)) return false;
    }
    for (const refined of refinements) if (!refined(value)) return false;
    return true;
  };
}

function compileNumber(def: Definition, gap: (reason: string) => Acceptor): Acceptor {
  let integer = false;
  let low = Number.NEGATIVE_INFINITY;
  let lowInclusive = true;
  let high = Number.POSITIVE_INFINITY;
  let highInclusive = true;
  const refinements: Acceptor[] = [];
  for (const check of def.checks ?? []) {
    const c = check._zod.def;
    const refined = refinement(c);
    if (refined !== null) refinements.push(refined);
    else if (c.check === 'number_format' && c.format === 'safeint') integer = true;
    else if (c.check === 'greater_than' && typeof c.value === 'number') {
      low = c.value;
      lowInclusive = c.inclusive === true;
    } else if (c.check === 'less_than' && typeof c.value === 'number') {
      high = c.value;
      highInclusive = c.inclusive === true;
    } else return gap(`number check ${c.check}`);
  }
  return (value) =>
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isSafeInteger(value)) &&
    (lowInclusive ? value >= low : value > low) &&
    (highInclusive ? value <= high : value < high) &&
    refinements.every((refined) => refined(value));
}

/**
 * A `.refine(fn)` check as a predicate: zod passes a value when `fn(value)` is truthy; the fast path
 * vouches only when it is exactly `true` (a promise, a throw or any other answer defers to zod).
 * Null when `c` is another kind of check (`superRefine` and `.check` have no `fn`).
 */
function refinement(c: CheckDefinition): Acceptor | null {
  if (c.check !== 'custom' || c.type !== 'custom' || typeof c.fn !== 'function') return null;
  const fn = c.fn;
  return (value) => {
    try {
      return fn(value) === true;
    } catch {
      return false;
    }
  };
}

function compileArray(def: Definition, path: string, missing: string[], gap: (reason: string) => Acceptor): Acceptor {
  const lengthOk = lengthChecks(def);
  if (lengthOk === null) return gap('array checks');
  const element = compile(def.element!, `${path}[]`, missing);
  return (value) => {
    if (!Array.isArray(value) || !lengthOk(value.length)) return false;
    for (let index = 0; index < value.length; index += 1) if (!element(value[index])) return false;
    return true;
  };
}

/**
 * Whether zod 4 takes `value` as a plain object (`util.isPlainObject`) with no key it would drop
 * from its output: an own `__proto__` (which `JSON.parse` can create) defers to zod. Symbol-keyed
 * properties are not looked for (listing them costs a walk of every key): no JSON value has them,
 * and zod, which copies string keys only, would leave them out of its copy where the fast path
 * keeps the object with them.
 */
function plainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  return !Object.hasOwn(value, '__proto__');
}

function compileRecord(def: Definition, path: string, missing: string[], gap: (reason: string) => Acceptor): Acceptor {
  const key = def.keyType!._zod.def;
  if (key.type !== 'string' || key.checks?.length || key.format !== undefined || key.coerce) return gap('record key other than a plain string');
  if (def.checks?.length) return gap('record checks');
  const valueType = def.valueType!;
  const anyValue = valueType._zod.def.type === 'unknown' || valueType._zod.def.type === 'any';
  const element = anyValue ? ALWAYS : compile(valueType, `${path}{}`, missing);
  return (value) => {
    if (!plainObject(value)) return false;
    if (anyValue) return true;
    for (const name of Object.keys(value)) if (!element(value[name])) return false;
    return true;
  };
}

function compileObject(def: Definition, path: string, missing: string[], gap: (reason: string) => Acceptor): Acceptor {
  if (def.checks?.length) return gap('object checks');
  const catchall = def.catchall?._zod.def.type;
  // zod 4: no catchall strips unknown keys (the output would differ), `never` rejects them,
  // `unknown` (looseObject) keeps them as they are.
  const extraKeysKept = catchall === 'unknown' || catchall === 'any';
  if (catchall !== undefined && catchall !== 'never' && !extraKeysKept) return gap(`object catchall ${catchall}`);
  const entries = Object.entries(def.shape ?? {});
  const names = entries.map(([name]) => name);
  const checks = entries.map(([name, field]) => compileField(field, `${path}.${name}`, missing));
  const count = names.length;
  return (value) => {
    if (!plainObject(value)) return false;
    let present = 0;
    for (let index = 0; index < count; index += 1) {
      const name = names[index]!;
      const field = value[name];
      if (field === undefined) {
        // Absent and optional: zod leaves it absent. Present as `undefined`, or required: zod decides.
        if (checks[index]!.optional && !(name in value)) continue;
        return false;
      }
      if (!checks[index]!.accept(field)) return false;
      present += 1;
    }
    return extraKeysKept || Object.keys(value).length === present;
  };
}

/** A field of an object: its check, and whether zod lets the key be absent. */
function compileField(field: Schema, path: string, missing: string[]): { accept: Acceptor; optional: boolean } {
  const def = field._zod.def;
  if (def.type === 'optional') return { accept: compile(def.innerType!, path, missing), optional: true };
  return { accept: compile(field, path, missing), optional: false };
}
