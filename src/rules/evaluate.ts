/**
 * `evaluate(rules, record)`: which rules a record matches, and for the others which conditions
 * failed and why, in words.
 *
 * Decisions (docs/decisions/0028-rules-eligibility.md): a record is eligible when at least one
 * *active* rule matches; inactive rules are ignored; with no active rule nothing is eligible (a
 * filter that was switched off lets nothing through rather than everything).
 * @module
 */
import { ValidationError } from '../core/errors.js';
import { parsePath } from './path.js';
import { describeFailure, prepareCondition, runCondition, type PreparedCondition } from './operators.js';
import { RulesSchema, type ConditionOperator, type Rule, type RuleExpression } from './schema.js';

/** A rule as results name it. */
export interface RuleRef {
  /** The rule's id. */
  id: string;
  /** The rule's name. */
  name: string;
}

/** One condition that did not hold, with the reason in words. */
export interface FailedCondition {
  /** The field path, in display form (`location.city`, `custom_fields["team.size"]`). */
  path: string;
  /** The operator. */
  op: ConditionOperator;
  /** True when the condition sits under a `not` (it failed because it held). */
  negated: boolean;
  /** The condition's operand: `value`, `values`, `pattern` or `days`; null for exists / missing. */
  expected: unknown;
  /** The value found: one value, a list when the path reached several, null when none. */
  actual: unknown;
  /** One line for people: `location.city is 'Lyon', expected one of Paris, Remote`. */
  reason: string;
}

/** A rule the record did not match, and the conditions that failed. */
export interface UnmatchedRule {
  /** The rule. */
  rule: RuleRef;
  /** Why it did not match (every failed condition that decided it). */
  failed: FailedCondition[];
}

/** What {@link evaluate} returns. */
export interface Evaluation {
  /** True when at least one active rule matches. */
  eligible: boolean;
  /** The active rules that match, in the order given. */
  matched: RuleRef[];
  /** The active rules that do not match, with their failed conditions. */
  unmatched: UnmatchedRule[];
  /**
   * Paths the active rules read that reached no value in this record (absent, null or an empty
   * list), in display form, each once: often a field the provider does not fill, or a typo.
   */
  missingFields: string[];
  /** One line for logs and reports (`matches "Paris jobs"`, `no active rule`, or the first reasons). */
  summary: string;
}

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** The clock for `within_last_days` (default: the current time). */
  now?: Date | number | (() => Date | number);
}

/** Problems found in rules, each with where it is and what is wrong. */
export interface RuleProblem {
  /** Where, from the rule list: `[1, 'when', 'all', 0, 'op']`. */
  path: (string | number)[];
  /** Where, readable: `rules[1].when.all[0].op` (with the rule id: `rules[1] ("paris-jobs")`). */
  where: string;
  /** What is wrong. */
  message: string;
}

/** Rules that failed validation. A `ValidationError` whose `problems` point into the rule list. */
export class RuleValidationError extends ValidationError {
  /** Every problem found (up to 50). */
  readonly problems: RuleProblem[];
  constructor(problems: RuleProblem[], operation: string) {
    const first = problems.slice(0, 3).map((problem) => `${problem.where}: ${problem.message}`).join('; ');
    super(`Invalid rules (${problems.length} problem${problems.length === 1 ? '' : 's'}): ${first}`, {
      provider: 'rules',
      operation,
      issues: problems.map((problem) => ({ path: problem.path, code: 'invalid_rule' })),
    });
    this.problems = problems;
  }
}

/** The prepared form of each compiled rule list, kept out of the public object. */
const preparedRules = new WeakMap<CompiledRules, readonly PreparedRule[]>();
/** Deepest JSON nesting read before validation, so a hostile document cannot exhaust the stack. */
const MAX_INPUT_NESTING = 64;

/** Rules validated and prepared once (paths parsed, patterns compiled), for many evaluations. */
export interface CompiledRules {
  /** The validated rules, in the order given (inactive ones included). */
  readonly rules: readonly Rule[];
  /** How many rules are active. */
  readonly activeCount: number;
}

type PreparedNode = { kind: 'condition'; prepared: PreparedCondition } | { kind: 'all' | 'any'; children: PreparedNode[] } | { kind: 'not'; child: PreparedNode };
interface PreparedRule {
  ref: RuleRef;
  root: PreparedNode;
}

/**
 * Validates rules (JSON from your database or an admin screen) and returns them typed. Throws a
 * {@link RuleValidationError} saying where each problem is (`rules[0].when.all[1].value`).
 */
export function parseRules(input: unknown): Rule[] {
  return [...compileRules(input).rules];
}

/**
 * Validates and prepares rules for many evaluations (a sync evaluates every record). Throws a
 * {@link RuleValidationError} for bad rules.
 */
export function compileRules(input: unknown, operation = 'compileRules'): CompiledRules {
  if (isCompiled(input)) return input;
  const tooDeep = nestingBeyond(input, MAX_INPUT_NESTING);
  if (tooDeep) throw new RuleValidationError([{ path: tooDeep, where: where(tooDeep, input), message: `Nested more than ${MAX_INPUT_NESTING} levels deep` }], operation);
  const parsed = RulesSchema.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 50).map((issue) => {
      const path = issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part));
      return { path, where: where(path, input), message: issue.message };
    });
    throw new RuleValidationError(problems, operation);
  }
  const rules = parsed.data;
  const prepared = rules.filter((rule) => rule.active).map((rule) => ({ ref: { id: rule.id, name: rule.name }, root: prepare(rule.when) }));
  // The public copy is separate from the prepared one, so editing it cannot change evaluations.
  const compiled: CompiledRules = Object.freeze({ rules: Object.freeze(structuredClone(rules)), activeCount: prepared.length });
  preparedRules.set(compiled, prepared);
  return compiled;
}

