/**
 * Rules as data: the zod schemas and their types. A rule is plain JSON (store it in a database,
 * edit it in an admin screen), validated here before it is used.
 *
 * ```json
 * { "id": "paris-jobs", "name": "Open jobs in Paris or remote", "active": true,
 *   "when": { "all": [
 *     { "path": "status", "op": "equals", "value": "OPEN" },
 *     { "path": "location.city", "op": "one_of", "values": ["Paris", "Remote"] } ] } }
 * ```
 * @module
 */
import { z } from 'zod';
import { parsePath, PathSyntaxError, type PathSegment } from './path.js';
import { compileSafePattern, MAX_PATTERN_LENGTH, PatternError } from './safe-regex.js';

/** Deepest nesting of `all` / `any` / `not` in one rule. */
export const MAX_RULE_DEPTH = 8;
/** Most conditions in one rule. */
export const MAX_RULE_CONDITIONS = 100;
/** Most rules in one list. */
export const MAX_RULES = 1000;
/** Most values in a `one_of` list. */
export const MAX_ONE_OF_VALUES = 200;
/** Longest string compared by a condition value. */
const MAX_VALUE_LENGTH = 1000;

/** A field path: `location.city`, `custom_fields["team.size"]`, or the segments as a list. */
export const RulePathSchema = z
  .union([z.string().min(1).max(500), z.array(z.union([z.string().min(1).max(200), z.number().int().min(0)])).min(1)], {
    error: 'A path is a string such as "location.city" or a list of segments such as ["custom_fields", "team.size"]',
  })
  .superRefine((path, context) => {
    try {
      parsePath(path);
    } catch (error) {
      if (!(error instanceof PathSyntaxError)) throw error;
      context.addIssue({ code: 'custom', message: error.message });
    }
  });

/** A value compared by `equals` and `one_of`. */
export const ScalarSchema = z.union([z.string().max(MAX_VALUE_LENGTH), z.number().finite(), z.boolean(), z.null()], {
  error: 'Expected a string, a number, true, false or null',
});

/** An ISO 8601 date or date-time (`2024-05-01`, `2024-05-01T08:00:00Z`). */
const IsoDateSchema = z.string().refine((text) => isIsoDate(text), 'Expected a number or an ISO 8601 date such as 2024-05-01 or 2024-05-01T08:00:00Z');

/** True when `text` is an ISO 8601 date or date-time that parses. */
export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i.test(text) && !Number.isNaN(Date.parse(text));
}

const caseInsensitive = z.boolean().optional();
const path = RulePathSchema;

/** Every condition operator, by its `op`. */
export const ConditionSchema = z.discriminatedUnion(
  'op',
  [
    z.strictObject({ path, op: z.literal('equals'), value: ScalarSchema, case_insensitive: caseInsensitive }),
    z.strictObject({ path, op: z.literal('one_of'), values: z.array(ScalarSchema).min(1).max(MAX_ONE_OF_VALUES), case_insensitive: caseInsensitive }),
    z.strictObject({ path, op: z.literal('contains'), value: z.union([z.string().min(1).max(MAX_VALUE_LENGTH), z.number().finite(), z.boolean()]), case_insensitive: caseInsensitive }),
    z.strictObject({ path, op: z.literal('starts_with'), value: z.string().min(1).max(MAX_VALUE_LENGTH), case_insensitive: caseInsensitive }),
    z
      .strictObject({ path, op: z.literal('matches'), pattern: z.string().min(1).max(MAX_PATTERN_LENGTH), case_insensitive: caseInsensitive })
      .superRefine((condition, context) => {
        try {
          compileSafePattern(condition.pattern, { ignoreCase: condition.case_insensitive ?? false });
        } catch (error) {
          if (!(error instanceof PatternError)) throw error;
          context.addIssue({ code: 'custom', path: ['pattern'], message: error.message });
        }
      }),
    z.strictObject({ path, op: z.literal('exists') }),
    z.strictObject({ path, op: z.literal('missing') }),
    z.strictObject({ path, op: z.literal('greater_than'), value: z.union([z.number().finite(), IsoDateSchema]) }),
    z.strictObject({ path, op: z.literal('less_than'), value: z.union([z.number().finite(), IsoDateSchema]) }),
    z.strictObject({ path, op: z.literal('within_last_days'), days: z.number().positive().max(36_500) }),
  ],
  { error: 'Unknown "op": expected equals, one_of, contains, starts_with, matches, exists, missing, greater_than, less_than or within_last_days' },
);

