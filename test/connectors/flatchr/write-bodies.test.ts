/**
 * The exact request of every Flatchr write action, as the provider documents it (issue: request
 * bodies of writes were never asserted): method, path, and the whole body, captured by the sandbox.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { encodeId } from '../../../src/core/ids.js';
import { decodeMultipart } from '../../../src/testing/multipart.js';
import type { SandboxProvider, SandboxRequest } from '../../../src/testing/sandbox/types.js';
import { FLATCHR_SANDBOX_COMPANY_ID as COMPANY, FLATCHR_SANDBOX_KEY, FLATCHR_SANDBOX_USER, flatchrSandbox } from '../../../src/testing/sandboxes/flatchr/sandbox.js';
import { collect, sandboxConnector } from './helpers.js';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

async function setup() {
  const seen: SandboxRequest[] = [];
  const provider: SandboxProvider = { ...flatchrSandbox, handle: (request, context) => (seen.push(request), flatchrSandbox.handle(request, context)) };
  const built = await sandboxConnector({ records: 12, seed: 3, provider });
  cleanup = built.close;
  const writes = () => seen.filter((r) => r.method !== 'GET' && !r.path.endsWith('/search/applicants'));
  return { ...built, seen, writes };
}

describe('flatchr write actions send exactly the documented requests', () => {
  it('move: PUT …/vacancy/{v}/applicant/{a} with {"column_id": <int>} and nothing else', async () => {
    const { connector, writes, sandbox } = await setup();
    const [application] = (await collect(connector.syncApplications())).filter((a) => a.outcome === 'PENDING');
    const stages = await collect(connector.syncApplicationStages());
    const target = stages.find((s) => s.id !== application!.current_stage_id)!;
    await connector.moveApplicationToStage({ application_id: application!.id, stage_id: target.id });
    const vacancy = sandbox.store.get('applicants', application!.remote_id)!.vacancy;
    expect(writes().map((r) => [r.method, r.path, r.body])).toEqual([['PUT', `/company/${COMPANY}/vacancy/${String(vacancy)}/applicant/${application!.remote_id}`, { column_id: Number(target.remote_id) }]]);
  });

  it('reject: DELETE on the same path with no body', async () => {
    const { connector, writes, sandbox } = await setup();
    const [application] = (await collect(connector.syncApplications())).filter((a) => a.outcome === 'PENDING');
    await connector.rejectApplication({ application_id: application!.id });
    const vacancy = sandbox.store.get('applicants', application!.remote_id)!.vacancy;
    expect(writes().map((r) => [r.method, r.path, r.body ?? null])).toEqual([['DELETE', `/company/${COMPANY}/vacancy/${String(vacancy)}/applicant/${application!.remote_id}`, null]]);
  });

  it('note: POST /user/login {email, password}, then POST …/comment as multipart {text, type: note, private: false}', async () => {
    const { connector, writes } = await setup();
    const [application] = (await collect(connector.syncApplications())).filter((a) => a.outcome === 'PENDING');
    await connector.addNoteToApplication({ application_id: application!.id, content: 'Great fit', content_type: 'PLAIN_TEXT' });
    const [login, comment] = writes();
    expect([login?.method, login?.path, login?.body]).toEqual(['POST', '/user/login', { email: FLATCHR_SANDBOX_USER.email, password: FLATCHR_SANDBOX_USER.password }]);
    expect([comment?.method, comment?.path]).toEqual(['POST', `/company/${COMPANY}/applicant/${application!.remote_id}/comment`]);
    const form = decodeMultipart(String(comment?.body), String(comment?.headers['content-type']));
    expect({ ...form }).toEqual({ text: '<p>Great fit</p>', type: 'note', private: 'false' });
    expect(writes()).toHaveLength(2);
  });

  it('attachment: the comment carries the file part (name, content type, bytes) and the file name as text', async () => {
    const { connector, writes } = await setup();
    const [application] = (await collect(connector.syncApplications())).filter((a) => a.outcome === 'PENDING');
    await connector.addAttachmentToApplication({ application_id: application!.id, attachment: { name: 'cv.pdf', content_type: 'application/pdf', data: Buffer.from('%PDF-1.4 x') } });
    const comment = writes().at(-1)!;
    const form = decodeMultipart(String(comment.body), String(comment.headers['content-type']))!;
    expect(form.text).toBe('<p>cv.pdf</p>');
    expect([form.type, form.private]).toEqual(['note', 'false']);
    expect(form.file).toMatchObject({ fileName: 'cv.pdf', contentType: 'application/pdf' });
    expect(Buffer.from((form.file as { data: Uint8Array }).data).toString('utf8')).toBe('%PDF-1.4 x');
    expect(Object.keys(form).sort()).toEqual(['file', 'private', 'text', 'type']);
  });

  it('tag: POST …/applicant/{a}/trait with {tag: <encoded tag id>, value}', async () => {
    const { connector, writes, sandbox } = await setup();
    const tag = sandbox.store.list('tags').find((t) => t.type === 'candidates' && t.title === 'Niveau')!;
    const [candidate] = await collect(connector.syncCandidates());
    await connector.addTagToCandidate({ candidate_id: candidate!.id, tag: { name: 'Niveau: Senior' } });
    const [write] = writes();
    expect(write?.method).toBe('POST');
    expect(write?.path).toMatch(new RegExp(`^/company/${COMPANY}/applicant/[^/]+/trait$`));
    expect(write?.body).toEqual({ tag: tag.id, value: 'Senior' });
  });

  it('createCandidate: POST careers /vacancy/candidate/json with exactly the documented fields', async () => {
    const { connector, writes, sandbox } = await setup();
    const vacancy = sandbox.store.list('vacancies')[0]!;
    await connector.createCandidate({
      candidate: {
        first_name: 'Johnny',
        last_name: 'Doe',
        email_addresses: [{ email_address: 'john.doe@example.fr' }],
        phone_numbers: [{ phone_number: '+33123456789' }],
        social_media: [{ link: 'https://www.linkedin.com/in/johndoe', type: 'LINKEDIN' }],
      },
      application: { job_id: encodeId('flatchr', 'job', vacancy.id) },
    });
    const [create] = writes();
    expect([create?.method, create?.path]).toEqual(['POST', '/vacancy/candidate/json']);
    expect(create?.body).toEqual({
      vacancy: vacancy.slug,
      firstname: 'Johnny',
      lastname: 'Doe',
      email: 'john.doe@example.fr',
      phone: '+33123456789',
      token: FLATCHR_SANDBOX_KEY,
      urls: { linkedin: 'https://www.linkedin.com/in/johndoe', facebook: null, twitter: null, other: null },
    });
    expect(writes()).toHaveLength(1);
  });
});

describe('flatchr remote_fields (issue 19.8)', () => {
  it('private comments, and the source, user key and cover letter of a creation, go where Flatchr takes them', async () => {
    const { connector, writes, sandbox } = await setup();
    const [application] = (await collect(connector.syncApplications())).filter((a) => a.outcome === 'PENDING');
    await connector.addNoteToApplication({ application_id: application!.id, content: 'Private', content_type: 'PLAIN_TEXT', remote_fields: { flatchr: { private: true } } });
    const comment = writes().at(-1)!;
    expect(decodeMultipart(String(comment.body), String(comment.headers['content-type']))?.private).toBe('true');
    const vacancy = sandbox.store.list('vacancies')[1]!;
    await connector.createCandidate({
      candidate: { first_name: 'Rf', last_name: 'Test', email_addresses: [{ email_address: 'rf@example.test' }] },
      application: { job_id: encodeId('flatchr', 'job', vacancy.id) },
      remote_fields: { flatchr: { offerer_id: 75, user_id: 'lVq5r6pYLD9AmMvP', comment: 'Cover letter' } },
    });
    const create = writes().find((r) => r.path === '/vacancy/candidate/json');
    expect(create?.body).toMatchObject({ offerer_id: 75, user_id: 'lVq5r6pYLD9AmMvP', comment: 'Cover letter' });
    const wrong = await connector.addNoteToApplication({ application_id: application!.id, content: 'x', remote_fields: { flatchr: { privat: true } } } as never).catch((caught: unknown) => caught);
    expect((wrong as Error).name).toBe('ValidationError');
  });
});
