/**
 * The patterns of the `matches` operator (RE2): they agree with JavaScript's RegExp on the syntax
 * both support (checked on many generated inputs), refuse back-references and lookaround with a
 * reason, and stay fast on the patterns that make a backtracking engine hang.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileSafePattern, MAX_MATCH_INPUT_LENGTH, PatternError } from '../../src/rules/safe-regex.js';

const cases: [string, string[], string[], boolean?][] = [
  ['^Sen', ['Senior dev', 'Sen'], ['A Senior', 'sen']],
  ['ior$', ['Senior'], ['Seniors']],
  ['a.c', ['abc', 'xa-cx'], ['ac', 'a\nc']],
  ['colou?r', ['color', 'colour'], ['colouur']],
  ['\\d{3}-\\d{2,}', ['123-45', 'x999-123456'], ['12-34', '123-4']],
  ['^(?:dev|ops)(eng)?$', ['dev', 'opseng'], ['devops', 'eng']],
  ['[A-C][^0-9]+', ['Bx', 'zzCab'], ['B1', 'D22']],
  ['\\.pdf$', ['cv.pdf'], ['cvXpdf']],
  ['[\\-.]', ['a-b', 'a.b'], ['ab']],
  ['^\\s*$', ['', '   '], [' x ']],
  ['\\w+@\\w+\\.fr', ['jean@acme.fr'], ['jean@acme.com']],
  ['PARIS', ['paris', 'Paris'], ['Lyon'], true],
  ['[a-c]+z', ['ABZ', 'cz'], ['dz'], true],
  ['x{0}y', ['y'], ['']],
  ['(a|ab)(c|bcd)(d*)', ['abcd', 'acd'], ['xyz']],
];

describe('safe patterns: matching', () => {
  it.each(cases)('/%s/ matches what RegExp matches', (pattern, yes, no, ignoreCase = false) => {
    const compiled = compileSafePattern(pattern, { ignoreCase });
    const native = new RegExp(pattern, ignoreCase ? 'i' : '');
    for (const text of yes) {
      expect(native.test(text), `RegExp /${pattern}/ on ${JSON.stringify(text)}`).toBe(true);
      expect(compiled.test(text), `safe /${pattern}/ on ${JSON.stringify(text)}`).toBe(true);
    }
    for (const text of no) {
      expect(native.test(text)).toBe(false);
      expect(compiled.test(text), `safe /${pattern}/ on ${JSON.stringify(text)}`).toBe(false);
    }
  });

  it('agrees with RegExp on generated inputs', () => {
    const patterns = cases.map(([pattern, , , ignoreCase]) => [compileSafePattern(pattern, { ignoreCase: ignoreCase ?? false }), new RegExp(pattern, ignoreCase ? 'i' : '')] as const);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'abcdeABCrsxyz019-.@ \nPRIS'.split('')), maxLength: 20 }), (text) => {
        for (const [safe, native] of patterns) expect(safe.test(text)).toBe(native.test(text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('safe patterns: what is refused', () => {
  it.each([
    ['(a)\\1', /invalid escape sequence/],
    ['(?=a)', /unsupported Perl syntax/],
    ['(?<=a)b', /invalid named capture/],
    ['a**', /invalid nested repetition operator/],
    ['*a', /missing argument to repetition operator/],
    ['(a', /missing closing \)/],
    ['a)', /unexpected \)/],
    ['[a-', /missing closing \]/],
    ['[z-a]', /invalid character class range/],
    ['a{1001}', /invalid repeat count/],
    ['x'.repeat(201), /longer than 200/],
    ['\\q', /invalid escape sequence/],
    ['', /empty/],
  ])('/%s/ is refused', (pattern, reason) => {
    expect(() => compileSafePattern(pattern)).toThrow(PatternError);
    expect(() => compileSafePattern(pattern)).toThrow(reason);
  });
});

describe('safe patterns: bounded cost', () => {
  it('runs the patterns that hang a backtracking engine over long input in linear time', () => {
    // Against RegExp, `(a+)+$` on 30 a's and a "b" takes exponential time; here it is one pass.
    const input = `${'a'.repeat(50_000)}!`;
    for (const pattern of ['(a+)+b', '(a|aa)*b$', '(a|a)*c', '^(\\w+\\s?)*$', '(.*a){20}x']) {
      expect(compileSafePattern(pattern).test(input)).toBe(false);
    }
    expect(compileSafePattern('(a+)+!$').test(input)).toBe(true);
  });

  it('does not match values longer than the input cap', () => {
    const pattern = compileSafePattern('x');
    expect(pattern.test(`${'a'.repeat(MAX_MATCH_INPUT_LENGTH)}x`)).toBe(false);
    expect(pattern.test(`${'a'.repeat(MAX_MATCH_INPUT_LENGTH - 1)}x`)).toBe(true);
  });
});
