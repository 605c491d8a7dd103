/**
 * Flatchr's real response bodies (its own docs' examples, `../shared/real-payloads/flatchr/`, read at
 * test time, never copied) served over loopback and read through the real connector: transport,
 * wire schemas, lookups and mappers. Each file is asserted on concrete values.
 *
 * Serving choices follow the payloads' README: the careers feed's `items[].vacancy` is served as the
 * bare `/vacancies` array, the archive answer's nested `vacancy` as `GET /vacancy/{id}`, and the
 * columns as `[]` (no real column list exists).
 */
import { createServer } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { createFlatchrConnector } from '../../../src/connectors/flatchr/index.js';
import { flId } from '../../../src/connectors/flatchr/mappers/common.js';
import { toCvAttachment } from '../../../src/connectors/flatchr/mappers/to-misc.js';
import * as wire from '../../../src/connectors/flatchr/wire.js';
import { realPayload, realPayloads } from '../../helpers/real-payloads.js';
import { collect } from './helpers.js';

const payloads = realPayloads('flatchr');
const COMPANY = 'Wy3EOp2NP3p1KMq8';
const body = (name: string): unknown => realPayload(payloads ?? [], name);

type Routes = Record<string, unknown>;

/** A loopback server answering `METHOD path` from `routes` (JSON), 404 otherwise; records what it saw. */
async function serve(routes: Routes) {
  const seen: string[] = [];
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = `${req.method ?? 'GET'} ${new URL(req.url ?? '/', 'http://x').pathname}`;
      seen.push(key);
      const found = Object.hasOwn(routes, key);
      res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(found ? routes[key] : { statusCode: 404, message: 'Not Found' }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const connector = createFlatchrConnector({ apiKey: 'real-payloads-key', companyId: COMPANY, baseUrl: url, careersBaseUrl: url, rateLimit: false, retry: { maxRetries: 0 } });
  stop = async () => {
    await connector.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { connector, seen };
}

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

/** The careers feed's vacancies, as the bare list `/vacancies` answers. */
const feedVacancies = () => (body('docs.careers-feed.json') as { items: { vacancy: Record<string, unknown> }[] }).items.map((item) => item.vacancy);

function routes(vacancies: unknown[] = feedVacancies()): Routes {
  const archived = body('docs.applicant-archive.json') as { vacancy: { id: string } };
  return {
    [`GET /company/${COMPANY}/vacancies`]: vacancies,
    [`GET /company/${COMPANY}/columns`]: [],
    [`GET /company/${COMPANY}/members`]: body('docs.members.json'),
    [`GET /company/${COMPANY}/tags`]: body('docs.tags.json'),
    [`POST /company/${COMPANY}/search/applicants`]: body('docs.search-applicants.json'),
    [`GET /vacancy/${archived.vacancy.id}`]: archived.vacancy,
  };
}

describe.skipIf(payloads === null)('flatchr: real payloads through the connector', () => {
  it('covers every real payload file (a new file fails here until it is mapped)', () => {
    expect(payloads?.map((payload) => payload.name)).toEqual([
      'docs.applicant-archive.json',
      'docs.applicant-move.json',
      'docs.careers-feed.json',
      'docs.members.json',
      'docs.search-applicants.json',
      'docs.tags.json',
    ]);
  });

  it('docs.members.json → users', async () => {
    const { connector } = await serve(routes());
    const users = await collect(connector.syncUsers());
    expect(users.map((user) => [user.remote_id, user.first_name, user.last_name, user.email, user.status])).toEqual([
      ['KL5kDWnbaLdyawrb', 'Eva', 'Laurent', 'eva.laurent@flatchr.io', 'ACTIVE'],
      ['0D86rjpgG6pE17eX', 'Alexis', 'Dupont', 'alexis.dupont@flatchr.io', null],
      ['JBMQj09ZZ79xoRLO', 'Florent', 'Pelletier', 'florent.pelletier@flatchr.io', null],
    ]);
    expect(users[0]?.remote_created_at).toBe('2019-09-11T14:19:22.875Z');
    expect(users[0]?.changed_at).toBe('2022-01-17T17:42:36.020Z');
  });

  it('docs.members.json → roles (distinct role_id) and system_roles', async () => {
    const { connector } = await serve(routes());
    const roles = await collect(connector.syncRoles());
    expect(roles.map((role) => [role.remote_id, role.unified_type, role.scope])).toEqual([
      ['2', 'ADMIN', 'SYSTEM'],
      ['3', null, 'SYSTEM'],
    ]);
    const users = await collect(connector.syncUsers());
    expect(users.map((user) => user.system_roles.map((role) => [role.role_id, role.remote_id]))).toEqual([
      [[flId('role', '2'), '2']],
      [[flId('role', '3'), '3']],
      [[flId('role', '2'), '2']],
    ]);
  });

  it('docs.tags.json → the candidate tags only', async () => {
    const { connector } = await serve(routes());
    const tags = await collect(connector.syncTags());
    const raw = body('docs.tags.json') as { id: string; type: string }[];
    expect(tags.map((tag) => tag.remote_id)).toEqual(raw.filter((tag) => tag.type === 'candidates').map((tag) => tag.id));
    expect(tags.map((tag) => tag.name)).toContain('Langues');
    expect(tags.find((tag) => tag.remote_id === 'vADYjo9mwOdkR0ry')?.id).toBe(flId('tag', 'vADYjo9mwOdkR0ry'));
    expect(tags.some((tag) => tag.name === 'Service IT')).toBe(false);
  });

  it('docs.careers-feed.json → jobs and postings', async () => {
    const { connector } = await serve(routes());
    const jobs = await collect(connector.syncJobs());
    expect(jobs.map((job) => [job.remote_id, job.name, job.job_code, job.status])).toEqual([
      ['z7gWQnjq6gdJRakA', 'Account Executive SaaS H/F ', 'CDI-SALES-EXEC-Dec 2021', 'OPEN'],
      ['XzbPjpo3bY1pY51y', 'Account Executive Small Business', 'Sales (S1)', 'OPEN'],
    ]);
    expect(jobs[0]?.location).toEqual({ name: null, street_1: '58 Boulevard Exelmans', street_2: null, city: 'Paris', state: 'Île-de-France', zip_code: '75016', country: 'France', raw: '58 Boulevard Exelmans, 75016 Paris, France' });
    // The feed's enriched names: contract CDI (not partial) → FULL_TIME, activity → category; salary "0" = not given.
    expect(jobs.map((job) => [job.employment_type, job.category, job.experience_level, job.remote_work_status, job.salary_amount])).toEqual([
      ['FULL_TIME', 'Internet', '1-3 years', 'ON_SITE', null],
      ['FULL_TIME', 'Internet', '1-3 years', null, null],
    ]);
    expect(jobs[0]?.screening_questions).toEqual([]);
    expect(jobs[0]?.changed_at).toBe('2022-01-03T13:27:29.938Z');
    expect(jobs[0]?.description).toContain('Au sein de l');
    const postings = await collect(connector.syncJobPostings());
    expect(postings.map((posting) => [posting.job_id, posting.status])).toEqual([
      [flId('job', 'z7gWQnjq6gdJRakA'), 'ACTIVE'],
      [flId('job', 'XzbPjpo3bY1pY51y'), 'ACTIVE'],
    ]);
  });

  it('docs.applicant-archive.json → getJob of its nested vacancy', async () => {
    const { connector, seen } = await serve(routes());
    const job = await connector.getJob('Vq5r6pYxam9AmMvP');
    expect(job).toMatchObject({ id: flId('job', 'Vq5r6pYxam9AmMvP'), name: 'Administrateur réseaux - Paris - CDI ', status: 'OPEN', remote_created_at: '2022-02-01T15:42:02.261Z' });
    expect(job.description).toContain('Vos Missions');
    expect(seen).toEqual(['GET /vacancy/Vq5r6pYxam9AmMvP']);
    // The applicant object itself: epoch-second dates, archived status, a candidate without email.
    const applicant = wire.applicantObjectSchema.parse(body('docs.applicant-archive.json'));
    expect([applicant.id, applicant.status, applicant.column_id, applicant.candidate?.firstname, applicant.candidate?.email]).toEqual(['gQayv9LNBod6LXE4', 0, 1314, 'manuel', null]);
  });

  it('docs.applicant-move.json → the CV attachment of its candidate', () => {
    const applicant = wire.applicantObjectSchema.parse(body('docs.applicant-move.json'));
    expect(applicant.column_id).toBe(1313);
    const cv = toCvAttachment('cand-1', applicant.candidate as NonNullable<typeof applicant.candidate>);
    expect(cv).toMatchObject({
      remote_id: 'candidates/2022/02/67fb112b-71cf-4acc-a7a4-32c6807a03b9/alexandre-andrieux',
      file_name: 'alexandre-andrieux.pdf',
      content_type: 'application/pdf',
      type: 'CV',
      remote_created_at: '2022-02-03T16:00:14.589Z',
    });
    expect(cv?.url).toMatch(/^https:\/\/s3\.eu-west-1\.amazonaws\.com\/flatchr-demo\/candidates%2F2022/);
  });

  it('docs.search-applicants.json → one candidate', async () => {
    const { connector } = await serve(routes());
    const candidates = await collect(connector.syncCandidates());
    expect(candidates).toHaveLength(1);
    expect(candidates[0]).toMatchObject({
      id: flId('candidate', 'email', 'larfoillou.j@gmail.com'),
      first_name: 'Juliette',
      last_name: 'larfoillou',
      email_addresses: [{ email_address: 'larfoillou.j@gmail.com', type: null }],
      phone_numbers: [{ phone_number: '+33 6 37 89 87 57', type: null }],
      source: "L'Apec",
      remote_created_at: '2021-11-09T00:00:00.000Z',
      // The real row has no updated_at.
      changed_at: null,
    });
  });

  it('docs.search-applicants.json → an application: no vacancy_id and no title match → job_id null with a page warning; outcome from the "Recruté" column', async () => {
    const { connector } = await serve(routes());
    const pages = await collect(connector.syncApplications().pages());
    const applications = pages.flatMap((page) => page.records);
    expect(applications).toHaveLength(1);
    expect(applications[0]).toMatchObject({
      id: flId('application', 'z7gWQnjXG77hJRak', ''),
      candidate_id: flId('candidate', 'email', 'larfoillou.j@gmail.com'),
      job_id: null,
      outcome: 'HIRED',
      source: "L'Apec",
    });
    expect(pages[0]?.warnings.join(' ')).toMatch(/1 search rows without vacancy_id: 0 were matched .* 1 matched no single vacancy title/);
  });

  it('a row without vacancy_id is matched to its vacancy by title (case and spaces ignored)', async () => {
    // DERIVED: one real feed vacancy renamed to the real row's vacancy title, under another id.
    const renamed = { ...feedVacancies()[1], id: 'DerivedTitle0001', vacancy_id: 99_001, title: 'ingénieur développement H/F' };
    const { connector } = await serve(routes([...feedVacancies(), renamed]));
    const pages = await collect(connector.syncApplications().pages());
    expect(pages[0]?.records[0]?.job_id).toBe(flId('job', 'DerivedTitle0001'));
    expect(pages[0]?.warnings.join(' ')).toMatch(/1 search rows without vacancy_id: 1 were matched to their job by vacancy title\.$/);
  });

  it('an action on such an application finds its vacancy by title too (archive goes to the right path)', async () => {
    const renamed = { ...feedVacancies()[1], id: 'DerivedTitle0001', vacancy_id: 99_001, title: 'Ingénieur Développement H/F' };
    const archivePath = `DELETE /company/${COMPANY}/vacancy/DerivedTitle0001/applicant/z7gWQnjXG77hJRak`;
    const { connector, seen } = await serve({ ...routes([...feedVacancies(), renamed]), [archivePath]: body('docs.applicant-archive.json') });
    const [application] = await collect(connector.syncApplications());
    seen.length = 0;
    await connector.rejectApplication({ application_id: application!.id });
    expect(seen.at(-1)).toBe(archivePath);
  });

  it('two vacancies with the row title: ambiguous, so job_id stays null', async () => {
    const twin = (id: string) => ({ ...feedVacancies()[1], id, title: 'Ingénieur Développement H/F' });
    const { connector } = await serve(routes([twin('DerivedTwin00001'), twin('DerivedTwin00002')]));
    const applications = await collect(connector.syncApplications());
    expect(applications[0]?.job_id).toBeNull();
  });
});
