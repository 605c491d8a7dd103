/**
 * One HTML → plain-text conversion for providers whose notes are plain text (Teamtailor, Gem,
 * Crelate...). Links keep their target: `<a href="https://r.example/1">Results</a>` becomes
 * `Results (https://r.example/1)`, so an AI-interview report link survives the trip. Block elements
 * and `<br>` become line breaks, list items become `- ` lines, entities are decoded, scripts and
 * styles are dropped. Linear in the input (no backtracking patterns), and the input is capped.
 */

/** The longest HTML converted (a note is far shorter); the rest is cut with a marker. */
const MAX_INPUT = 200_000;

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  euro: '€',
  copy: '©',
};

const BLOCKS = new Set(['p', 'div', 'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'table', 'tr', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

/** Decodes `&amp;`, `&#39;`, `&#x27;` and the common named entities; unknown ones stay as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi, (whole, code: string) => {
    if (code[0] === '#') {
      const point = code[1] === 'x' || code[1] === 'X' ? Number.parseInt(code.slice(2), 16) : Number.parseInt(code.slice(1), 10);
      return Number.isInteger(point) && point > 0 && point <= 0x10ffff ? String.fromCodePoint(point) : whole;
    }
    return NAMED_ENTITIES[code.toLowerCase()] ?? whole;
  });
}

/** The value of one attribute in a tag's source (`href="..."`, `href='...'` or bare), or null. */
function attributeOf(tag: string, name: string): string | null {
  const at = tag.toLowerCase().indexOf(`${name}=`);
  if (at < 0) return null;
  let rest = tag.slice(at + name.length + 1).trimStart();
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const end = rest.indexOf(quote, 1);
    return end < 0 ? null : decodeEntities(rest.slice(1, end));
  }
  rest = rest.split(/[\s>]/, 1)[0] ?? '';
  return rest === '' ? null : decodeEntities(rest);
}

/** Whether `text` looks like HTML (a tag or an entity), for callers that were not told. */
export function looksLikeHtml(text: string): boolean {
  return /<\/?[a-z][^>]*>|&(#\d+|#x[0-9a-f]+|[a-z]+);/i.test(text);
}

/** Converts HTML to plain text, keeping link targets as `text (url)`. */
export function htmlToText(html: string): string {
  const input = html.length > MAX_INPUT ? `${html.slice(0, MAX_INPUT)}…` : html;
  let out = '';
  let index = 0;
  const links: (string | null)[] = [];
  let linkTextStart = 0;
  let skipUntil: string | null = null;
  while (index < input.length) {
    const open = input.indexOf('<', index);
    if (open < 0) {
      if (!skipUntil) out += input.slice(index);
      break;
    }
    if (!skipUntil) out += input.slice(index, open);
    const close = input.indexOf('>', open);
    if (close < 0) {
      if (!skipUntil) out += input.slice(open);
      break;
    }
    const tag = input.slice(open + 1, close);
    index = close + 1;
    const closing = tag.startsWith('/');
    const name = (closing ? tag.slice(1) : tag).trim().split(/[\s/]/, 1)[0]?.toLowerCase() ?? '';
    if (skipUntil) {
      if (closing && name === skipUntil) skipUntil = null;
      continue;
    }
    if (tag.startsWith('!')) continue; // comments and doctypes
    if (!closing && (name === 'script' || name === 'style') && !tag.endsWith('/')) {
      skipUntil = name;
      continue;
    }
    if (name === 'br') out += '\n';
    else if (name === 'li') out += closing ? '' : '\n- ';
    else if (BLOCKS.has(name) || name === 'td' || name === 'th') out += name === 'td' || name === 'th' ? (closing ? '\t' : '') : '\n';
    else if (name === 'a') {
      if (!closing) {
        links.push(attributeOf(tag, 'href'));
        linkTextStart = out.length;
      } else {
        const href = links.pop();
        if (href && /^(https?:|mailto:)/i.test(href.trim())) {
          const label = decodeEntities(out.slice(linkTextStart)).trim();
          const target = href.trim();
          // A link whose text is its URL is written once.
          if (label !== target && label !== target.replace(/^mailto:/i, '')) out += label === '' ? target : ` (${target})`;
        }
      }
    }
  }
  return decodeEntities(out)
    .replace(/[ \t\f\v\r]+\n/g, '\n')
    .replace(/\n[ \t]+/g, '\n')
    .replace(/[ \t]{2,}/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * A note's text for a provider that stores plain text: HTML (declared, or recognised when the
 * type is left out) is converted, with a warning saying so; plain text passes unchanged.
 */
export function noteText(
  content: string,
  contentType: 'PLAIN_TEXT' | 'HTML' | undefined,
  providerName: string,
): { text: string; warnings: string[] } {
  const isHtml = contentType === 'HTML' || (contentType === undefined && looksLikeHtml(content));
  if (!isHtml) return { text: content, warnings: [] };
  return { text: htmlToText(content), warnings: [`${providerName} notes are plain text: the HTML was converted (links kept as "text (url)").`] };
}