/**
 * Evaluates `record` (any unified record: a job, a candidate, an application...) against `rules`
 * (raw JSON, typed {@link Rule}s, or {@link compileRules} output, which skips validation).
 * Throws a {@link RuleValidationError} when the rules are invalid; never throws for a record.
 */
export function evaluate(rules: CompiledRules | readonly Rule[] | unknown, record: unknown, options: EvaluateOptions = {}): Evaluation {
  const compiled = compileRules(rules, 'evaluate');
  const now = clock(options.now);
  const missing = new Set<string>();
  const matched: RuleRef[] = [];
  const unmatched: UnmatchedRule[] = [];
  for (const rule of preparedRules.get(compiled) ?? []) {
    const result = run(rule.root, record, false, now, missing);
    if (result.ok) matched.push(rule.ref);
    else unmatched.push({ rule: rule.ref, failed: result.failures });
  }
  return { eligible: matched.length > 0, matched, unmatched, missingFields: [...missing], summary: summarise(compiled.activeCount, matched, unmatched) };
}

function isCompiled(input: unknown): input is CompiledRules {
  return typeof input === 'object' && input !== null && preparedRules.has(input as CompiledRules);
}

function prepare(expression: RuleExpression): PreparedNode {
  if ('all' in expression) return { kind: 'all', children: expression.all.map(prepare) };
  if ('any' in expression) return { kind: 'any', children: expression.any.map(prepare) };
  if ('not' in expression) return { kind: 'not', child: prepare(expression.not) };
  return { kind: 'condition', prepared: prepareCondition(expression, parsePath(expression.path)) };
}

/**
 * Evaluates a node. `negated` says an odd number of `not`s are above it: the node then succeeds
 * when its test fails. Every child is evaluated (no short cut), so the reasons and the missing
 * fields are complete.
 */
function run(node: PreparedNode, record: unknown, negated: boolean, now: number, missing: Set<string>): { ok: boolean; failures: FailedCondition[] } {
  if (node.kind === 'not') return run(node.child, record, !negated, now, missing);
  if (node.kind === 'condition') {
    const { prepared } = node;
    const outcome = runCondition(prepared, record, now);
    if (outcome.missing) missing.add(prepared.path);
    const ok = outcome.holds !== negated;
    if (ok) return { ok, failures: [] };
    return {
      ok,
      failures: [
        {
          path: prepared.path,
          op: prepared.condition.op,
          negated,
          expected: operand(prepared),
          actual: outcome.actual,
          reason: describeFailure(prepared, outcome, negated),
        },
      ],
    };
  }
  const results = node.children.map((child) => run(child, record, negated, now, missing));
  // "all" (or "not any") needs every child; "any" (or "not all") needs one.
  const everyChild = (node.kind === 'all') !== negated;
  const ok = everyChild ? results.every((result) => result.ok) : results.some((result) => result.ok);
  return { ok, failures: ok ? [] : results.flatMap((result) => result.failures) };
}

function operand(prepared: PreparedCondition): unknown {
  const { condition } = prepared;
  switch (condition.op) {
    case 'one_of':
      return condition.values;
    case 'matches':
      return condition.pattern;
    case 'within_last_days':
      return condition.days;
    case 'exists':
    case 'missing':
      return null;
    default:
      return condition.value;
  }
}

function summarise(active: number, matched: RuleRef[], unmatched: UnmatchedRule[]): string {
  if (active === 0) return 'no active rule';
  if (matched.length > 0) return `matches ${matched.map((rule) => `"${rule.name}"`).join(', ')}`;
  const reasons = unmatched.slice(0, 3).map((entry) => `"${entry.rule.name}": ${entry.failed[0]?.reason ?? 'did not match'}`);
  return `no rule matches (${reasons.join('; ')}${unmatched.length > 3 ? `; ${unmatched.length - 3} more` : ''})`;
}

function clock(now: EvaluateOptions['now']): number {
  const value = typeof now === 'function' ? now() : now;
  if (value === undefined) return Date.now();
  return value instanceof Date ? value.getTime() : value;
}

/** `rules[1] ("paris-jobs").when.all[0].op` for a path into the rule list. */
function where(path: readonly (string | number)[], input: unknown): string {
  let text = 'rules';
  path.forEach((part, index) => {
    if (typeof part === 'number') {
      text += `[${part}]`;
      if (index === 0 && Array.isArray(input)) {
        const id = (input[part] as { id?: unknown } | undefined)?.id;
        if (typeof id === 'string') text += ` (${JSON.stringify(id.slice(0, 60))})`;
      }
    } else text += `.${part}`;
  });
  return text;
}

/** The path of the first place nested deeper than `limit`, or null (iterative walk). */
function nestingBeyond(input: unknown, limit: number): (string | number)[] | null {
  const stack: [unknown, (string | number)[]][] = [[input, []]];
  while (stack.length > 0) {
    const [value, path] = stack.pop() as [unknown, (string | number)[]];
    if (value === null || typeof value !== 'object') continue;
    if (path.length > limit) return path.slice(0, limit + 1);
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
    for (const [key, child] of entries) stack.push([child, [...path, key]]);
  }
  return null;
}
