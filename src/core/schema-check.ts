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
 * It reads zod 4's schema definitions (`schema._zod.def`) once into a small description of what
 * the schema accepts; a definition it does not know becomes "cannot vouch", so a zod upgrade that
 * changes them costs speed, never correctness, and the test that every unified schema compiles
 * fully catches it. That description becomes one generated function per schema (as zod itself
 * does for its object parsers), or, where the runtime refuses `new Function` or zod's `jitless`
 * setting is on, a tree of closures with the same verdicts.
 */
import { config as zodConfig, type z } from 'zod';

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
/** Each schema's check as read from its definition (the closures backend of the tests is built from it). */
const referenceChecks = new WeakMap<object, Check>();

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
    const check = compile(schema as unknown as Schema, '$', missing);
    acceptor = generated(check) ?? closures(check);
    compiled.set(schema, acceptor);
    referenceChecks.set(schema, check);
    gaps.set(schema, missing);
    outputs.set(schema, topLevelOrder(schema as unknown as Schema));
  }
  return acceptor;
}

/**
 * The check of `schema` built as closures: the same verdicts as {@link acceptorOf}'s generated
 * function, and what it is when the runtime refuses generated code. For the tests that hold the
 * two backends together.
 */
export function closureAcceptorOf(schema: z.ZodType): Acceptor {
  acceptorOf(schema);
  return closures(referenceChecks.get(schema)!);
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

/**
 * What a schema accepts, read once from its zod definition: the one interpretation of zod's
 * definitions, which both backends ({@link generated} and {@link closures}) turn into a check.
 */
type Check =
  | { kind: 'always' }
  | { kind: 'never' }
  | { kind: 'null' }
  | { kind: 'boolean' }
  | { kind: 'string'; length: Lengths; patterns: RegExp[]; refinements: Acceptor[] }
  | { kind: 'number'; integer: boolean; low: number; lowInclusive: boolean; high: number; highInclusive: boolean; refinements: Acceptor[] }
  | { kind: 'oneOf'; values: Set<unknown> }
  | { kind: 'predicate'; test: Acceptor }
  | { kind: 'optional' | 'nullable'; inner: Check }
  | { kind: 'union'; options: Check[] }
  | { kind: 'both'; first: Check; second: Check }
  | { kind: 'array'; length: Lengths; element: Check }
  | { kind: 'record'; value: Check }
  | { kind: 'object'; fields: { name: string; check: Check; optional: boolean }[]; extraKeysKept: boolean };

/** The lengths a string or an array may have (inclusive). */
interface Lengths {
  min: number;
  max: number;
}

const ALWAYS_CHECK: Check = { kind: 'always' };
const NEVER_CHECK: Check = { kind: 'never' };

function compile(schema: Schema, path: string, missing: string[]): Check {
  const def = schema._zod.def;
  const gap = (reason: string): Check => {
    missing.push(`${path}: ${reason}`);
    return NEVER_CHECK;
  };
  if ('coerce' in def && def.coerce) return gap('coercion');
  switch (def.type) {
    case 'unknown':
    case 'any':
      return ALWAYS_CHECK;
    case 'null':
      return { kind: 'null' };
    case 'boolean':
      return plain(def, gap, { kind: 'boolean' });
    case 'string':
      return compileString(schema, gap);
    case 'number':
      return compileNumber(def, gap);
    case 'enum':
      return plain(def, gap, { kind: 'oneOf', values: new Set(Object.values(def.entries ?? {})) });
    case 'literal':
      return plain(def, gap, { kind: 'oneOf', values: new Set(def.values ?? []) });
    // Inside an object an absent key is the object's to judge (compileObject); elsewhere (a
    // record's value, an array's element) `undefined` passes through zod unchanged.
    case 'optional':
    case 'nullable':
      return { kind: def.type, inner: compile(def.innerType!, path, missing) };
    case 'union': {
      // An option with a transform compiles to "never": the value is then zod's to transform.
      const options = (def.options ?? []).map((option, index) => compile(option, `${path}|${index}`, []));
      if (def.checks?.length) return gap('union checks');
      return { kind: 'union', options };
    }
    case 'custom': {
      // `z.custom(fn)`: zod passes the value through unchanged when `fn` answers truthy.
      const test = def.checks?.length ? null : refinement(def as CheckDefinition);
      return test === null ? gap('custom') : { kind: 'predicate', test };
    }
    case 'pipe':
      // zod runs `out` on what `in` returned, which is the value itself when `in` is vouched for.
      return { kind: 'both', first: compile(def.in!, path, missing), second: compile(def.out!, path, missing) };
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
function plain(def: Definition, gap: (reason: string) => Check, check: Check): Check {
  if (def.checks?.length) return gap(`${def.type} checks`);
  return check;
}

/** The length checks zod applies to strings and arrays; null when a check is not a length check. */
function lengthChecks(def: Definition): Lengths | null {
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
  return { min, max };
}

/** The string formats zod 4 checks with its pattern alone (no other code). */
const PATTERN_FORMATS = new Set(['datetime', 'date', 'time', 'regex']);

function compileString(schema: Schema, gap: (reason: string) => Check): Check {
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
  const length = lengthChecks(lengthDef);
  if (length === null) return gap('string checks');
  return { kind: 'string', length, patterns, refinements };
}

function compileNumber(def: Definition, gap: (reason: string) => Check): Check {
  const check = { kind: 'number' as const, integer: false, low: Number.NEGATIVE_INFINITY, lowInclusive: true, high: Number.POSITIVE_INFINITY, highInclusive: true, refinements: [] as Acceptor[] };
  for (const entry of def.checks ?? []) {
    const c = entry._zod.def;
    const refined = refinement(c);
    if (refined !== null) check.refinements.push(refined);
    else if (c.check === 'number_format' && c.format === 'safeint') check.integer = true;
    else if (c.check === 'greater_than' && typeof c.value === 'number') {
      check.low = c.value;
      check.lowInclusive = c.inclusive === true;
    } else if (c.check === 'less_than' && typeof c.value === 'number') {
      check.high = c.value;
      check.highInclusive = c.inclusive === true;
    } else return gap(`number check ${c.check}`);
  }
  return check;
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

function compileArray(def: Definition, path: string, missing: string[], gap: (reason: string) => Check): Check {
  const length = lengthChecks(def);
  if (length === null) return gap('array checks');
  return { kind: 'array', length, element: compile(def.element!, `${path}[]`, missing) };
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

function compileRecord(def: Definition, path: string, missing: string[], gap: (reason: string) => Check): Check {
  const key = def.keyType!._zod.def;
  if (key.type !== 'string' || key.checks?.length || key.format !== undefined || key.coerce) return gap('record key other than a plain string');
  if (def.checks?.length) return gap('record checks');
  const valueType = def.valueType!;
  const anyValue = valueType._zod.def.type === 'unknown' || valueType._zod.def.type === 'any';
  return { kind: 'record', value: anyValue ? ALWAYS_CHECK : compile(valueType, `${path}{}`, missing) };
}

function compileObject(def: Definition, path: string, missing: string[], gap: (reason: string) => Check): Check {
  if (def.checks?.length) return gap('object checks');
  const catchall = def.catchall?._zod.def.type;
  // zod 4: no catchall strips unknown keys (the output would differ), `never` rejects them,
  // `unknown` (looseObject) keeps them as they are.
  const extraKeysKept = catchall === 'unknown' || catchall === 'any';
  if (catchall !== undefined && catchall !== 'never' && !extraKeysKept) return gap(`object catchall ${catchall}`);
  const fields = Object.entries(def.shape ?? {}).map(([name, field]) => {
    // An optional field: zod lets the key be absent (but not present as `undefined`).
    const optional = field._zod.def.type === 'optional';
    return { name, optional, check: compile(optional ? field._zod.def.innerType! : field, `${path}.${name}`, missing) };
  });
  return { kind: 'object', fields, extraKeysKept };
}

/**
 * The check as closures, one per part: the backend when the runtime forbids generated code
 * (`new Function` under a strict CSP, or zod's `jitless` setting), and the reference the tests
 * hold {@link generated} to.
 */
function closures(check: Check): Acceptor {
  switch (check.kind) {
    case 'always':
      return ALWAYS;
    case 'never':
      return NEVER;
    case 'null':
      return (value) => value === null;
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'string': {
      const { length, patterns, refinements } = check;
      return (value) => {
        if (typeof value !== 'string' || value.length < length.min || value.length > length.max) return false;
        for (const pattern of patterns) {
          pattern.lastIndex = 0;
          if (!pattern.test(value)) return false;
        }
        for (const refined of refinements) if (!refined(value)) return false;
        return true;
      };
    }
    case 'number': {
      const { integer, low, lowInclusive, high, highInclusive, refinements } = check;
      return (value) =>
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (!integer || Number.isSafeInteger(value)) &&
        (lowInclusive ? value >= low : value > low) &&
        (highInclusive ? value <= high : value < high) &&
        refinements.every((refined) => refined(value));
    }
    case 'oneOf': {
      const { values } = check;
      return (value) => values.has(value);
    }
    case 'predicate':
      return check.test;
    case 'optional': {
      const inner = closures(check.inner);
      return (value) => value === undefined || inner(value);
    }
    case 'nullable': {
      const inner = closures(check.inner);
      return (value) => value === null || inner(value);
    }
    case 'union': {
      const options = check.options.map(closures);
      return (value) => {
        for (const option of options) if (option(value)) return true;
        return false;
      };
    }
    case 'both': {
      const first = closures(check.first);
      const second = closures(check.second);
      return (value) => first(value) && second(value);
    }
    case 'array': {
      const { length } = check;
      const element = closures(check.element);
      return (value) => {
        if (!Array.isArray(value) || value.length < length.min || value.length > length.max) return false;
        for (let index = 0; index < value.length; index += 1) if (!element(value[index])) return false;
        return true;
      };
    }
    case 'record': {
      const anyValue = check.value === ALWAYS_CHECK;
      const element = closures(check.value);
      return (value) => {
        if (!plainObject(value)) return false;
        if (anyValue) return true;
        for (const name of Object.keys(value)) if (!element(value[name])) return false;
        return true;
      };
    }
    case 'object': {
      const { extraKeysKept } = check;
      const names = check.fields.map((field) => field.name);
      const checks = check.fields.map((field) => ({ accept: closures(field.check), optional: field.optional }));
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
  }
}

/**
 * The check as one generated function per schema (and per union option): the same tests as
 * {@link closures}, written out with the schema's key names as constants, so V8 reads each field
 * with a monomorphic property access instead of a keyed lookup through a chain of closures (about
 * 3× cheaper on a unified candidate). The source holds only key names (as JSON string literals),
 * small integer lengths and `r[i]` references to values (patterns, sets, bounds, refinements):
 * nothing from the checked value. Null when the runtime refuses `new Function`.
 */
function generated(check: Check): Acceptor | null {
  if (!codeAllowed()) return null;
  const refs: unknown[] = [];
  let variables = 0;
  const ref = (value: unknown): string => {
    refs.push(value);
    return `r[${refs.length - 1}]`;
  };
  const literal = (length: number): string => (Number.isSafeInteger(length) ? String(length) : ref(length));
  const fresh = (): string => `v${(variables += 1)}`;
  /** Statements that `return false` unless the value in variable `v` passes `part`. */
  const emit = (part: Check, v: string): string => {
    switch (part.kind) {
      case 'always':
        return '';
      case 'never':
        return 'return false;';
      case 'null':
        return `if (${v} !== null) return false;`;
      case 'boolean':
        return `if (typeof ${v} !== "boolean") return false;`;
      case 'string': {
        let code = `if (typeof ${v} !== "string") return false;`;
        if (part.length.min > 0) code += `if (${v}.length < ${literal(part.length.min)}) return false;`;
        if (part.length.max !== Number.POSITIVE_INFINITY) code += `if (${v}.length > ${literal(part.length.max)}) return false;`;
        for (const pattern of part.patterns) {
          const name = ref(pattern);
          code += `${name}.lastIndex = 0; if (!${name}.test(${v})) return false;`;
        }
        for (const refined of part.refinements) code += `if (!${ref(refined)}(${v})) return false;`;
        return code;
      }
      case 'number': {
        let code = `if (typeof ${v} !== "number" || !Number.isFinite(${v})) return false;`;
        if (part.integer) code += `if (!Number.isSafeInteger(${v})) return false;`;
        if (part.low !== Number.NEGATIVE_INFINITY || !part.lowInclusive) code += `if (!(${v} ${part.lowInclusive ? '>=' : '>'} ${ref(part.low)})) return false;`;
        if (part.high !== Number.POSITIVE_INFINITY || !part.highInclusive) code += `if (!(${v} ${part.highInclusive ? '<=' : '<'} ${ref(part.high)})) return false;`;
        for (const refined of part.refinements) code += `if (!${ref(refined)}(${v})) return false;`;
        return code;
      }
      case 'oneOf':
        return `if (!${ref(part.values)}.has(${v})) return false;`;
      case 'predicate':
        return `if (!${ref(part.test)}(${v})) return false;`;
      case 'optional':
        return `if (${v} !== undefined) {${emit(part.inner, v)}}`;
      case 'nullable':
        return `if (${v} !== null) {${emit(part.inner, v)}}`;
      case 'union': {
        // Each option is a function of its own: "any of" cannot use the early `return false`.
        const options = part.options.map((option) => `${ref(generated(option))}(${v})`);
        return options.length === 0 ? 'return false;' : `if (!(${options.join(' || ')})) return false;`;
      }
      case 'both':
        return emit(part.first, v) + emit(part.second, v);
      case 'array': {
        const index = fresh();
        const element = fresh();
        let code = `if (!Array.isArray(${v})) return false;`;
        if (part.length.min > 0) code += `if (${v}.length < ${literal(part.length.min)}) return false;`;
        if (part.length.max !== Number.POSITIVE_INFINITY) code += `if (${v}.length > ${literal(part.length.max)}) return false;`;
        const body = emit(part.element, element);
        if (body !== '') code += `for (let ${index} = 0; ${index} < ${v}.length; ${index} += 1) { const ${element} = ${v}[${index}]; ${body} }`;
        return code;
      }
      case 'record': {
        let code = `if (!plainObject(${v})) return false;`;
        const element = fresh();
        const body = emit(part.value, element);
        if (body !== '') code += `for (const ${element}Key of Object.keys(${v})) { const ${element} = ${v}[${element}Key]; ${body} }`;
        return code;
      }
      case 'object': {
        let code = `if (!plainObject(${v})) return false;`;
        const counted = part.fields.some((field) => field.optional);
        const present = fresh();
        if (counted && !part.extraKeysKept) code += `let ${present} = 0;`;
        const count = counted && !part.extraKeysKept ? `${present} += 1;` : '';
        for (const field of part.fields) {
          const name = JSON.stringify(field.name);
          const value = fresh();
          const body = emit(field.check, value);
          code += `const ${value} = ${v}[${name}];`;
          if (!field.optional) code += `if (${value} === undefined) return false; ${body} ${count}`;
          // Absent and optional: zod leaves it absent. Present as `undefined`: zod decides.
          else code += `if (${value} === undefined) { if (${name} in ${v}) return false; } else { ${body} ${count} }`;
        }
        if (!part.extraKeysKept) code += `if (Object.keys(${v}).length !== ${counted ? present : literal(part.fields.length)}) return false;`;
        return code;
      }
    }
  };
  const body = emit(check, 'v0');
  return new Function('r', 'plainObject', `"use strict"; return function check(v0) { ${body} return true; };`)(refs, plainObject) as Acceptor;
}

/** Whether generated checks may be used: zod's `jitless` is off and `new Function` works here. */
function codeAllowed(): boolean {
  if (allowed === undefined) {
    try {
      allowed = !(zodConfig().jitless ?? false) && typeof new Function('return 1') === 'function';
    } catch {
      allowed = false;
    }
  }
  return allowed;
}

let allowed: boolean | undefined;
