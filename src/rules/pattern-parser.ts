/**
 * The parser of the `matches` pattern syntax (safe-regex.ts lists what is supported): pattern
 * text → a tree of characters, sequences, alternations and repetitions, or a {@link PatternError}
 * saying what is not supported and where.
 * @module
 */

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

/** Whether a character (UTF-16 code unit) is accepted. */
export type CharTest = (code: number) => boolean;

/** The parsed pattern, before it becomes an automaton. */
export type Node =
  | { type: 'char'; test: CharTest }
  | { type: 'start' }
  | { type: 'end' }
  | { type: 'empty' }
  | { type: 'sequence'; items: Node[] }
  | { type: 'alternation'; options: Node[] }
  | { type: 'repeat'; item: Node; min: number; max: number | null };

/** Recursive-descent parser over the supported syntax. */
export class Parser {
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
