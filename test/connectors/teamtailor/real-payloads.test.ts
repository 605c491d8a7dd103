/**
 * Every real Teamtailor body in `../shared/real-payloads/teamtailor/` (the vendor's own client
 * fixtures `rb.*`, recorded from a Teamtailor dev server, and the official docs examples `docs.*`)
 * through the connector's real wire schemas and mappers, with concrete values asserted: first one
 * file at a time through the record pipelines (wire schema → mapper → strict unified schema), then
 * served over loopback to the connector itself (transport, envelope, includes, keyset, feeds).
 * Nothing may be quarantined: a real body our schema refuses is a bug in the schema.
 */
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { indexIncluded } from '../../../src/connectors/teamtailor/jsonapi.js';
import { toHiringTeam, toJobPosting } from '../../../src/connectors/teamtailor/mappers/to-job.js';
import { stageType, toJobStages } from '../../../src/connectors/teamtailor/mappers/to-stage.js';
import { teamtailorPipelines } from '../../../src/connectors/teamtailor/reads.js';
import * as wire from '../../../src/connectors/teamtailor/wire.js';
import { createTeamtailorConnector } from '../../../src/connectors/teamtailor/index.js';
import { encodeId } from '../../../src/core/ids.js';
import { mapItems } from '../../../src/core/record-pipeline.js';
import {
  HiringTeamMemberSchema,
  JobPostingSchema,
  JobStageSchema,
  type Application,
  type ApplicationStage,
  type Candidate,
  type Job,
  type RejectionReason,
  type User,
} from '../../../src/models/index.js';
import { realPayload, realPayloads, type RealPayload } from '../../helpers/real-payloads.js';
import { collect } from './fixture-server.js';

const payloads = realPayloads('teamtailor');
const id = (kind: string, ...parts: string[]) => encodeId('teamtailor', kind, ...parts);
type Document = { data: unknown; included?: unknown[]; links?: Record<string, string> };
/** What each pipeline used here yields. */
interface Mapped {
  candidates: Candidate;
  applications: Application;
  jobs: Job;
  stages: ApplicationStage;
  users: User;
  rejectReasons: RejectionReason;
}

/** Maps every `data` item of one payload file through a connector pipeline; nothing may be quarantined. */
function mapFile<K extends keyof Mapped>(name: string, kind: K): Mapped[K][] {
  const body = realPayload(payloads!, name) as Document;
  const items = Array.isArray(body.data) ? body.data : [body.data];
  const { records, quarantined } = mapItems(items, teamtailorPipelines[kind] as never, indexIncluded(body.included as never) as never, null);
  expect(quarantined).toEqual([]);
  expect(records).toHaveLength(items.length);
  return records as Mapped[K][];
}

