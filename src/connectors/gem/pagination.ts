/**
 * Gem's end-of-list rule (UNKNOWN from reachable sources). Pages are `page`/`per_page` over a
 * bare JSON array; the list ends by whichever signal the API actually sends:
 * 1. an RFC 8288 `Link` header (Harvest, which Gem ATS mirrors): follow `rel="next"`, stop without it;
 * 2. else an `X-Pagination` JSON header (Gem's sourcing API): stop when `next_page` is null or
 *    `page >= total_pages`;
 * 3. else a short (or empty) page ends the list.
 * Candidate for `src/core/pagination.ts`: the header step is generic (any API sending a JSON
 * pagination header), and `linkHeader(paginationHeader(...))` composes with the core strategies.
 */
import { linkHeader, pageNumber, type PaginationStrategy } from '../../core/pagination.js';
import { gemDescriptor as descriptor } from './descriptor.js';

/** The fields of an `X-Pagination` header that decide the next page. */
interface PaginationHeader {
  page?: unknown;
  next_page?: unknown;
  total_pages?: unknown;
}

function readHeader(value: string | undefined): PaginationHeader | null {
  if (value === undefined || value.trim() === '') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return parsed !== null && typeof parsed === 'object' ? (parsed as PaginationHeader) : null;
  } catch {
    // A header we cannot read is treated as absent: the short-page rule still ends the list.
    return null;
  }
}

/** A JSON pagination header (`next_page`, `total_pages`), with `fallback` when it is absent. */
export function paginationHeader(header: string, fallback: PaginationStrategy): PaginationStrategy {
  return {
    first: fallback.first,
    next: (context) => {
      const info = readHeader(context.response.headers[header]);
      if (!info) return fallback.next(context);
      const page = Number(context.request.query[descriptor.pageParams.page]);
      if (info.next_page === null) return null;
      if (typeof info.total_pages === 'number' && Number.isFinite(page) && page >= info.total_pages) return null;
      const next =
        typeof info.next_page === 'number' ? info.next_page : typeof info.total_pages === 'number' ? page + 1 : null;
      // A header without usable numbers says nothing: the short-page rule decides.
      if (next === null || !Number.isFinite(page)) return fallback.next(context);
      if (next <= page) return null;
      return { path: context.request.path, query: { ...context.request.query, [descriptor.pageParams.page]: next } };
    },
  };
}

/** Link header, else X-Pagination header, else short page (see the module comment). */
export const gemPagination: PaginationStrategy = linkHeader(
  paginationHeader(descriptor.paginationHeader, pageNumber(descriptor.pageParams, 1)),
);