/** A test of one field: `{ path, op, ... }`. */
export type Condition = z.infer<typeof ConditionSchema>;

/** The condition operators (`'equals'`, `'one_of'`, ...). */
export type ConditionOperator = Condition['op'];

/**
 * What a rule tests: a condition, or `all` (every part holds), `any` (at least one holds) or `not`
 * (the part does not hold), nested up to {@link MAX_RULE_DEPTH} levels.
 */
export type RuleExpression = Condition | { all: RuleExpression[] } | { any: RuleExpression[] } | { not: RuleExpression };

const AllSchema = z.strictObject({ all: z.array(z.lazy(() => RuleExpressionSchema)).min(1) });
const AnySchema = z.strictObject({ any: z.array(z.lazy(() => RuleExpressionSchema)).min(1) });
const NotSchema = z.strictObject({ not: z.lazy(() => RuleExpressionSchema) });

/**
 * The schema of a {@link RuleExpression}. Each node is checked against the one shape its keys
 * announce (`all`, `any`, `not` or `op`), so an error points at the exact field that is wrong
 * (`when.all[1].value`) instead of "matches none of the shapes".
 */
export const RuleExpressionSchema: z.ZodType<RuleExpression> = z.unknown().transform((value, context): RuleExpression => {
  const keys = value !== null && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : null;
  const branch = keys?.includes('all') ? AllSchema : keys?.includes('any') ? AnySchema : keys?.includes('not') ? NotSchema : keys?.includes('op') ? ConditionSchema : null;
  if (!branch) {
    context.addIssue({
      code: 'custom',
      message: `Expected { all: [...] }, { any: [...] }, { not: {...} } or a condition { path, op, ... }${keys ? `; got the keys ${keys.join(', ') || '(none)'}` : ''}`,
    });
    return z.NEVER;
  }
  const parsed = branch.safeParse(value);
  if (parsed.success) return parsed.data as RuleExpression;
  for (const issue of parsed.error.issues) context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  return z.NEVER;
});

/** One rule: an id, a name for people, whether it is in use, and what it tests. */
export const RuleSchema = z
  .strictObject({
    /** Your stable id for the rule (reported in `matched` / `unmatched`). */
    id: z.string().min(1).max(200),
    /** A name for people (shown in reasons). */
    name: z.string().min(1).max(200),
    /** Inactive rules are ignored by `evaluate`. */
    active: z.boolean(),
    /** The test. */
    when: RuleExpressionSchema,
  })
  .superRefine((rule, context) => {
    const size = measure(rule.when);
    if (size.depth > MAX_RULE_DEPTH) context.addIssue({ code: 'custom', path: ['when'], message: `A rule nests all/any/not at most ${MAX_RULE_DEPTH} levels deep` });
    if (size.conditions > MAX_RULE_CONDITIONS) context.addIssue({ code: 'custom', path: ['when'], message: `A rule has at most ${MAX_RULE_CONDITIONS} conditions` });
  });

/** One rule (see {@link RuleSchema}). */
export type Rule = z.infer<typeof RuleSchema>;

/** A list of rules with distinct ids. */
export const RulesSchema = z
  .array(RuleSchema)
  .max(MAX_RULES)
  .superRefine((rules, context) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (seen.has(rule.id)) context.addIssue({ code: 'custom', path: [index, 'id'], message: `The rule id "${rule.id}" is used twice` });
      seen.add(rule.id);
    });
  });

/** Depth and condition count of an expression (iterative, so a deep input cannot overflow the stack). */
function measure(expression: RuleExpression): { depth: number; conditions: number } {
  let depth = 0;
  let conditions = 0;
  const stack: [RuleExpression, number][] = [[expression, 0]];
  while (stack.length > 0) {
    const [node, level] = stack.pop() as [RuleExpression, number];
    depth = Math.max(depth, level);
    if ('all' in node) for (const child of node.all) stack.push([child, level + 1]);
    else if ('any' in node) for (const child of node.any) stack.push([child, level + 1]);
    else if ('not' in node) stack.push([node.not, level + 1]);
    else conditions += 1;
  }
  return { depth, conditions };
}

export type { PathSegment };
