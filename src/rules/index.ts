/**
 * `unified-ats/rules`: rules as data, and `evaluate(rules, record)` telling which rules a unified
 * record matches and, for the others, why not.
 *
 * ```ts
 * import { evaluate } from 'unified-ats/rules';
 *
 * const rules = [{ id: 'paris', name: 'Open jobs in Paris or remote', active: true, when: { all: [
 *   { path: 'status', op: 'equals', value: 'OPEN' },
 *   { path: 'location.city', op: 'one_of', values: ['Paris', 'Remote'] },
 * ] } }];
 * const result = evaluate(rules, job);
 * // result.eligible, result.matched, result.unmatched[0].failed[0].reason:
 * // "location.city is 'Lyon', expected one of Paris, Remote"
 * ```
 *
 * See docs/rules.md for every operator, paths, lists and dates.
 * @module
 */
export {
  compileRules,
  evaluate,
  parseRules,
  RuleValidationError,
  type CompiledRules,
  type EvaluateOptions,
  type Evaluation,
  type FailedCondition,
  type RuleProblem,
  type RuleRef,
  type UnmatchedRule,
} from './evaluate.js';
export {
  ConditionSchema,
  isIsoDate,
  MAX_ONE_OF_VALUES,
  MAX_RULE_CONDITIONS,
  MAX_RULE_DEPTH,
  MAX_RULES,
  RuleExpressionSchema,
  RulePathSchema,
  RuleSchema,
  RulesSchema,
  ScalarSchema,
  type Condition,
  type ConditionOperator,
  type Rule,
  type RuleExpression,
} from './schema.js';
export { formatPath, MAX_PATH_SEGMENTS, MAX_PATH_VALUES, parsePath, PathSyntaxError, readPath, type PathSegment, type PathValues } from './path.js';
export { compileSafePattern, MAX_MATCH_INPUT_LENGTH, MAX_PATTERN_LENGTH, PatternError, type SafePattern } from './safe-regex.js';
