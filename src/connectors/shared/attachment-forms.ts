/**
 * The forms of file a provider takes (`capabilities.actions[...].accepts`), enforced in one place
 * for every connector: a URL given to a bytes-only provider is downloaded through the core download
 * path (no credentials sent, no redirects, size capped) and uploaded as bytes; bytes given to a
 * URL-only provider are refused with `UnsupportedError`, since the SDK has nowhere safe to host them.
 */
import type { AttachmentInput } from '../../actions/inputs.js';
import type { HttpClient } from '../../core/http.js';
import { UnsupportedError } from '../../core/errors.js';

/** A form of attachment. */
export type AttachmentForm = 'url' | 'data';

/** Which form an attachment input has. */
export function attachmentForm(attachment: AttachmentInput): AttachmentForm {
  return attachment.url !== undefined ? 'url' : 'data';
}

/** Options of {@link fitAttachment}. */
export interface FitOptions {
  provider: string;
  operation: string;
  signal?: AbortSignal;
  /** The connector's transport: its download path (address guard, size cap, deadlines) fetches the URL. */
  client: Pick<HttpClient, 'download'>;
}

/**
 * Returns `attachment` in a form the provider takes, with a warning when it was converted.
 * Throws `UnsupportedError` for bytes to a URL-only provider (and for a provider that takes none).
 */
export async function fitAttachment(
  attachment: AttachmentInput,
  accepts: readonly AttachmentForm[],
  options: FitOptions,
): Promise<{ attachment: AttachmentInput; warnings: string[] }> {
  const form = attachmentForm(attachment);
  if (accepts.includes(form)) return { attachment, warnings: [] };
  if (form === 'data' || !accepts.includes('data')) {
    const takes = accepts.length === 0 ? 'no files' : `only ${accepts.join(' or ')}`;
    throw new UnsupportedError(
      `${options.provider} takes ${takes} for ${options.operation}` +
        (form === 'data' ? ': it downloads attachments from a public URL. Host the file (a pre-signed URL works) and pass attachment.url.' : '.'),
      { provider: options.provider, operation: options.operation },
    );
  }
  const chunks: Uint8Array[] = [];
  const body = await options.client.download(attachment.url as string, {
    operation: `${options.operation} (download attachment.url)`,
    signal: options.signal,
  });
  for await (const chunk of body) chunks.push(chunk);
  const { url: _url, ...rest } = attachment;
  return {
    attachment: { ...rest, data: Buffer.concat(chunks) },
    warnings: [`${options.provider} takes file bytes, not URLs: the file was downloaded from attachment.url and uploaded.`],
  };
}