describe.skipIf(payloads === null)('each real payload file through the wire schemas and mappers', () => {
  it('the folder holds the 19 expected files, each used below', () => {
    expect(payloads!.map((payload: RealPayload) => payload.name)).toEqual([
      'docs.candidates.list.json',
      'docs.candidates.read.json',
      'docs.job_applications.list.json',
      'docs.job_applications.read.json',
      'docs.jobs.list.json',
      'docs.jobs.read.json',
      'docs.reject_reasons.list.json',
      'docs.stages.list.json',
      'docs.users.list.json',
      'rb.candidate.json',
      'rb.candidates.json',
      'rb.job.json',
      'rb.job_application_included_candidate_job.json',
      'rb.job_applications.json',
      'rb.job_included_user.json',
      'rb.jobs.json',
      'rb.reject_reasons.json',
      'rb.stages.json',
      'rb.users.json',
    ]);
  });

  it('docs.candidates.list: two candidates, the empty phone dropped, LinkedIn kept, times to UTC', () => {
    const [first, second] = mapFile('docs.candidates.list.json', 'candidates');
    expect(first).toMatchObject({
      id: id('candidate', '576'),
      remote_id: '576',
      first_name: 'John',
      last_name: 'Doe',
      email_addresses: [{ email_address: 'candidate@example.com', type: null }],
      phone_numbers: [{ phone_number: '07000000000', type: null }],
      social_media: [],
      source: 'Teamtailor',
      remote_created_at: '2015-04-22T17:39:32.902Z',
      remote_updated_at: '2015-04-25T19:50:02.378Z',
      changed_at: '2015-04-25T19:50:02.378Z',
      tags: [],
      location: null,
    });
    expect(second).toMatchObject({
      remote_id: '1106',
      phone_numbers: [],
      social_media: [{ link: 'https://www.linkedin.com/pub/johndoe', type: 'LINKEDIN', username: null }],
      source: 'Indeed Sweden',
      remote_updated_at: '2016-06-27T10:37:34.422Z',
    });
    expect((second!.remote_data as { attributes: Record<string, unknown> }).attributes['linkedin-profile']).toContain('Developer');
  });

  it('docs.candidates.read and rb.candidate / rb.candidates: one candidate each', () => {
    const [john] = mapFile('docs.candidates.read.json', 'candidates');
    expect(john).toMatchObject({ remote_id: '1337', email_addresses: [{ email_address: 'john.doe@example.com', type: null }], phone_numbers: [{ phone_number: '0700000000', type: null }], source: 'Facebook', remote_created_at: '2017-01-18T20:04:56.178Z' });
    for (const name of ['rb.candidate.json', 'rb.candidates.json']) {
      const [gregoria] = mapFile(name, 'candidates');
      expect(gregoria).toMatchObject({ id: id('candidate', '1'), first_name: 'Gregoria', last_name: 'Deckow', email_addresses: [{ email_address: 'applicant1@example.com', type: null }], phone_numbers: [], source: null, remote_created_at: '2020-03-18T10:39:32.440Z' });
    }
  });

  it('docs.job_applications: rejected ones are DECLINED with rejected_at; a sourced one says Sourced; no linkage means null ids', () => {
    const [first, second] = mapFile('docs.job_applications.list.json', 'applications');
    expect(first).toMatchObject({ remote_id: '1337', outcome: 'DECLINED', rejected_at: '2015-09-09T09:26:33.991Z', source: 'Teamtailor', candidate_id: null, job_id: null, current_stage_id: null, changed_at: '2015-09-09T09:26:33.991Z' });
    expect(second).toMatchObject({ remote_id: '1338', outcome: 'DECLINED', rejected_at: '2015-09-09T09:26:34.025Z', source: 'Indeed Sweden', remote_created_at: '2015-04-21T08:34:35.109Z' });
    expect(first!.integration_fields).toContainEqual({ id: 'changed-stage-at', key: 'changed-stage-at', type: 'datetime', value: '2017-01-11T10:29:48.841Z', label: 'Moved to current stage at' });
    const [read] = mapFile('docs.job_applications.read.json', 'applications');
    expect(read).toMatchObject({ remote_id: '1337', outcome: null, rejected_at: null, source: 'Sourced', remote_created_at: '2017-02-20T09:30:43.910Z' });
  });

  it('rb.job_applications and the one with included candidate and job: linkage becomes unified ids', () => {
    const listed = mapFile('rb.job_applications.json', 'applications');
    expect(listed.map((application) => [application.remote_id, application.source, application.outcome, application.changed_at])).toEqual([
      ['634', 'Sourced', null, '2020-03-31T13:46:24.154Z'],
      ['635', 'Sourced', null, '2020-03-31T13:46:52.883Z'],
    ]);
    const [linked] = mapFile('rb.job_application_included_candidate_job.json', 'applications');
    expect(linked).toMatchObject({ remote_id: '634', candidate_id: id('candidate', '410'), job_id: id('job', '26'), current_stage_id: null });
  });

  it('docs.jobs: titles, bodies, careersite URLs, remote status, tags; no updated-at means a null changed_at', () => {
    const [manager, marketing] = mapFile('docs.jobs.list.json', 'jobs');
    expect(manager).toMatchObject({
      remote_id: '7263',
      name: 'Account manager',
      description: 'hello',
      status: 'OPEN',
      visibility: 'PUBLIC',
      remote_work_status: 'HYBRID',
      post_url: 'http://career.teamtailor.com/jobs/7263-account-manager',
      remote_created_at: '2016-11-16T23:00:00.000Z',
      remote_updated_at: null,
      changed_at: null,
    });
    expect(marketing).toMatchObject({ remote_id: '7262', name: 'Marketing manager', remote_work_status: 'TEMPORARY', visibility: 'PUBLIC' });
    expect(marketing!.integration_fields).toContainEqual({ id: 'tags', key: 'tags', type: 'string[]', value: ['JavaScript', 'Ruby'], label: 'Tags' });
    const [read] = mapFile('docs.jobs.read.json', 'jobs');
    expect(read).toMatchObject({ remote_id: '7199', name: 'My new job', description: '<p>hello world</p>', remote_work_status: 'ON_SITE', post_url: 'http://career.teamtailor.com/jobs/7263-yay-horray-3' });
  });

  it('rb.job, rb.jobs, rb.job_included_user: the job, its posting, and the included user as recruiter', () => {
    for (const name of ['rb.job.json', 'rb.job_included_user.json']) {
      const [rails] = mapFile(name, 'jobs');
      expect(rails).toMatchObject({ id: id('job', '26'), name: 'Ruby on Rails developer', description: '<p>Come write some Rails with us!<br></p>', status: 'OPEN', remote_work_status: null, remote_created_at: '2020-03-25T12:45:10.480Z' });
    }
    expect(mapFile('rb.jobs.json', 'jobs').map((job) => [job.remote_id, job.name, job.post_url])).toEqual([
      ['27', 'EmberJS Developer', 'http://company0.teamtailor.localhost/jobs/27-emberjs-developer'],
      ['26', 'Ruby on Rails developer', 'http://company0.teamtailor.localhost/jobs/26-ruby-on-rails-developer'],
    ]);
    const body = realPayload(payloads!, 'rb.job_included_user.json') as Document;
    const job = wire.jobSchema.parse(body.data);
    const posting = JobPostingSchema.parse(toJobPosting(job));
    expect(posting).toMatchObject({ job_id: id('job', '26'), title: 'Ruby on Rails developer', status: 'ACTIVE', visibility: 'PUBLIC' });
    const team = toHiringTeam(job, indexIncluded(body.included as never)).map((member) => HiringTeamMemberSchema.parse(member));
    expect(team).toHaveLength(1);
    expect(team[0]).toMatchObject({ job_id: id('job', '26'), user_id: id('user', '34'), roles: ['RECRUITER'] });
  });

  it('docs.stages and rb.stages: names, stage types from the old `stage-type`, a job pipeline ordered by row-order', () => {
    expect(mapFile('docs.stages.list.json', 'stages').map((stage) => [stage.remote_id, stage.name, stage.changed_at])).toEqual([
      ['22505', 'Inbox', '2015-11-06T09:02:57.452Z'],
      ['22508', 'Reviewing', '2015-11-06T09:02:57.492Z'],
    ]);
    const rb = mapFile('rb.stages.json', 'stages');
    expect(rb.map((stage) => stage.name)).toEqual(['Inbox', 'Reviewing', 'Hired']);
    const raw = (realPayload(payloads!, 'rb.stages.json') as Document).data as unknown[];
    const stages = raw.map((item) => wire.stageSchema.parse(item));
    expect(stages.map((stage) => stageType(stage))).toEqual(['Inbox', 'In process', 'Hired']);
    const pipeline = toJobStages('26', stages).map((stage) => JobStageSchema.parse(stage));
    expect(pipeline.map((stage) => [stage.remote_id, stage.index, stage.stage_id])).toEqual([
      ['26:1', 0, id('stage', '1')],
      ['26:2', 1, id('stage', '2')],
      ['26:5', 2, id('stage', '5')],
    ]);
  });

  it('docs.users and rb.users: names split, email or login email, roles as system roles', () => {
    const [erik, richard] = mapFile('docs.users.list.json', 'users');
    expect(erik).toMatchObject({ remote_id: '819', first_name: 'Erik', last_name: 'Andersson', email: 'erik@example.com', status: 'ACTIVE' });
    expect(erik!.system_roles).toEqual([{ role_id: id('role', 'admin'), remote_id: 'admin', remote_label: 'admin', scope: 'SYSTEM', unified_type: 'ADMIN' }]);
    expect(richard).toMatchObject({ remote_id: '1801', first_name: 'Richard', last_name: 'Erik Johansson', status: 'ACTIVE' });
    expect(richard!.system_roles.map((role) => role.remote_id)).toEqual(['user']);
    const [ortiz, admin] = mapFile('rb.users.json', 'users');
    expect(ortiz).toMatchObject({ remote_id: '33', first_name: 'Ortiz12', last_name: null, email: 'email29@example.com' });
    // `email` null with a `login-email`: the login email is the address.
    expect(admin).toMatchObject({ remote_id: '34', first_name: null, last_name: null, email: 'admin@teamtailor.localhost' });
  });

  it('docs.reject_reasons and rb.reject_reasons: the reasons by id', () => {
    expect(mapFile('docs.reject_reasons.list.json', 'rejectReasons').map((reason) => [reason.remote_id, reason.name])).toEqual([['1', 'Not a fit']]);
    const rb = mapFile('rb.reject_reasons.json', 'rejectReasons');
    expect(rb).toHaveLength(10);
    expect(rb.map((reason) => reason.name).slice(0, 3)).toEqual(['Role not a fit', 'Took another job', 'Salary & Benefits']);
    expect(rb[9]).toMatchObject({ id: id('rejection_reason', '10'), name: 'Other reasons' });
  });
});

