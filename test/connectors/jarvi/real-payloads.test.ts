/**
 * Jarvi's real response bodies (the documentation's own examples, with real workspace data: staff
 * names, UUIDs, microsecond timestamps), read at test time from `../shared/real-payloads/jarvi/`
 * and served on loopback, through the connector's real transport, wire schemas and mappers.
 * Concrete values are asserted for every file: `offers.json`, `profiles.partial.json`,
 * `projects.partial.json` (the partial ones are cut by the docs page and have no `total`; the
 * server answers the next page with `{ data: [] }`).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createJarviConnector } from '../../../src/connectors/jarvi/index.js';
import type { Connector } from '../../../src/actions/results.js';
import { encodeId } from '../../../src/core/ids.js';
import { realPayload, realPayloads } from '../../helpers/real-payloads.js';
import { serveRoutes, type SeenRequest } from './helpers.js';

const payloads = realPayloads('jarvi');
const id = (kind: string, ...parts: string[]) => encodeId('jarvi', kind, ...parts);

const PROFILE_ID = '9ef1c5db-9c40-4329-aec6-d3b3230b45b9';
const PROJECT_ID = '0c48cc86-352e-4098-9f34-5785e3aeafa3';

type Server = Awaited<ReturnType<typeof serveRoutes>>;
let server: Server | null = null;
let ats: Connector | null = null;

/** The body of a real payload, served for the first page; later pages are empty. */
function route(request: SeenRequest): { status: number; body: unknown } | null {
  if (!payloads || request.method !== 'GET') return null;
  const file = { '/profiles': 'profiles.partial.json', '/projects': 'projects.partial.json', '/offers': 'offers.json' }[request.path];
  if (!file) return null;
  const offset = Number(request.query.get('offset') ?? 0);
  return { status: 200, body: offset === 0 ? realPayload(payloads, file) : { data: [] } };
}

async function connect(): Promise<Connector> {
  server = await serveRoutes(route);
  ats = createJarviConnector({ apiKey: 'real-payload-test-key', baseUrl: server.url, retry: { maxRetries: 0 }, timeoutMs: 2_000 });
  return ats;
}

async function all<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const record of stream) out.push(record);
  return out;
}

afterEach(async () => {
  await ats?.close();
  await server?.close();
  ats = null;
  server = null;
});

