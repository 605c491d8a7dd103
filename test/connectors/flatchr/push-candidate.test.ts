/**
 * The push flow on Flatchr through its sandbox (real transport, loopback): find by email, apply a
 * known person to another vacancy, what a second create does (Flatchr keeps one person per email:
 * merge, or `DuplicateError` when the person is already in the vacancy), and `pushCandidate` end to
 * end, including a retry after a creation that timed out once it had landed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { encodeId } from '../../../src/core/ids.js';
import { AmbiguousWriteError, DuplicateError, ValidationError } from '../../../src/core/errors.js';
import type { StoredRecord } from '../../../src/testing/index.js';
import type { Sandbox } from '../../../src/testing/sandbox/server.js';
import type { SandboxProvider, SandboxRequest } from '../../../src/testing/sandbox/types.js';
import { flatchrSandbox } from '../../../src/testing/sandboxes/flatchr/sandbox.js';
import { serveFile, type FileServer } from '../../helpers/file-server.js';
import { sandboxConnector } from './helpers.js';
import type { FlatchrConnectorOptions } from '../../../src/connectors/flatchr/index.js';

const id = (kind: string, ...parts: (string | number)[]) => encodeId('flatchr', kind, ...parts.map(String));

let cleanup: (() => Promise<void>) | null = null;
let file: FileServer | null = null;
afterEach(async () => {
  await cleanup?.();
  await file?.close();
  cleanup = null;
  file = null;
});

/** A sandbox whose provider records every request, and can make the answer of the next careers creation late. */
async function setup(options: { connector?: Partial<FlatchrConnectorOptions>; hideEmail?: string } = {}) {
  const seen: SandboxRequest[] = [];
  let sandboxRef: Sandbox | null = null;
  let lateCreations = 0;
  const provider: SandboxProvider = {
    ...flatchrSandbox,
    handle(request, context) {
      seen.push(request);
      if (request.method === 'POST' && request.path === '/vacancy/candidate/json' && lateCreations > 0) {
        lateCreations -= 1;
        // Carried out now, answered after the connector's timeout (the ambiguous write).
        sandboxRef?.setFaults({ slowWriteAnswers: { delayMs: 400, count: 1 } });
      }
      const response = flatchrSandbox.handle(request, context);
      // A search that does not show this email yet (the provider is still indexing the creation).
      if (options.hideEmail && request.path.endsWith('/search/applicants') && Array.isArray(response.body)) {
        return { ...response, body: response.body.filter((row: { email?: unknown }) => String(row.email ?? '').toLowerCase() !== options.hideEmail) };
      }
      return response;
    },
  };
  const built = await sandboxConnector({ records: 20, seed: 7, provider, connector: options.connector });
  sandboxRef = built.sandbox;
  cleanup = built.close;
  const store = built.sandbox.store;
  return {
    ...built,
    seen,
    lateCreation: () => (lateCreations += 1),
    careersPosts: () => seen.filter((r) => r.method === 'POST' && r.path === '/vacancy/candidate/json'),
    candidatesWith: (email: string) => store.list('candidates').filter((c) => String(c.email ?? '').toLowerCase() === email.toLowerCase()),
    applicantsOf: (candidate: string) => store.list('applicants').filter((a) => a.candidate === candidate),
    /** A vacancy the candidate has no applicant in. */
    otherVacancy: (candidate: string) => store.list('vacancies').find((v) => !store.list('applicants').some((a) => a.candidate === candidate && a.vacancy === v.id)) as StoredRecord,
    columns: () => store.list('columns').sort((a, b) => Number(a.position) - Number(b.position)),
  };
}

const person = (email: string) => ({ first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: email }] });