/** Serves real bodies by path on loopback, like the API would (page 2 of the docs lists is not in the docs: `links.next` is dropped). */
async function servePayloads(routes: (path: string, query: URLSearchParams) => string | null): Promise<{ baseUrl: string; paths: string[]; close(): Promise<void> }> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://payloads.local');
    paths.push(url.pathname);
    const name = url.pathname.startsWith('/v1/') ? routes(url.pathname.slice(3), url.searchParams) : null;
    if (!name) {
      res.writeHead(404, { 'content-type': 'application/vnd.api+json' }).end(JSON.stringify({ errors: [{ status: '404', title: 'Not found' }] }));
      return;
    }
    const body = structuredClone(realPayload(payloads!, name)) as Document;
    if (body.links) delete body.links.next;
    if (url.searchParams.get('filter[feed]') === 'internal' && Array.isArray(body.data)) body.data = body.data.filter((item) => (item as { attributes: { internal?: boolean } }).attributes.internal === true);
    res.writeHead(200, { 'content-type': 'application/vnd.api+json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { baseUrl: `http://127.0.0.1:${port}/v1`, paths, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let stop: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stop?.();
  stop = null;
});

async function connectorOn(routes: Record<string, string>, stagesFile: string) {
  const served = await servePayloads((path) => routes[path] ?? (/^\/jobs\/\d+\/stages$/.test(path) ? stagesFile : null));
  const connector = createTeamtailorConnector({ apiKey: 'tt-real-payloads-key', baseUrl: served.baseUrl, rateLimit: false, retry: { maxRetries: 0 } });
  stop = async () => {
    await connector.close();
    await served.close();
  };
  return { connector, served };
}

