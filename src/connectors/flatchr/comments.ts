/**
 * Comments: the only way to write text or files on a Flatchr applicant. Notes, result
 * links and attachments all become comments, written as the configured user (a user JWT).
 * Comments are per applicant (one candidate in one vacancy), so "on a candidate" means on the
 * candidate's most recently updated application, with a warning.
 */
import type { ActionOptions } from '../../actions/results.js';
import type * as Inputs from '../../actions/inputs.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import type { FlatchrApi } from './endpoints.js';
import { decodeApplication, newestApplicant, rowsOfCandidate } from './get-one.js';
import { escapeHtml, linkHtml } from '../shared/html.js';
import { noteText } from '../shared/html-to-text.js';
import { encodeMultipart, type FilePart } from '../shared/multipart.js';
import type { UserSession } from './user-session.js';

/** Warning of every write that lands on the candidate's newest application. */
export const CANDIDATE_COMMENT_WARNING =
  "Written on the candidate's most recent application: Flatchr comments belong to an applicant (one candidate in one vacancy), not to the person.";

/** An http(s) URL inside text (stops at spaces, quotes, angle brackets and a closing parenthesis). */
const URL_IN_TEXT = /https?:\/\/[^\s<>"')]+/g;

/**
 * Text as comment HTML: escaped, line breaks as `<br>`, and every http(s) URL a link (built by the
 * shared `linkHtml`, so only http(s) and always escaped).
 */
function textToCommentHtml(text: string): string {
  const lines = text.split(/\r?\n/).map((line) => {
    let html = '';
    let last = 0;
    for (const match of line.matchAll(URL_IN_TEXT)) {
      const url = match[0].replace(/[.,;:!?]+$/, '');
      const at = match.index;
      html += escapeHtml(line.slice(last, at));
      try {
        html += linkHtml(url, url);
      } catch {
        html += escapeHtml(url);
      }
      last = at + url.length;
    }
    return html + escapeHtml(line.slice(last));
  });
  return `<p>${lines.join('<br>')}</p>`;
}

/**
 * A note as comment HTML (Flatchr renders comment text as HTML). The caller's HTML is never
 * sent as given (a `javascript:` link or a script would reach a recruiter's screen): HTML
 * (declared, or recognised when the type is left out) goes through the shared HTML→text conversion,
 * which keeps link targets, and comes back as escaped HTML whose http(s) URLs are links again;
 * formatting other than line breaks is dropped, with a warning. Plain text is escaped the same way.
 */
export function commentHtml(content: string, contentType: 'PLAIN_TEXT' | 'HTML' | undefined): { html: string; warnings: string[] } {
  const { text, warnings } = noteText(content, contentType, 'Flatchr');
  const converted = warnings.length > 0 ? ['Flatchr comments take HTML, but caller HTML is not passed through: it was reduced to text with its links kept (formatting other than line breaks dropped).'] : [];
  return { html: textToCommentHtml(text), warnings: converted };
}

/** A result link as comment HTML: the link, then one line per attribute, all escaped. */
export function resultLinkHtml(input: Pick<Inputs.AddResultLinkToApplicationInput, 'label' | 'url' | 'details'>): string {
  const lines = [linkHtml(input.url, input.label)];
  for (const attribute of input.details?.attributes ?? []) lines.push(`${escapeHtml(attribute.key)}: ${escapeHtml(attribute.value)}`);
  return `<p>${lines.join('<br>')}</p>`;
}

/** The call's options plus `remote_fields.flatchr.private`. */
export interface CommentOptions extends ActionOptions {
  /** Write the comment as private (default false). */
  private?: boolean;
}

/** Writes comments for one connection. */
export function commentWriter(api: FlatchrApi, session: UserSession) {
  /**
   * https://developers.flatchr.io/en/docs/QuickStart/Commentaires — POST
   * /company/{companyID}/applicant/{applicantID}/comment, multipart, user token.
   * Not retried: a repeated comment is a duplicate.
   */
  const write = async (applicant: string, html: string, options: CommentOptions, file?: FilePart): Promise<string | null> => {
    const form = encodeMultipart({ text: html, type: descriptor.commentType, private: options.private === true ? 'true' : 'false', file }, { provider: descriptor.provider, operation: 'POST /company/{company}/applicant/{id}/comment' });
    const response = await session.withUser(
      (headers) =>
        api.client.request<{ id?: unknown }>({
          method: 'POST',
          path: descriptor.paths.comment(api.companyId, applicant),
          body: form.body,
          headers: { ...headers, 'content-type': form.contentType },
          operation: 'POST /company/{company}/applicant/{id}/comment',
          signal: options.signal,
        }),
      options.signal,
    );
    const id = response.body?.id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : null;
  };

  return {
    /** A comment on the applicant behind a unified application id. */
    onApplication: (applicationId: string, html: string, operation: string, options: CommentOptions, file?: FilePart) =>
      write(decodeApplication(applicationId, operation).applicant, html, options, file),
    /** A comment on the candidate's newest applicant. */
    onCandidate: async (candidateId: string, html: string, operation: string, options: CommentOptions, file?: FilePart) => {
      const { rows } = await rowsOfCandidate(api, candidateId, operation, options.signal);
      return write(newestApplicant(rows, operation), html, options, file);
    },
  };
}
