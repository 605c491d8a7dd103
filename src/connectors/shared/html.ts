/**
 * Caller text placed inside an HTML body (a Flatchr comment renders as HTML): every piece is
 * escaped here, in one place, so a label, a note or a URL can never open a tag, close an
 * attribute or smuggle a script into a recruiter's screen. Links are http(s) only: the action
 * input schemas refuse other schemes, and {@link linkHtml} refuses them again.
 * @module
 */

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML element body or a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** Plain text as one HTML paragraph: escaped, line breaks kept as `<br>`. */
export function textToHtmlParagraph(text: string): string {
  return `<p>${escapeHtml(text).replace(/\r?\n/g, '<br>')}</p>`;
}

/**
 * A link: `<a href="url">label</a>`, both escaped. Throws a TypeError for anything but an
 * absolute http(s) URL (the input schemas already refuse them; this is the last line).
 */
export function linkHtml(url: string, label: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new TypeError('linkHtml takes an absolute http(s) URL');
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new TypeError('linkHtml takes an absolute http(s) URL');
  return `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
}