describe.skipIf(payloads === null)('jarvi real payloads through the wire schemas and mappers', () => {
  it('every file is served by a test below', () => {
    expect(payloads!.map((payload) => payload.name)).toEqual(['offers.json', 'profiles.partial.json', 'projects.partial.json']);
  });

  it('profiles.partial.json: the documented talent maps to a candidate with its names, dates, source and status', async () => {
    const connector = await connect();
    const [candidate, ...rest] = await all(connector.syncCandidates());
    expect(rest).toEqual([]);
    expect(candidate).toMatchObject({
      id: id('candidate', PROFILE_ID),
      remote_id: PROFILE_ID,
      first_name: 'Johan',
      last_name: 'Barri',
      title: null,
      company: null,
      source: 'Manual',
      email_addresses: [],
      phone_numbers: [],
      social_media: [],
      // µs and `+00:00` read as an instant, kept to the millisecond.
      remote_created_at: '2025-01-06T16:26:40.484Z',
      remote_deleted_at: null,
      // The docs excerpt stops before updatedAt: unknown, never invented.
      remote_updated_at: null,
      remote_url: `https://app.jarvi.tech/#/crm/profiles/${PROFILE_ID}`,
      // locationId is null and no locations[] came: no location.
      location: null,
    });
    expect(candidate!.remote_data).toMatchObject({ groupId: '952582b4-bb51-461e-b566-0e5f980f4660', searchString: 'johan barri johan' });
    // No profile↔project rows in the documented profile: no applications.
    expect(await all(connector.syncApplications())).toEqual([]);
    const one = await connector.getCandidate(PROFILE_ID);
    expect(one.first_name).toBe('Johan');
    expect(JSON.parse(server!.requests.at(-1)!.query.get('where')!)).toEqual({ id: { _eq: PROFILE_ID } });
    expect(server!.unhandled).toEqual([]);
  });

  it('projects.partial.json: the documented project maps to a job, its hiring team and its users', async () => {
    const connector = await connect();
    const [job, ...others] = await all(connector.syncJobs());
    expect(others).toEqual([]);
    expect(job).toMatchObject({
      id: id('job', PROJECT_ID),
      remote_id: PROJECT_ID,
      name: 'Dev JAVA - IDF',
      job_code: null,
      status: null,
      remote_created_at: '2024-05-30T10:19:11.381Z',
      remote_updated_at: '2024-10-24T08:41:12.981Z',
      changed_at: '2024-10-24T08:41:12.981Z',
      remote_url: `https://app.jarvi.tech/#/projects/${PROJECT_ID}`,
      // No job-ad fields on the documented project: nothing invented.
      employment_type: null,
      salary_amount_from: null,
      salary_shown: null,
      location: null,
    });
    expect(job!.integration_fields.find((field) => field.key === 'statusId')?.value).toBe('dbab8773-8b59-4597-af75-b31333dd5409');
    expect(job!.integration_fields.find((field) => field.key === 'companyId')?.value).toBe('df587e25-03e6-4b9a-aaa4-c9c20a913f4d');

    const team = await all(connector.syncHiringTeam());
    // The owner (Sarah) is also an assignee: three distinct people.
    expect(team.map((member) => member.user_id)).toEqual([
      id('user', '0024184e-0780-4f3b-be35-9c057ad94ec4'),
      id('user', '01163432-1cc2-41ea-b3de-8daab8f878a6'),
      id('user', '635e0ede-ea2a-4a43-b71d-2fda576d9da5'),
    ]);
    expect(team.every((member) => member.job_id === id('job', PROJECT_ID))).toBe(true);

    const users = await all(connector.syncUsers());
    expect(users.map((user) => [user.first_name, user.last_name, user.email, user.status])).toEqual([
      ['Sarah', 'Le Roué', 'sarah@jarvi.tech', 'ACTIVE'],
      // Assignee copies carry no `disabled`: unknown, not active.
      ['Johan', 'Barri', 'johan@jarvi.tech', null],
      ['Quentin', 'DECRE', 'quentin.alerte@outlook.com', null],
    ]);
    expect((await connector.getJob(PROJECT_ID)).name).toBe('Dev JAVA - IDF');
    expect(server!.unhandled).toEqual([]);
  });

  it('offers.json: the documented offer maps to a job posting with its custom fields', async () => {
    const connector = await connect();
    const [posting, ...others] = await all(connector.syncJobPostings());
    expect(others).toEqual([]);
    expect(posting).toMatchObject({
      id: id('job_posting', PROJECT_ID),
      remote_id: PROJECT_ID,
      job_id: id('job', PROJECT_ID),
      title: 'Dev JAVA - IDF',
      status: 'ACTIVE',
      visibility: 'PUBLIC',
      // No joboffer_description field in the documented offer: no description.
      description_html: null,
      remote_created_at: '2024-05-30T10:19:11.381Z',
      remote_updated_at: '2024-10-24T08:41:12.981Z',
    });
    expect(posting!.remote_data).toMatchObject({ externalId: '1234567890', referenceId: '1234567890' });
    const fields = (posting!.remote_data as { fieldsValues: { value: string }[] }).fieldsValues;
    expect(fields.map((field) => field.value)).toEqual(['<p>contenu 1 : </p><p></p><p></p><p>Contenu 2</p> ', 'true']);
    expect(server!.requests[0]?.path).toBe('/offers');
    expect(server!.unhandled).toEqual([]);
  });
});