describe('flatchr findCandidatesByEmail', () => {
  it('searches with the email (active and archived) and returns the one exact match, whatever the case', async () => {
    const { sandbox, connector, seen } = await setup();
    const candidate = sandbox.store.list('candidates')[2]!;
    const found = await connector.findCandidatesByEmail(String(candidate.email).toUpperCase());
    expect(found.map((c) => c.id)).toEqual([id('candidate', 'email', String(candidate.email).toLowerCase())]);
    expect(found[0]?.first_name).toBe(candidate.firstname);
    const bodies = seen.filter((r) => r.path.endsWith('/search/applicants')).map((r) => r.body);
    expect(bodies).toEqual([{ email: String(candidate.email).toUpperCase() }, { email: String(candidate.email).toUpperCase(), status: 0 }]);
    expect(await connector.findCandidatesByEmail('nobody@example.test')).toEqual([]);
  });
});

describe('flatchr createApplication and the second create', () => {
  it('applies a known person to another vacancy: the same Flatchr person gets a new applicant, moved to the stage', async () => {
    const { sandbox, connector, applicantsOf, otherVacancy, columns, careersPosts } = await setup();
    const candidate = sandbox.store.list('candidates')[1]!;
    const before = applicantsOf(candidate.id).length;
    const vacancy = otherVacancy(candidate.id);
    const stage = columns()[2]!;
    const result = await connector.createApplication({ candidate_id: id('candidate', 'email', String(candidate.email)), job_id: id('job', vacancy.id), stage_id: id('stage', stage.id) });
    const created = applicantsOf(candidate.id);
    expect(created).toHaveLength(before + 1);
    const applicant = created.find((a) => a.vacancy === vacancy.id)!;
    expect(result.remote_id).toBe(applicant.id);
    expect(result.application).toMatchObject({ id: id('application', applicant.id, Number(vacancy.vacancy_id)), job_id: id('job', vacancy.id), current_stage_id: id('stage', stage.id), candidate_id: id('candidate', 'email', String(candidate.email).toLowerCase()) });
    expect(applicant.column_id).toBe(Number(stage.id));
    // The careers body carries the stored person's name and email.
    expect(careersPosts().map((r) => r.body)).toEqual([expect.objectContaining({ vacancy: vacancy.slug, firstname: candidate.firstname, lastname: candidate.lastname, email: String(candidate.email) })]);
  });

  it('a person already in the vacancy: DuplicateError with the existing application, nothing written', async () => {
    const { sandbox, connector, careersPosts } = await setup();
    const applicant = sandbox.store.list('applicants').find((a) => a.status === 1)!;
    const candidate = sandbox.store.get('candidates', String(applicant.candidate))!;
    const vacancy = sandbox.store.get('vacancies', String(applicant.vacancy))!;
    const error = await connector.createApplication({ candidate_id: String(candidate.email), job_id: vacancy.id }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DuplicateError);
    expect(error).toMatchObject({ kind: 'application', existingRemoteId: applicant.id, existingId: id('application', applicant.id, Number(vacancy.vacancy_id)) });
    const again = await connector.createCandidate({ candidate: { first_name: 'X', last_name: 'Y', email_addresses: [{ email_address: String(candidate.email) }] }, application: { job_id: vacancy.id } }).catch((caught: unknown) => caught);
    expect(again).toMatchObject({ kind: 'candidate', existingId: id('candidate', 'email', String(candidate.email).toLowerCase()) });
    expect(careersPosts()).toEqual([]);
  });

  it('a second createCandidate with a known email in another vacancy merges into that person, with a warning', async () => {
    const { sandbox, connector, candidatesWith, otherVacancy } = await setup();
    const candidate = sandbox.store.list('candidates')[4]!;
    const vacancy = otherVacancy(candidate.id);
    const result = await connector.createCandidate({ candidate: person(String(candidate.email)), application: { job_id: id('job', vacancy.id) } });
    expect(result.warnings.join(' ')).toMatch(/already knew this email .* added this application to that person/);
    expect(candidatesWith(String(candidate.email))).toHaveLength(1);
    expect(result.candidate.id).toBe(id('candidate', 'email', String(candidate.email).toLowerCase()));
  });

  it('a person without an email cannot be applied elsewhere (ValidationError before any request)', async () => {
    const { connector, seen } = await setup();
    const error = await connector.createApplication({ candidate_id: id('candidate', 'applicant', 'abc'), job_id: id('job', 'v1') }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect(seen).toEqual([]);
  });
});

describe('flatchr pushCandidate', () => {
  it('creates the person with the application in the stage, and attaches the CV downloaded from its URL', async () => {
    const { sandbox, connector, candidatesWith, applicantsOf, columns, careersPosts } = await setup({ connector: { downloads: { allowPrivateNetwork: true } } });
    file = await serveFile('ada-cv.pdf', Buffer.from('%PDF ada cv'));
    const vacancy = sandbox.store.list('vacancies')[0]!;
    const stage = columns()[1]!;
    const result = await connector.pushCandidate({
      candidate: person('ada.push@example.test'),
      job_id: id('job', vacancy.id),
      stage_id: id('stage', stage.id),
      attachments: [{ name: 'ada-cv.pdf', content_type: 'application/pdf', url: file.url, type: 'CV' }],
      dedupe: 'email',
    });
    const [created] = candidatesWith('ada.push@example.test');
    const [applicant] = applicantsOf(created!.id);
    expect(result).toMatchObject({
      status: 'created',
      candidate_id: id('candidate', 'email', 'ada.push@example.test'),
      application_id: id('application', applicant!.id, Number(vacancy.vacancy_id)),
      application_created: true,
      attachments: [{ name: 'ada-cv.pdf', status: 'uploaded' }],
    });
    expect(applicant).toMatchObject({ vacancy: vacancy.id, column_id: Number(stage.id) });
    expect(careersPosts()).toHaveLength(1);
    const comment = sandbox.store.list('comments').find((c) => c.applicant === applicant!.id);
    expect((comment?.attachments as { name: string; size: number }[])[0]).toMatchObject({ name: 'ada-cv.pdf', size: 11 });
    expect(file.requests).toBe(1);
  });

  it('pushed twice with a timeout in between (the creation landed, its answer was late): one candidate, one application', async () => {
    const { sandbox, connector, candidatesWith, applicantsOf, lateCreation, careersPosts } = await setup({ connector: { timeoutMs: 150 } });
    const vacancy = sandbox.store.list('vacancies')[1]!;
    lateCreation();
    const input = { candidate: person('grace.retry@example.test'), job_id: id('job', vacancy.id) };
    const first = await connector.pushCandidate(input);
    expect(first.status).toBe('created');
    expect(first.warnings.join(' ')).toMatch(/timed out, but the candidate was found afterwards/);
    const second = await connector.pushCandidate(input);
    expect(second).toMatchObject({ status: 'reused', candidate_id: first.candidate_id, application_id: first.application_id, application_created: false });
    const candidates = candidatesWith('grace.retry@example.test');
    expect(candidates).toHaveLength(1);
    expect(applicantsOf(candidates[0]!.id)).toHaveLength(1);
    expect(careersPosts()).toHaveLength(1);
  });

  it('a known person is reused and applied to the new vacancy through the merge; pushing again changes nothing', async () => {
    const { sandbox, connector, applicantsOf, otherVacancy, careersPosts } = await setup();
    const candidate = sandbox.store.list('candidates')[3]!;
    const vacancy = otherVacancy(candidate.id);
    const before = applicantsOf(candidate.id).length;
    const input = { candidate: person(String(candidate.email)), job_id: id('job', vacancy.id) };
    const first = await connector.pushCandidate(input);
    expect(first).toMatchObject({ status: 'reused', application_created: true });
    const second = await connector.pushCandidate(input);
    expect(second).toMatchObject({ status: 'reused', application_created: false, application_id: first.application_id });
    expect(applicantsOf(candidate.id)).toHaveLength(before + 1);
    expect(careersPosts()).toHaveLength(1);
  });

  it('a timed-out creation the search cannot show yet is AmbiguousWriteError, not a second creation', async () => {
    const hidden = 'lost.write@example.test';
    const { sandbox, connector, lateCreation, careersPosts, seen } = await setup({ connector: { timeoutMs: 150 }, hideEmail: hidden });
    const vacancy = sandbox.store.list('vacancies')[2]!;
    lateCreation();
    const error = await connector.pushCandidate({ candidate: person(hidden), job_id: id('job', vacancy.id) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AmbiguousWriteError);
    // It looked before writing and after the timeout, and wrote once.
    expect(careersPosts()).toHaveLength(1);
    expect(seen.filter((r) => r.path.endsWith('/search/applicants') && (r.body as { email?: string }).email === hidden).length).toBeGreaterThanOrEqual(4);
  });
});

describe('flatchr list filters on the applicant search', () => {
  it('{ jobId } sends vacancy, { candidateId } sends email; several values stay client-side', async () => {
    const { sandbox, connector, seen } = await setup();
    const { collect } = await import('./helpers.js');
    const vacancy = sandbox.store.list('vacancies')[0]!;
    const expected = sandbox.store.list('applicants').filter((a) => a.vacancy === vacancy.id).map((a) => a.id).sort();
    const byJob = await collect(connector.syncApplications(undefined, { jobId: id('job', vacancy.id) }));
    expect(byJob.map((a) => a.remote_id).sort()).toEqual(expected);
    const searches = () => seen.filter((r) => r.path.endsWith('/search/applicants')).map((r) => r.body);
    expect(searches()).toEqual([{ vacancy: vacancy.id }, { vacancy: vacancy.id, status: 0 }]);
    seen.length = 0;
    const candidate = sandbox.store.list('candidates')[0]!;
    const email = String(candidate.email).toLowerCase();
    const byCandidate = await collect(connector.syncApplications(undefined, { candidateId: id('candidate', 'email', email) }));
    expect(byCandidate.map((a) => a.remote_id).sort()).toEqual(sandbox.store.list('applicants').filter((a) => a.candidate === candidate.id).map((a) => a.id).sort());
    expect(searches()).toEqual([{ email }, { email, status: 0 }]);
    seen.length = 0;
    const two = sandbox.store.list('vacancies').slice(0, 2).map((v) => id('job', v.id));
    const both = await collect(connector.syncApplications(undefined, { job_ids: two }));
    expect(searches()).toEqual([{}, { status: 0 }]);
    expect(new Set(both.map((a) => a.job_id))).toEqual(new Set(two));
    expect(connector.capabilities.models.applications.filters).toMatchObject({ job_ids: 'server', candidate_ids: 'server', outcomes: 'client' });
    expect(connector.capabilities.models.candidates.filters).toMatchObject({ emails: 'server' });
  });
});

describe('flatchr screening answers on creation', () => {
  it('sends answers as the careers body\'s answers [{question, value}], question ids from the job', async () => {
    const { sandbox, connector, careersPosts, candidatesWith, applicantsOf } = await setup();
    const vacancy = sandbox.store.list('vacancies')[0]!;
    const job = await connector.getJob(vacancy.id);
    const [licence, languages] = job.screening_questions;
    const result = await connector.createCandidate({
      candidate: person('answers@example.test'),
      application: { job_id: job.id },
      screening_question_answers: [
        { question_id: licence!.id, answer: true },
        { question_id: languages!.id, answer: languages!.options.map((option) => option.id) },
      ],
    });
    expect(result.warnings.join(' ')).not.toMatch(/screening_question_answers/);
    expect((careersPosts()[0]?.body as { answers?: unknown }).answers).toEqual([
      { question: 530, value: true },
      { question: 600, value: 'Anglais;Espagnol' },
    ]);
    const [applicant] = applicantsOf(candidatesWith('answers@example.test')[0]!.id);
    expect(applicant?.answers).toEqual([{ question: 530, value: true }, { question: 600, value: 'Anglais;Espagnol' }]);
  });
});
