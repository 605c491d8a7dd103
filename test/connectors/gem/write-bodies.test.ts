/**
 * The exact request of every Gem write action, captured by the sandbox (#20.3), against Gem's
 * documented shapes: notes `{user_id, body, visibility}` (§6.1), the inferred move
 * `{from_stage_id, to_stage_id, user_id}`, the deprecated create `POST /candidates/` (§6.6) and the
 * inferred create-application route; plus `remote_fields.gem` (acting user, note visibility,
 * source) written where given and checked like any id.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/core/errors.js';
import { gid, startGemSandbox, type GemSandbox } from './sandbox-helpers.js';

let box: GemSandbox;
afterEach(async () => {
  await box?.close();
});
const store = () => box.sandbox.store;
const written = () => box.writes().map((request) => [request.method, request.path, request.body]);
const enc = encodeURIComponent;

/** An active application, its candidate, its job's stages and the site admin. */
function scene() {
  const application = store().list('applications').find((record) => record.status === 'active' && !record.deleted_at)!;
  const job = store().get('jobs', String(application.job_id))!;
  const stages = store().list('job_stages').filter((stage) => stage.job_id === job.id).sort((a, b) => Number(a.priority) - Number(b.priority));
  const admin = store().list('users').find((user) => user.site_admin && !user.disabled)!;
  const other = store().list('users').find((user) => !user.site_admin && !user.disabled)!;
  return { application, job, stages, admin, other, candidateId: String(application.candidate_id) };
}

describe('notes and result links', () => {
  it('addNoteToCandidate and addNoteToApplication: user_id, body, visibility: public by default', async () => {
    box = await startGemSandbox();
    const { application, job, admin, candidateId } = scene();
    await box.connector.addNoteToCandidate({ candidate_id: gid('candidate', candidateId), content: 'Plain note' });
    await box.connector.addNoteToApplication({ application_id: gid('application', application.id), content: 'On the job' });
    expect(written()).toEqual([
      ['POST', `/candidates/${enc(candidateId)}/activity_feed/notes`, { user_id: admin.id, body: 'Plain note', visibility: 'public' }],
      ['POST', `/candidates/${enc(candidateId)}/activity_feed/notes`, { user_id: admin.id, body: `[${String(job.name)}] On the job`, visibility: 'public' }],
    ]);
  });

  it('result links are notes: label, URL and attribute lines; remote_fields.gem sets the author and privacy', async () => {
    box = await startGemSandbox();
    const { application, job, other, candidateId } = scene();
    const result = await box.connector.addResultLinkToApplication({
      application_id: gid('application', application.id),
      label: 'AI interview',
      url: 'https://assess.example/r/2',
      details: { custom_field_name_prefix: 'Acme', attributes: [{ key: 'Score', value: '87' }] },
      remote_fields: { gem: { user_id: gid('user', other.id), note_visibility: 'private' } },
    });
    await box.connector.addResultLinkToCandidate({ candidate_id: candidateId, label: 'Report', url: 'https://assess.example/r/3', remote_fields: { gem: { user_id: other.id } } });
    expect(written()).toEqual([
      ['POST', `/candidates/${enc(candidateId)}/activity_feed/notes`, { user_id: other.id, body: `[${String(job.name)}] Acme AI interview: https://assess.example/r/2\nScore: 87`, visibility: 'private' }],
      ['POST', `/candidates/${enc(candidateId)}/activity_feed/notes`, { user_id: other.id, body: 'Report: https://assess.example/r/3', visibility: 'public' }],
    ]);
    // A chosen author needs no warning about the defaulted one.
    expect(result.warnings.join(' ')).not.toMatch(/first active Gem site admin/);
    expect(store().list('notes').map((note) => note.visibility)).toEqual(['private', 'public']);
  });

  it('a remote_fields.gem.user_id that is not a user id is a ValidationError before any write', async () => {
    box = await startGemSandbox();
    const { candidateId } = scene();
    const error = await box.connector
      .addNoteToCandidate({ candidate_id: candidateId, content: 'x', remote_fields: { gem: { user_id: gid('candidate', candidateId) } } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as Error).message).toMatch(/remote_fields\.gem\.user_id/);
    expect(box.writes()).toEqual([]);
  });
});

