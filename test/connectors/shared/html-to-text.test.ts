/**
 * The one HTML → text conversion for providers whose notes are plain text: link targets survive
 * (`Results (URL)`), structure becomes line breaks, and converting always comes with a warning.
 */
import { describe, expect, it } from 'vitest';
import { htmlToText, noteText } from '../../../src/connectors/shared/html-to-text.js';

describe('htmlToText', () => {
  it('keeps link targets as "text (url)" (the AI-interview report link)', () => {
    expect(htmlToText('<p>Interview done. Score 87/100. <a href="https://results.example/r/1?a=1&amp;b=2">Results</a></p>')).toBe(
      'Interview done. Score 87/100. Results (https://results.example/r/1?a=1&b=2)',
    );
    expect(htmlToText("<a href='https://x.example/y'>https://x.example/y</a>")).toBe('https://x.example/y');
    expect(htmlToText('<a href=https://x.example/z></a>')).toBe('https://x.example/z');
    expect(htmlToText('<a href="mailto:ada@example.test">ada@example.test</a>')).toBe('ada@example.test');
    // A script URL is not a link target worth keeping.
    expect(htmlToText('<a href="javascript:alert(1)">click</a>')).toBe('click');
  });

  it('turns blocks, breaks and list items into lines, decodes entities, drops scripts and styles', () => {
    const html = '<h2>Summary</h2><p>Strong &amp; clear&nbsp;answers<br>Next: onsite</p><ul><li>Go</li><li>SQL &#8211; good</li></ul><script>alert(1)</script><style>p{}</style>';
    expect(htmlToText(html)).toBe('Summary\n\nStrong & clear answers\nNext: onsite\n\n- Go\n- SQL – good');
  });

  it('keeps unclosed tags as text, and caps what it converts', () => {
    expect(htmlToText('a <b c')).toBe('a <b c');
    expect(htmlToText('<'.repeat(100_000))).toHaveLength(100_000);
    expect(htmlToText('x'.repeat(300_000))).toHaveLength(200_001);
  });
});

describe('noteText', () => {
  it('converts declared HTML with a warning, and leaves plain text alone', () => {
    const html = noteText('<b>Hi</b> <a href="https://r.example">report</a>', 'HTML', 'Gem');
    expect(html).toEqual({ text: 'Hi report (https://r.example)', warnings: ['Gem notes are plain text: the HTML was converted (links kept as "text (url)").'] });
    expect(noteText('R&D <3 tests', 'PLAIN_TEXT', 'Gem')).toEqual({ text: 'R&D <3 tests', warnings: [] });
  });

  it('recognises HTML when the content type is left out, and converts it with the warning', () => {
    expect(noteText('<p>Done</p>', undefined, 'Crelate').warnings).toHaveLength(1);
    expect(noteText('Plain & simple', undefined, 'Crelate').warnings).toEqual([]);
  });
});
