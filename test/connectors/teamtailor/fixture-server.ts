/**
 * Serves the Teamtailor fixtures over the msw loopback server, so connector tests run through the
 * real undici transport. Links inside fixture bodies point at the documented host; they are
 * rewritten to the loopback base URL, because the transport never follows a link to another origin.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTeamtailorConnector, type TeamtailorConnectorOptions } from '../../../src/connectors/teamtailor/index.js';
import { loadFixture, loadFixtures, type Fixture } from '../../../src/testing/fixtures.js';
import { fixtureHandlers } from '../../../src/testing/fixtures-msw.js';
import { startMswLoopback, type MswLoopback } from '../../../src/testing/msw-loopback.js';

/** Where the Teamtailor fixtures live. */
export const FIXTURE_ROOT = fileURLToPath(new URL('../../../fixtures', import.meta.url));
/** The documented EU base URL, as it appears in fixture links. */
export const DOCUMENTED_BASE = 'https://api.teamtailor.com/v1';
/** The API key the fixture tests use (not a real key). */
export const FIXTURE_KEY = 'tt-fixture-key';

/** Loads one Teamtailor fixture by `<resource>.<scenario>`. */
export function fixture(name: string): Promise<Fixture> {
  return loadFixture(join(FIXTURE_ROOT, 'teamtailor', `${name}.json`));
}

/** Every Teamtailor fixture. */
export function allFixtures(): Promise<Fixture[]> {
  return loadFixtures(FIXTURE_ROOT, 'teamtailor');
}

/** A fixture whose links point at `base` instead of the documented host. */
export function rebase(item: Fixture, base: string): Fixture {
  const body = item.response.body;
  if (body === null || typeof body !== 'object') return item;
  const text = JSON.stringify(body).split(DOCUMENTED_BASE).join(base);
  return { ...item, response: { ...item.response, body: JSON.parse(text) as unknown } };
}

/** A loopback server answering with `fixtures` (first match wins), plus a connector pointed at it. */
export interface FixtureServer {
  server: MswLoopback;
  /** The connector's base URL (`http://127.0.0.1:<port>/v1`). */
  baseUrl: string;
  connector: ReturnType<typeof createTeamtailorConnector>;
  close(): Promise<void>;
}

/** Starts a loopback server with the named fixtures and a Teamtailor connector on it. */
export async function serveFixtures(
  names: readonly string[],
  options: Partial<TeamtailorConnectorOptions> = {},
): Promise<FixtureServer> {
  const server = await startMswLoopback([]);
  const baseUrl = `${server.url}/v1`;
  const loaded = await Promise.all(names.map(fixture));
  server.use(...fixtureHandlers(loaded.map((item) => rebase(item, baseUrl))));
  const connector = createTeamtailorConnector({
    apiKey: FIXTURE_KEY,
    baseUrl,
    rateLimit: false,
    retry: { maxRetries: 0 },
    ...options,
  });
  return {
    server,
    baseUrl,
    connector,
    close: async () => {
      await connector.close();
      await server.close();
    },
  };
}

/** Drains an async iterable into an array (a bounded fixture stream). */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/**
 * An msw handler serving the resources of several list fixtures as one list that honours
 * `page[number]`, `page[size]` and `filter[updated-at][from]` and emits `links.next` while more
 * remain, so a multi-page test holds whichever paging the connector uses (links.next or a time
 * keyset). Records are served in the fixtures' order (ascending `updated-at`).
 */
export async function pagedListHandler(path: string, names: readonly string[]) {
  const { http, HttpResponse } = await import('msw');
  const pages = await Promise.all(names.map(fixture));
  const records = pages.flatMap((item) => (item.response.body as { data: { attributes: Record<string, unknown> }[] }).data);
  const included = pages.flatMap((item) => (item.response.body as { included?: unknown[] }).included ?? []);
  return http.get(`*/v1${path}`, ({ request }) => {
    const url = new URL(request.url);
    const size = Number(url.searchParams.get('page[size]') ?? 10);
    const number = Number(url.searchParams.get('page[number]') ?? 1);
    const from = url.searchParams.get('filter[updated-at][from]');
    const matching = from === null ? records : records.filter((record) => Date.parse(String(record.attributes['updated-at'])) >= Date.parse(from));
    const data = matching.slice((number - 1) * size, number * size);
    const next = new URL(url);
    next.searchParams.set('page[number]', String(number + 1));
    const body = {
      data,
      included,
      meta: { 'record-count': matching.length, 'page-count': Math.max(1, Math.ceil(matching.length / size)) },
      links: number * size < matching.length ? { next: next.toString() } : {},
    };
    return HttpResponse.json(body, { headers: { 'content-type': 'application/vnd.api+json' } });
  });
}
