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

/** The longest pattern accepted, in characters. */
export const MAX_PATTERN_LENGTH = 200;
/** The most automaton states a pattern may expand to (counted repetitions are expanded). */
export const MAX_PATTERN_STATES = 500;
/** The longest value a pattern is run against, in characters; longer values do not match. */
export const MAX_MATCH_INPUT_LENGTH = 100_000;
/** The largest count in `{n,m}`. */
const MAX_REPEAT = 100;

/** A pattern the engine cannot take, with the reason and the offending position. */
export class PatternError extends Error {
  constructor(
    message: string,
    /** Position in the pattern (0-based). */
    readonly position: number,
  ) {
    super(`${message} (at position ${position})`);
    this.name = 'PatternError';
  }
}

/** A compiled pattern: `test` says whether the value contains a match. */
export interface SafePattern {
  /** The source pattern. */
  readonly source: string;
  /** Whether matching ignores case. */
  readonly ignoreCase: boolean;
  /** True when some part of `value` matches (like `RegExp.prototype.test`). */
  test(value: string): boolean;
}

type CharTest = (code: number) => boolean;

/** The parsed pattern, before it becomes an automaton. */
type Node =
  | { type: 'char'; test: CharTest }
  | { type: 'start' }
  | { type: 'end' }
  | { type: 'empty' }
  | { type: 'sequence'; items: Node[] }
  | { type: 'alternation'; options: Node[] }
  | { type: 'repeat'; item: Node; min: number; max: number | null };

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

/** Recursive-descent parser over the supported syntax. */
class Parser {
  private position = 0;
  private depth = 0;

  constructor(
    private readonly source: string,
    private readonly ignoreCase: boolean,
  ) {}

  parse(): Node {
    const node = this.alternation();
    if (this.position < this.source.length) throw new PatternError('Unbalanced ")"', this.position);
    return node;
  }