describe('stage moves and creates', () => {
  it('moveApplicationToStage: GET the application, then POST /move {from_stage_id, to_stage_id, user_id}', async () => {
    box = await startGemSandbox();
    const { application, job, stages, admin } = scene();
    const from = String(application.current_stage_id);
    const target = stages.find((stage) => stage.id !== from)!;
    await box.connector.moveApplicationToStage({ application_id: gid('application', application.id), stage_id: gid('job_stage', job.id, target.id) });
    expect(written()).toEqual([['POST', `/applications/${enc(application.id)}/move`, { from_stage_id: from, to_stage_id: target.id, user_id: admin.id }]]);
    expect(store().get('applications', application.id)!.current_stage_id).toBe(target.id);
  });

  it('createCandidate: every field Gem documents, the sourcer, the source and the files, nothing else', async () => {
    box = await startGemSandbox();
    const { job, stages, other } = scene();
    const source = store().list('sources')[1]!;
    await box.connector.createCandidate({
      candidate: {
        first_name: 'Grace',
        last_name: 'Hopper',
        email_addresses: [{ email_address: 'grace@example.test' }, { email_address: 'g.hopper@example.test' }],
        phone_numbers: [{ phone_number: '+1 555 0100' }],
        social_media: [{ link: 'https://www.linkedin.com/in/gracehopper' }],
        title: 'Rear Admiral',
        company: 'US Navy',
      },
      application: { job_id: gid('job', job.id), stage_id: gid('job_stage', job.id, stages[1]!.id) },
      sourced_by: { user_id: gid('user', other.id) },
      attachments: [
        { name: 'cv.pdf', content_type: 'application/pdf', data: new Uint8Array([37, 80, 68, 70]), type: 'CV' },
        { name: 'letter.txt', content_type: 'text/plain', data: new Uint8Array([104, 105]), type: 'COVER_LETTER' },
      ],
      remote_fields: { gem: { source_id: source.id } },
    });
    expect(written()).toEqual([['POST', '/candidates/', {
      first_name: 'Grace',
      last_name: 'Hopper',
      email: 'grace@example.test',
      phone_number: '+1 555 0100',
      title: 'Rear Admiral',
      company: 'US Navy',
      linkedin_handle: 'gracehopper',
      job_id: job.id,
      initial_stage_id: stages[1]!.id,
      source_id: source.id,
      sourcer: { user_id: other.id },
      attachments: [
        { filename: 'cv.pdf', type: 'resume', content: Buffer.from('%PDF').toString('base64'), content_type: 'application/pdf' },
        { filename: 'letter.txt', type: 'cover_letter', content: Buffer.from('hi').toString('base64'), content_type: 'text/plain' },
      ],
    }]]);
    const created = store().list('candidates').find((candidate) => candidate.first_name === 'Grace')!;
    expect(store().list('applications').find((application) => application.candidate_id === created.id)).toMatchObject({ source_id: source.id, current_stage_id: stages[1]!.id });
    expect(store().list('sourcers')).toMatchObject([{ candidate_id: created.id, user_id: other.id }]);
  });

  it('createCandidate: the details Gem does not take come back as warnings naming them, and are not sent', async () => {
    box = await startGemSandbox();
    const { job, other } = scene();
    const result = await box.connector.createCandidate({
      candidate: { first_name: 'Ada', last_name: 'Byron', email_addresses: [{ email_address: 'ada.details@example.test' }], location: { city: 'London', country: 'GB' }, availability_date: '2026-09-01', salary_expectations: { amount: 90_000, currency: 'GBP', period: 'YEAR' } },
      application: { job_id: job.id },
      sourced_by: { user_id: other.id },
      gdpr_consent: { given: true },
      screening_question_answers: [{ question_id: 'q1', answer: 'yes' }],
    });
    const text = result.warnings.join('\n');
    for (const path of ['candidate.location', 'candidate.availability_date', 'candidate.salary_expectations', 'gdpr_consent', 'screening_question_answers']) expect(text).toContain(`${path} was not written`);
    expect(text).not.toContain('sourced_by was not written');
    expect(written()).toEqual([['POST', '/candidates/', { first_name: 'Ada', last_name: 'Byron', email: 'ada.details@example.test', job_id: job.id, sourcer: { user_id: other.id } }]]);
    expect(result.candidate).toMatchObject({ location: null, remote_url: null });
  });

  it('createApplication: {job_id, initial_stage_id, source_id}', async () => {
    box = await startGemSandbox();
    const { job, stages } = scene();
    const candidate = store().list('candidates').find((record) => !store().list('applications').some((application) => application.candidate_id === record.id && application.job_id === job.id))!;
    const source = store().list('sources')[0]!;
    await box.connector.createApplication({ candidate_id: candidate.id, job_id: job.id, stage_id: stages[3]!.id, remote_fields: { gem: { source_id: gid('source', source.id) } } });
    expect(written()).toEqual([['POST', `/candidates/${enc(candidate.id)}/applications`, { job_id: job.id, initial_stage_id: stages[3]!.id, source_id: source.id }]]);
  });
});
