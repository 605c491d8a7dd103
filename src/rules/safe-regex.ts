/**
 * A small regular-expression engine that runs in linear time, for the `matches` rule operator.
 *
 * Rules are data that an admin types into a screen, and JavaScript's own `RegExp` backtracks: a
 * pattern such as `(a+)+$` against a long string of `a`s runs for minutes. So patterns are parsed
 * here into a Thompson automaton and matched by following every possible state at once: the cost is
 * at most (input length × automaton size), both of which are capped, whatever the pattern.
 *
 * Supported: literals, `.`, `\d \D \w \W \s \S`, escaped punctuation, `\t \n \r`, character classes
 * with ranges and negation, groups `( )` and `(?: )` (nothing is captured), alternation `|`, the
 * quantifiers `* + ? {n} {n,} {n,m}` (a lazy `?` suffix is accepted: only whether a match exists
 * matters), the anchors `^` and `$` (start and end of the whole value), and case-insensitive
 * matching. Refused with a reason: back-references, lookaround, word boundaries and named groups.
 * @module
 */
import { Parser, PatternError, type CharTest, type Node } from './pattern-parser.js';

export { PatternError };

/** The longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 200;
/** The most automaton states a pattern may expand to (counted repetitions are expanded). */
export const MAX_PATTERN_STATES = 500;
/** The longest value a pattern is run against, in characters; longer values do not match. */
export const MAX_MATCH_INPUT_LENGTH = 100_000;

/** A compiled pattern: `test` says whether the value contains a match. */
export interface SafePattern {
  /** The source pattern. */
  readonly source: string;
  /** Whether matching ignores case. */
  readonly ignoreCase: boolean;
  /** True when some part of `value` matches (like `RegExp.prototype.test`). */
  test(value: string): boolean;
}

/** Automaton states: consume one character, branch, assert a position, or accept. */
type State =
  | { type: 'char'; test: CharTest; next: number }
  | { type: 'split'; next: number; other: number }
  | { type: 'start' | 'end'; next: number }
  | { type: 'match' };

/**
 * Compiles `source` into a linear-time pattern, or throws a {@link PatternError} saying why the
 * pattern is not accepted.
 */
export function compileSafePattern(source: string, options: { ignoreCase?: boolean } = {}): SafePattern {
  if (source.length === 0) throw new PatternError('The pattern is empty', 0);
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`The pattern is longer than ${MAX_PATTERN_LENGTH} characters`, MAX_PATTERN_LENGTH);
  const ignoreCase = options.ignoreCase ?? false;
  const tree = new Parser(source, ignoreCase).parse();
  const states = new Builder().build(tree);
  return { source, ignoreCase, test: (value) => run(states, value) };
}

/** Turns the tree into automaton states (Thompson's construction), counting them. */
class Builder {
  private readonly states: State[] = [];

  build(tree: Node): State[] {
    const matchState = this.add({ type: 'match' });
    const start = this.fragment(tree, matchState);
    // State 0 is the entry point: a split whose both branches go to the start; every other
    // index moves up by one to make room for it.
    return [{ type: 'split', next: start + 1, other: start + 1 }, ...this.states.map((state) => shift(state))];
  }

  /** Builds `node` so that it continues to `next`; returns the index of its first state. */
  private fragment(node: Node, next: number): number {
    switch (node.type) {
      case 'char':
        return this.add({ type: 'char', test: node.test, next });
      case 'start':
      case 'end':
        return this.add({ type: node.type, next });
      case 'empty':
        return next;
      case 'sequence':
        return node.items.reduceRight((after, item) => this.fragment(item, after), next);
      case 'alternation': {
        const entries = node.options.map((option) => this.fragment(option, next));
        return entries.slice(1).reduce((left, right) => this.add({ type: 'split', next: left, other: right }), entries[0] as number);
      }
      case 'repeat':
        return this.repeat(node, next);
    }
  }

  private repeat(node: Extract<Node, { type: 'repeat' }>, next: number): number {
    let after = next;
    if (node.max === null) {
      // x* : a split that either enters x (which loops back to the split) or leaves.
      const loop = this.add({ type: 'split', next: -1, other: after });
      const body = this.fragment(node.item, loop);
      (this.states[loop] as Extract<State, { type: 'split' }>).next = body;
      after = loop;
    } else {
      for (let i = node.min; i < node.max; i += 1) {
        const body = this.fragment(node.item, after);
        after = this.add({ type: 'split', next: body, other: next });
      }
    }
    for (let i = 0; i < node.min; i += 1) after = this.fragment(node.item, after);
    return after;
  }

  private add(state: State): number {
    if (this.states.length >= MAX_PATTERN_STATES) throw new PatternError(`The pattern expands to more than ${MAX_PATTERN_STATES} states; use fewer or smaller repetitions`, 0);
    this.states.push(state);
    return this.states.length - 1;
  }
}

/** Indices move by one because the entry state is put in front. */
function shift(state: State): State {
  switch (state.type) {
    case 'match':
      return state;
    case 'split':
      return { type: 'split', next: state.next + 1, other: state.other + 1 };
    default:
      return { ...state, next: state.next + 1 };
  }
}

/**
 * Runs the automaton over `value`, keeping the set of live states (each at most once per
 * position), and entering the start state again at every position (a search, not a full match).
 */
function run(states: readonly State[], value: string): boolean {
  if (value.length > MAX_MATCH_INPUT_LENGTH) return false;
  const seen = new Int32Array(states.length).fill(-1);
  let current: number[] = [];
  let next: number[] = [];
  const length = value.length;
  // Adds a state and everything reachable from it without consuming; true when it reaches `match`.
  const addClosure = (list: number[], index: number, position: number): boolean => {
    const stack = [index];
    let matched = false;
    while (stack.length > 0) {
      const at = stack.pop() as number;
      if (seen[at] === position) continue;
      seen[at] = position;
      const state = states[at] as State;
      switch (state.type) {
        case 'match':
          matched = true;
          break;
        case 'split':
          stack.push(state.other, state.next);
          break;
        case 'start':
          if (position === 0) stack.push(state.next);
          break;
        case 'end':
          if (position === length) stack.push(state.next);
          break;
        case 'char':
          list.push(at);
      }
    }
    return matched;
  };
  for (let position = 0; position <= length; position += 1) {
    if (addClosure(current, 0, position)) return true;
    if (position === length) break;
    const code = value.charCodeAt(position);
    next.length = 0;
    for (const index of current) {
      const state = states[index] as Extract<State, { type: 'char' }>;
      if (state.test(code) && addClosure(next, state.next, position + 1)) return true;
    }
    [current, next] = [next, current];
  }
  return false;
}
