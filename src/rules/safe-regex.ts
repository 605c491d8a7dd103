/**
 * Patterns for the `matches` rule operator, run on RE2 (the `re2js` port) instead of JavaScript's
 * own `RegExp`.
 *
 * Rules are data that an admin types into a screen, and `RegExp` backtracks: a pattern such as
 * `(a+)+$` against a long string of `a`s runs for minutes and blocks the process. RE2 matches in
 * time linear in the input, whatever the pattern, and refuses the features that need backtracking
 * (back-references, lookaround). Patterns are also capped in length and values in size, so one
 * condition stays cheap. See docs/decisions/0052-rules-patterns-on-re2.md.
 * @module
 */
import { RE2JS } from 're2js';

/** The longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 200;
/** The longest value a pattern is run against, in characters; longer values do not match. */
export const MAX_MATCH_INPUT_LENGTH = 100_000;

/** A pattern that cannot be used, with the reason in words. */
export class PatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatternError';
  }
}

/** A compiled pattern: `test` says whether the value contains a match. */
export interface SafePattern {
  /** The source pattern. */
  readonly source: string;
  /** Whether matching ignores case. */
  readonly ignoreCase: boolean;
  /** True when some part of `value` matches (like `RegExp.prototype.test`); false past the input cap. */
  test(value: string): boolean;
}

/**
 * Compiles `source` (RE2 syntax, which is JavaScript's for everything but back-references and
 * lookaround).
 * @throws PatternError when the pattern is empty, too long or not valid RE2
 */
export function compileSafePattern(source: string, options: { ignoreCase?: boolean } = {}): SafePattern {
  if (source.length === 0) throw new PatternError('The pattern is empty');
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`The pattern is longer than ${MAX_PATTERN_LENGTH} characters`);
  const ignoreCase = options.ignoreCase ?? false;
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    // RE2 names what it refused ("invalid or unsupported Perl syntax: `(?=`", "invalid escape sequence: `\1`").
    const reason = error instanceof Error ? error.message.replace(/^error parsing regexp: /, '') : String(error);
    throw new PatternError(`The pattern is not usable: ${reason} (back-references and lookaround are not supported)`);
  }
  return {
    source,
    ignoreCase,
    test: (value) => value.length <= MAX_MATCH_INPUT_LENGTH && compiled.matcher(value).find(),
  };
}
