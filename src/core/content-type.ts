/**
 * MIME types from file names, for providers that store attachments without one (Teamtailor
 * uploads, Gem and Flatchr files). Only the types an ATS attachment realistically has; anything
 * else is null rather than a guess.
 */

const TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  odt: 'application/vnd.oasis.opendocument.text',
  rtf: 'application/rtf',
  txt: 'text/plain',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};

/** The MIME type of a file name (`cv.PDF`) or a bare extension (`pdf`), or null when unknown. */
export function contentTypeOf(nameOrExtension: string): string | null {
  const extension = (/\.?([a-z0-9]+)$/i.exec(nameOrExtension)?.[1] ?? '').toLowerCase();
  return Object.hasOwn(TYPES, extension) ? (TYPES[extension] as string) : null;
}
