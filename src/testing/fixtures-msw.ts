/**
 * Fixtures as msw handlers, for tests that serve exchange fixtures over loopback
 * (`startMswLoopback`). Kept apart from `fixtures.ts` because it needs msw, a development
 * dependency that the published `unified-ats/testing` entry does not require.
 */
import { http, HttpResponse, type HttpHandler } from 'msw';
import { queryMatches, type RecordedExchange } from './fixtures.js';

/** Builds the Response a fixture holds. */
export function fixtureResponse(fixture: RecordedExchange): Response {
  const { status, headers, body } = fixture.response;
  if (typeof body === 'string') return new HttpResponse(body, { status, headers });
  if (body === null || body === undefined) return new HttpResponse(null, { status, headers });
  return HttpResponse.json(body, { status, headers });
}

/**
 * msw handlers answering with the given fixtures: a request matches a fixture when the method
 * is the same, the URL path ends with the fixture's path (so any base-URL prefix works), and the
 * query holds the fixture's query (see {@link queryMatches}). The first match in list order wins;
 * a request matching none falls through (a 501 on the msw loopback server).
 * @param fixtures fixtures in priority order (put specific queries before general ones)
 */
export function fixtureHandlers(fixtures: readonly RecordedExchange[]): HttpHandler[] {
  const groups = new Map<string, RecordedExchange[]>();
  for (const fixture of fixtures) {
    const key = `${fixture.request.method} ${fixture.request.path}`;
    groups.set(key, [...(groups.get(key) ?? []), fixture]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0] as RecordedExchange;
    const method = first.request.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    // `*` before the path: any origin and any base-URL path prefix.
    return http[method](`*${first.request.path}`, ({ request }) => {
      const url = new URL(request.url);
      const match = group.find((fixture) => queryMatches(url, fixture.request.query));
      return match ? fixtureResponse(match) : undefined;
    });
  });
}