  private alternation(): Node {
    const options = [this.sequence()];
    while (this.peek() === '|') {
      this.position += 1;
      options.push(this.sequence());
    }
    return options.length === 1 ? (options[0] as Node) : { type: 'alternation', options };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.position < this.source.length && this.peek() !== '|' && this.peek() !== ')') {
      items.push(this.quantified(this.atom()));
    }
    if (items.length === 0) return { type: 'empty' };
    return items.length === 1 ? (items[0] as Node) : { type: 'sequence', items };
  }

  private quantified(item: Node): Node {
    const at = this.position;
    const char = this.peek();
    let min: number;
    let max: number | null;
    if (char === '*') [min, max] = [0, null];
    else if (char === '+') [min, max] = [1, null];
    else if (char === '?') [min, max] = [0, 1];
    else if (char === '{' && /^\{\d+(,\d*)?\}/.test(this.source.slice(at))) {
      const match = /^\{(\d+)(,(\d*))?\}/.exec(this.source.slice(at)) as RegExpExecArray;
      min = Number(match[1]);
      max = match[2] === undefined ? min : match[3] === '' ? null : Number(match[3]);
      if (min > MAX_REPEAT || (max !== null && max > MAX_REPEAT)) throw new PatternError(`A repetition count is above ${MAX_REPEAT}`, at);
      if (max !== null && max < min) throw new PatternError('A repetition range is backwards', at);
      this.position += match[0].length - 1;
    } else return item;
    this.position += 1;
    if (this.peek() === '?') this.position += 1;
    if (item.type === 'start' || item.type === 'end') throw new PatternError('An anchor cannot be repeated', at);
    if ('*+?{'.includes(this.peek() ?? '') && this.peek() !== undefined) throw new PatternError('A quantifier follows a quantifier', this.position);
    return { type: 'repeat', item, min, max };
  }

  private atom(): Node {
    const at = this.position;
    const char = this.source[this.position] as string;
    this.position += 1;
    switch (char) {
      case '(':
        return this.group(at);
      case '[':
        return { type: 'char', test: this.caseFolded(this.charClass(at)) };
      case '.':
        return { type: 'char', test: (code) => !LINE_TERMINATORS.has(code) };
      case '^':
        return { type: 'start' };
      case '$':
        return { type: 'end' };
      case '\\':
        return { type: 'char', test: this.caseFolded(this.escape(false)) };
      case '*':
      case '+':
      case '?':
        throw new PatternError(`Nothing to repeat before "${char}"`, at);
      case '{':
      case '}':
      case ']':
        throw new PatternError(`Escape "${char}" as "\\${char}"`, at);
      default:
        return { type: 'char', test: this.caseFolded(exactly(char.charCodeAt(0))) };
    }
  }

  private group(at: number): Node {
    if (this.source.startsWith('?:', this.position)) this.position += 2;
    else if (this.peek() === '?') throw new PatternError('Lookaround and named groups are not supported', at);
    this.depth += 1;
    if (this.depth > 20) throw new PatternError('Groups are nested too deeply', at);
    const inner = this.alternation();
    this.depth -= 1;
    if (this.peek() !== ')') throw new PatternError('Unclosed "("', at);
    this.position += 1;
    return inner;
  }

  private charClass(at: number): CharTest {
    const negated = this.peek() === '^';
    if (negated) this.position += 1;
    const parts: CharTest[] = [];
    let first = true;
    while (this.peek() !== ']' || first) {
      first = false;
      if (this.position >= this.source.length) throw new PatternError('Unclosed "["', at);
      const low = this.classAtom();
      if (this.peek() === '-' && this.source[this.position + 1] !== ']' && this.position + 1 < this.source.length) {
        this.position += 1;
        const high = this.classAtom();
        if (typeof low !== 'number' || typeof high !== 'number') throw new PatternError('A range needs single characters at both ends', this.position);
        if (high < low) throw new PatternError('A character range is backwards', this.position);
        parts.push((code) => code >= low && code <= high);
      } else parts.push(typeof low === 'number' ? exactly(low) : low);
    }
    this.position += 1;
    const any: CharTest = (code) => parts.some((part) => part(code));
    return negated ? (code) => !any(code) : any;
  }

  /** One member of a class: a character code, or a test for an escape like `\d`. */
  private classAtom(): number | CharTest {
    const char = this.source[this.position] as string;
    this.position += 1;
    if (char !== '\\') return char.charCodeAt(0);
    const escaped = this.escape(true);
    // A single escaped character (`\-`, `\.`) can end a range; a class escape (`\d`) cannot.
    return escaped.code ?? escaped;
  }

  /** The character after a backslash (already consumed). */
  private escape(inClass: boolean): CharTest & { code?: number } {
    const at = this.position - 1;
    const char = this.source[this.position];
    if (char === undefined) throw new PatternError('The pattern ends with "\\"', at);
    this.position += 1;
    const classes: Record<string, CharTest> = {
      d: isDigit,
      D: (code) => !isDigit(code),
      w: isWord,
      W: (code) => !isWord(code),
      s: isSpace,
      S: (code) => !isSpace(code),
    };
    const known = classes[char];
    if (known) return known;
    const controls: Record<string, number> = { t: 9, n: 10, r: 13, f: 12, v: 11, '0': 0 };
    if (controls[char] !== undefined) return exactly(controls[char] as number);
    // Inside a class `\b` is a backspace, as in JavaScript.
    if (char === 'b' && inClass) return exactly(8);
    if (char === 'b' || char === 'B') throw new PatternError('Word boundaries are not supported', at);
    if (/[1-9]/.test(char)) throw new PatternError('Back-references are not supported', at);
    if (/[A-Za-z0-9]/.test(char)) throw new PatternError(`Unknown escape "\\${char}"`, at);
    return exactly(char.charCodeAt(0));
  }

  /** Wraps a test so that it also accepts the other case of the character. */
  private caseFolded(test: CharTest): CharTest {
    if (!this.ignoreCase) return test;
    return (code) => {
      if (test(code)) return true;
      const char = String.fromCharCode(code);
      const lower = char.toLowerCase();
      const upper = char.toUpperCase();
      return (lower.length === 1 && test(lower.charCodeAt(0))) || (upper.length === 1 && test(upper.charCodeAt(0)));
    };
  }

  private peek(): string | undefined {
    return this.source[this.position];
  }
}

const LINE_TERMINATORS = new Set([10, 13, 0x2028, 0x2029]);
const exactly = (expected: number): CharTest & { code: number } => Object.assign((code: number) => code === expected, { code: expected });
const isDigit: CharTest = (code) => code >= 48 && code <= 57;
const isWord: CharTest = (code) => isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
const isSpace: CharTest = (code) => /\s/.test(String.fromCharCode(code));

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
