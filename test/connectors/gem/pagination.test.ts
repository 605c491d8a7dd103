/**
 * Gem's end-of-list rule as a pure strategy: Link header first, then the X-Pagination header,
 * then the short-page rule (§2.1: the real signal is unknown).
 */
import { describe, expect, it } from 'vitest';
import { gemPagination } from '../../../src/connectors/gem/pagination.js';
import type { HttpResponse } from '../../../src/core/http.js';

const request = { path: '/candidates/', query: { page: 2, per_page: 500 } };
const next = (headers: Record<string, string>, itemCount: number) =>
  gemPagination.next({ request, response: { status: 200, headers, body: [], requestId: null, url: '' } as HttpResponse, itemCount, pageSize: 500 });

describe('gemPagination', () => {
  it('starts at page 1 with per_page', () => {
    expect(gemPagination.first('/users/', { include_deleted: 'true' }, 500)).toEqual({ path: '/users/', query: { include_deleted: 'true', page: 1, per_page: 500 } });
  });

  it('Link header: follows rel="next", stops without it even on a full page', () => {
    expect(next({ link: '<https://api.gem.com/ats/v0/candidates/?page=3&per_page=500>; rel="next"' }, 500)).toEqual({ path: 'https://api.gem.com/ats/v0/candidates/?page=3&per_page=500', query: {} });
    expect(next({ link: '<https://api.gem.com/ats/v0/candidates/?page=1>; rel="first"' }, 500)).toBeNull();
  });

  it('X-Pagination header: next_page, total_pages, and an unreadable header falls back to the short-page rule', () => {
    expect(next({ 'x-pagination': JSON.stringify({ page: 2, next_page: 3, total_pages: 5 }) }, 500)).toEqual({ path: '/candidates/', query: { page: 3, per_page: 500 } });
    expect(next({ 'x-pagination': JSON.stringify({ page: 2, next_page: null, total_pages: 2 }) }, 500)).toBeNull();
    expect(next({ 'x-pagination': JSON.stringify({ total_pages: 2 }) }, 500)).toBeNull();
    expect(next({ 'x-pagination': JSON.stringify({ total_pages: 4 }) }, 10)).toEqual({ path: '/candidates/', query: { page: 3, per_page: 500 } });
    expect(next({ 'x-pagination': 'not json' }, 500)).toEqual({ path: '/candidates/', query: { page: 3, per_page: 500 } });
    expect(next({ 'x-pagination': '{}' }, 499)).toBeNull();
  });

  it('no header: a full page asks for the next one, a short or empty page ends the list', () => {
    expect(next({}, 500)).toEqual({ path: '/candidates/', query: { page: 3, per_page: 500 } });
    expect(next({}, 499)).toBeNull();
    expect(next({}, 0)).toBeNull();
  });
});
