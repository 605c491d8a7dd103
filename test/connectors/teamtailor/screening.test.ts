/**
 * Teamtailor application-form questions on jobs (#19.4): the job's `picked-questions` with their
 * included `question`, read through the sandbox and mapped to `Job.screening_questions` (type,
 * options, required, order), and straight from a wire job for the kinds the sandbox does not seed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { screeningAnswers } from '../../../src/connectors/teamtailor/mappers/to-application.js';
import { indexIncluded } from '../../../src/connectors/teamtailor/jsonapi.js';
import { screeningQuestions } from '../../../src/connectors/teamtailor/mappers/to-job.js';
import * as wire from '../../../src/connectors/teamtailor/wire.js';
import { encodeId } from '../../../src/core/ids.js';
import { JobSchema } from '../../../src/models/index.js';
import { startSandbox, type Sandbox, type StoredRecord } from '../../../src/testing/index.js';
import { collect } from './fixture-server.js';
import { sandboxConnector, type SandboxConnector } from './sandbox-helpers.js';

const id = (kind: string, ...parts: string[]) => encodeId('teamtailor', kind, ...parts);
type Rel = Record<string, string | string[] | null>;

let sandbox: Sandbox<'teamtailor'> | undefined;
let ats: SandboxConnector | undefined;
afterEach(async () => {
  await ats?.close();
  await sandbox?.close();
  ats = undefined;
  sandbox = undefined;
});

describe('job screening questions', () => {
  it('syncJobs includes picked-questions.question and maps type, options, required and order', async () => {
    sandbox = await startSandbox('teamtailor', { records: 20, seed: 8 });
    ats = sandboxConnector(sandbox);
    const jobs = await collect(ats.connector.syncJobs());
    expect(ats.requests.filter((request) => request.startsWith('GET /jobs?')).every((request) => request.includes('picked-questions,picked-questions.question'))).toBe(true);
    const stored = sandbox.store.list('questions') as [StoredRecord, StoredRecord, StoredRecord];
    const asking = sandbox.store.list('jobs').filter((job) => Array.isArray((job.rel as Rel)['picked-questions']));
    expect(asking.length).toBeGreaterThan(0);
    for (const job of jobs) {
      JobSchema.parse(job);
      const record = sandbox.store.get('jobs', job.remote_id)!;
      if (!Array.isArray((record.rel as Rel)['picked-questions'])) {
        expect(job.screening_questions).toEqual([]);
        continue;
      }
      expect(job.screening_questions).toEqual([
        { id: id('screening_question', stored[0].id), remote_id: stored[0].id, title: 'Do you have a work permit for the EU?', description: null, type: 'BOOLEAN', options: [], required: true, index: 0 },
        {
          id: id('screening_question', stored[1].id),
          remote_id: stored[1].id,
          title: 'Which office would you work from?',
          description: null,
          type: 'SINGLE_SELECT',
          options: [
            { id: id('screening_option', stored[1].id, '0'), remote_id: null, name: 'Stockholm' },
            { id: id('screening_option', stored[1].id, '1'), remote_id: null, name: 'Berlin' },
            { id: id('screening_option', stored[1].id, '2'), remote_id: null, name: 'Remote' },
          ],
          required: false,
          index: 1,
        },
        { id: id('screening_question', stored[2].id), remote_id: stored[2].id, title: 'Years of experience', description: null, type: 'NUMBER', options: [], required: false, index: 2 },
      ]);
    }
    expect(jobs.filter((job) => job.screening_questions.length === 3).length).toBe(asking.filter((job) => jobs.some((read) => read.remote_id === job.id)).length);
  });

  it('getJob reads the same questions', async () => {
    sandbox = await startSandbox('teamtailor', { records: 20, seed: 8 });
    ats = sandboxConnector(sandbox);
    const asking = sandbox.store.list('jobs').find((job) => Array.isArray((job.rel as Rel)['picked-questions']))!;
    const job = await ats.connector.getJob(id('job', asking.id));
    expect(job.screening_questions.map((question) => [question.type, question.required])).toEqual([
      ['BOOLEAN', true],
      ['SINGLE_SELECT', false],
      ['NUMBER', false],
    ]);
  });

  it('maps every documented kind; multiple choice, object alternatives, unknown kinds and missing questions are handled', () => {
    const question = (qid: string, attributes: Record<string, unknown>) => ({ id: qid, type: 'questions', attributes });
    const picked = (pid: string, qid: string, mandatory: unknown) => ({ id: pid, type: 'picked-questions', attributes: { mandatory }, relationships: { question: { data: { type: 'questions', id: qid } } } });
    const raw = wire.jobSchema.parse({
      id: '9',
      type: 'jobs',
      attributes: { title: 'Job' },
      relationships: { 'picked-questions': { data: ['1', '2', '3', '4', '5', '6', '7', '8'].map((pid) => ({ type: 'picked-questions', id: pid })) } },
    });
    const included = indexIncluded([
      picked('1', '11', true),
      question('11', { title: 'Stacks?', 'question-type': 'Choice', multiple: true, alternatives: [{ id: 5, title: 'Ruby' }, { id: '6', name: 'Go' }, 42, { id: 7 }] }),
      picked('2', '12', 'yes'),
      question('12', { title: 'Intro video', 'question-type': 'Video' }),
      picked('3', '13', false),
      question('13', { title: 'Start date', 'question-type': 'Date' }),
      picked('4', '14', null),
      question('14', { title: 'Portfolio', 'question-type': 'File' }),
      picked('5', '15', false),
      question('15', { title: 'Expected salary', 'question-type': 'Number' }),
      picked('6', '16', false),
      question('16', { title: 'About you', 'question-type': 'Text' }),
      picked('7', '404', true),
      // picked question 8 is not included at all
    ]);
    const mapped = screeningQuestions(raw, included);
    expect(mapped.map((item) => [item.remote_id, item.type, item.required, item.index])).toEqual([
      ['11', 'MULTI_SELECT', true, 0],
      ['12', 'UNKNOWN', null, 1],
      ['13', 'DATE', false, 2],
      ['14', 'FILE', null, 3],
      ['15', 'NUMBER', false, 4],
      ['16', 'TEXT', false, 5],
    ]);
    expect(mapped[0]!.options).toEqual([
      { id: id('screening_option', '11', '5'), remote_id: '5', name: 'Ruby' },
      { id: id('screening_option', '11', '6'), remote_id: '6', name: 'Go' },
    ]);
  });

});

describe('application screening answers (the candidate\'s answers)', () => {
  it('syncApplications includes candidate.answers.question and maps each answer by its question\'s kind', async () => {
    sandbox = await startSandbox('teamtailor', { records: 20, seed: 8 });
    ats = sandboxConnector(sandbox);
    const box = sandbox;
    const applications = await collect(ats.connector.syncApplications());
    expect(ats.requests.filter((request) => request.startsWith('GET /job-applications?')).every((request) => request.includes('candidate.answers,candidate.answers.question'))).toBe(true);
    const [permit, office] = box.store.list('questions') as [StoredRecord, StoredRecord];
    let answered = 0;
    for (const application of applications) {
      const candidate = box.store.get('candidates', (box.store.get('job-applications', application.remote_id)!.rel as Rel).candidate as string)!;
      if (!(candidate.rel as Rel).answers) {
        expect(application.screening_question_answers).toEqual([]);
        continue;
      }
      answered += 1;
      const n = Number(candidate.id);
      expect(application.screening_question_answers).toEqual([
        { question: { id: id('screening_question', permit.id), remote_id: permit.id, title: 'Do you have a work permit for the EU?', type: 'BOOLEAN' }, answer: { checked: n % 2 === 0 } },
        { question: { id: id('screening_question', office.id), remote_id: office.id, title: 'Which office would you work from?', type: 'SINGLE_SELECT' }, answer: { choice: ['Stockholm', 'Berlin', 'Remote'][n % 3] } },
      ]);
    }
    expect(answered).toBeGreaterThan(0);
  });

  it('maps text, number, multiple choice, unresolvable choices, video and answers without their question', async () => {
    const question = (qid: string, attributes: Record<string, unknown>) => ({ id: qid, type: 'questions', attributes });
    const answer = (aid: string, qid: string, attributes: Record<string, unknown>) => ({ id: aid, type: 'answers', attributes, relationships: { question: { data: { type: 'questions', id: qid } } } });
    const candidate = { id: '1', type: 'candidates', attributes: {}, relationships: { answers: { data: ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((aid) => ({ type: 'answers', id: aid })) } } };
    const included = indexIncluded([
      question('q1', { title: 'About you', 'question-type': 'Text' }),
      answer('a1', 'q1', { text: 'I like turtles' }),
      question('q2', { title: 'Years', 'question-type': 'Range', 'start-with': 0, 'end-with': 20 }),
      answer('a2', 'q2', { range: 7 }),
      question('q3', { title: 'Stacks', 'question-type': 'Choice', multiple: true, alternatives: ['Ruby', 'Go', 'Rust'] }),
      answer('a3', 'q3', { choices: [0, 2] }),
      question('q4', { title: 'Office', 'question-type': 'Choice', multiple: false, alternatives: null }),
      answer('a4', 'q4', { choices: [3] }),
      question('q5', { title: 'Video', 'question-type': 'Video' }),
      answer('a5', 'q5', { 'video-token': 'tok' }),
      answer('a6', 'missing', { text: 'orphan' }),
    ]);
    const mapped = screeningAnswers(indexIncluded([candidate]).get('candidates:1')!, included);
    expect(mapped.map((item) => [item.question.remote_id, item.question.type, item.answer])).toEqual([
      ['q1', 'TEXT', { content: 'I like turtles' }],
      ['q2', 'NUMBER', { number: 7 }],
      ['q3', 'MULTI_SELECT', { choices: ['Ruby', 'Rust'] }],
      ['q4', 'SINGLE_SELECT', { raw: [3] }],
      ['q5', 'UNKNOWN', { raw: { text: null, boolean: null, range: null, choices: null, 'video-token': 'tok' } }],
    ]);
    expect(screeningAnswers(null, included)).toEqual([]);
  });
});
