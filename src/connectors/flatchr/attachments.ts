/**
 * `getCandidateAttachments`: the CV of each of the person's applicants (its S3 key comes from the
 * full applicant object, B5.2 `aws`) and the files attached to their comments (B5.5). CV bytes come
 * from the files route, held to 1 request/s per company with no concurrency (B4) by its own
 * transport; comment files are pre-signed S3 URLs, downloaded without credentials.
 */
import type { ActionOptions } from '../../actions/results.js';
import { NotFoundError } from '../../core/errors.js';
import type { Attachment } from '../../models/index.js';
import type { AttachmentSchema } from '../../models/misc.js';
import type { z } from 'zod';
import type { FlatchrActionParts } from './action-parts.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import { arrayBody } from './endpoints.js';
import { rowsOfCandidate } from './get-one.js';
import { toCommentAttachments, toCvAttachment } from './mappers/to-misc.js';
import { applicantObjectSchema, commentSchema } from './wire.js';

type Metadata = z.infer<typeof AttachmentSchema>;

/** Lists the attachments of a candidate (every applicant of the person; bounded by their applications). */
export async function attachmentsOfCandidate(parts: FlatchrActionParts, candidateId: string, options: ActionOptions): Promise<Attachment[]> {
  const { api, files } = parts;
  const { rows } = await rowsOfCandidate(api, candidateId, 'getCandidateAttachments', options.signal);
  const attachments: Attachment[] = [];
  const seen = new Set<string>();

  /**
   * https://developers.flatchr.io/en/docs/QuickStart/Candidats/Recuperer_CV — GET
   * /company/{companyID}/files/expire?key=…&extension=… (B5.9). The docs pass the key as `token=`;
   * the Bearer header is documented as equivalent everywhere (B1), so the key never enters a URL.
   */
  const cvDownload = (metadata: Metadata, extension: string): Attachment => ({
    ...metadata,
    download: async (downloadOptions = {}) => {
      const response = await files.request<AsyncIterable<Uint8Array>>({
        method: 'GET',
        path: descriptor.paths.files(api.companyId),
        query: { key: metadata.remote_id, extension },
        operation: 'GET /company/{company}/files/expire',
        responseType: 'stream',
        signal: downloadOptions.signal,
      });
      return response.body;
    },
  });
  const urlDownload = (metadata: Metadata): Attachment => ({
    ...metadata,
    download: (downloadOptions = {}) => api.client.download(metadata.url ?? '', { operation: 'downloadAttachment', signal: downloadOptions.signal }),
  });

  for (const row of rows) {
    const applicant = row.applicant;
    try {
      // Legacy (2020) docs: GET /company/{company}/applicant/{applicant} [DOC-OLD]; INFERRED still live.
      const response = await api.client.request({ method: 'GET', path: descriptor.paths.applicant(api.companyId, applicant), operation: 'GET /company/{company}/applicant/{id}', signal: options.signal });
      const parsed = applicantObjectSchema.safeParse(response.body);
      const cv = parsed.success && parsed.data.candidate ? toCvAttachment(candidateId, parsed.data.candidate) : null;
      if (cv && !seen.has(cv.id)) {
        seen.add(cv.id);
        attachments.push(cvDownload(cv, parsed.success ? (parsed.data.candidate?.aws?.extension ?? 'pdf') : 'pdf'));
      }
    } catch (error) {
      // The legacy single GET may be gone: comment files are still listed.
      if (!(error instanceof NotFoundError)) throw error;
    }
    // https://developers.flatchr.io/en/docs/QuickStart/Commentaires — GET …/applicant/{a}/comments?fields=author,attachments (B5.5)
    const response = await api.client.request({
      method: 'GET',
      path: descriptor.paths.comments(api.companyId, applicant),
      query: { fields: descriptor.commentFields },
      operation: 'GET /company/{company}/applicant/{id}/comments',
      signal: options.signal,
    });
    for (const item of arrayBody(response.body, 'GET comments')) {
      const comment = commentSchema.safeParse(item);
      if (!comment.success) continue;
      for (const file of toCommentAttachments(comment.data, { kind: 'candidate', id: candidateId })) {
        if (seen.has(file.id)) continue;
        seen.add(file.id);
        attachments.push(urlDownload(file));
      }
    }
  }
  return attachments;
}