describe.skipIf(payloads === null)('the real bodies served to the connector over loopback', () => {
  it('the docs examples: every sync and get returns the records with their values, none quarantined', async () => {
    const { connector } = await connectorOn(
      {
        '/candidates': 'docs.candidates.list.json',
        '/candidates/1337': 'docs.candidates.read.json',
        '/job-applications': 'docs.job_applications.list.json',
        '/job-applications/1337': 'docs.job_applications.read.json',
        '/jobs': 'docs.jobs.list.json',
        '/jobs/7199': 'docs.jobs.read.json',
        '/users': 'docs.users.list.json',
        '/reject-reasons': 'docs.reject_reasons.list.json',
        '/stages': 'docs.stages.list.json',
      },
      'docs.stages.list.json',
    );
    const quarantined: unknown[] = [];
    const read = async <T>(stream: { pages(): AsyncIterable<{ records: T[]; quarantined: unknown[] }> }) => {
      const records: T[] = [];
      for await (const page of stream.pages()) {
        records.push(...page.records);
        quarantined.push(...page.quarantined);
      }
      return records;
    };
    expect((await read(connector.syncCandidates())).map((candidate) => [candidate.remote_id, candidate.source])).toEqual([
      ['576', 'Teamtailor'],
      ['1106', 'Indeed Sweden'],
    ]);
    expect((await read(connector.syncApplications())).map((application) => [application.remote_id, application.outcome])).toEqual([
      ['1337', 'DECLINED'],
      ['1338', 'DECLINED'],
    ]);
    expect((await read(connector.syncJobs())).map((job) => [job.remote_id, job.name, job.remote_work_status])).toEqual([
      ['7263', 'Account manager', 'HYBRID'],
      ['7262', 'Marketing manager', 'TEMPORARY'],
    ]);
    expect((await read(connector.syncJobStages())).map((stage) => [stage.remote_id, stage.index])).toEqual([
      ['7263:22505', 0],
      ['7263:22508', 1],
      ['7262:22505', 0],
      ['7262:22508', 1],
    ]);
    expect((await read(connector.syncUsers())).map((user) => user.email)).toEqual(['erik@example.com', 'richard@example.com']);
    expect((await read(connector.syncRejectionReasons())).map((reason) => reason.name)).toEqual(['Not a fit']);
    expect(quarantined).toEqual([]);
    expect(await connector.getCandidate(id('candidate', '1337'))).toMatchObject({ first_name: 'John', email_addresses: [{ email_address: 'john.doe@example.com', type: null }] });
    expect(await connector.getApplication(id('application', '1337'))).toMatchObject({ source: 'Sourced', outcome: null });
    expect(await connector.getJob(id('job', '7199'))).toMatchObject({ name: 'My new job', remote_work_status: 'ON_SITE' });
  });

  it('the vendor client fixtures: syncs and gets, the included candidate and job linked, the included user on the job', async () => {
    const { connector } = await connectorOn(
      {
        '/candidates': 'rb.candidates.json',
        '/candidates/1': 'rb.candidate.json',
        '/job-applications': 'rb.job_applications.json',
        '/job-applications/634': 'rb.job_application_included_candidate_job.json',
        '/jobs': 'rb.jobs.json',
        '/jobs/26': 'rb.job_included_user.json',
        '/users': 'rb.users.json',
        '/reject-reasons': 'rb.reject_reasons.json',
        '/stages': 'rb.stages.json',
      },
      'rb.stages.json',
    );
    expect((await collect(connector.syncCandidates())).map((candidate) => candidate.first_name)).toEqual(['Gregoria']);
    expect((await collect(connector.syncApplications())).map((application) => application.remote_id)).toEqual(['634', '635']);
    expect((await collect(connector.syncJobs())).map((job) => job.remote_id)).toEqual(['27', '26']);
    expect((await collect(connector.syncApplicationStages())).map((stage) => stage.name)).toEqual(['Inbox', 'Reviewing', 'Hired']);
    expect((await collect(connector.syncUsers())).map((user) => user.remote_id)).toEqual(['33', '34']);
    expect(await collect(connector.syncRejectionReasons())).toHaveLength(10);
    expect(await connector.getCandidate(id('candidate', '1'))).toMatchObject({ last_name: 'Deckow' });
    expect(await connector.getApplication(id('application', '634'))).toMatchObject({ candidate_id: id('candidate', '410'), job_id: id('job', '26') });
    expect(await connector.getJob(id('job', '26'))).toMatchObject({ name: 'Ruby on Rails developer', post_url: 'http://company0.teamtailor.localhost/jobs/26-ruby-on-rails-developer' });
  });
});
