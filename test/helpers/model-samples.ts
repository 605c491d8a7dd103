import type { ModelName } from '../../src/models/registry.js';

const common = {
  id: 'dGVzdA',
  remote_id: '42',
  changed_at: '2024-05-02T14:40:03.880Z',
  remote_deleted_at: '2024-05-03T00:00:00.000Z',
  remote_created_at: '2024-01-01T00:00:00.000Z',
  remote_updated_at: '2024-05-02T14:40:03.880Z',
  remote_data: { raw: { any: 'thing' } },
};

const integrationField = { id: 'f1', key: 'salary', type: 'number', value: 50_000, label: 'Salary' };

const location = {
  name: 'Paris office',
  street_1: '1 rue de Rivoli',
  street_2: 'Floor 3',
  city: 'Paris',
  state: 'Île-de-France',
  zip_code: '75001',
  country: 'FR',
  raw: '1 rue de Rivoli, 75001 Paris, France',
};

const role = { role_id: 'cm9sZQ', remote_id: '7', remote_label: 'Hiring manager', scope: 'JOB', unified_type: 'HIRING_MANAGER' };

/**
 * One valid record per unified model, with every field set to a non-null value, so a test can
 * tell each field's type from its sample (and replace it with a wrong one).
 */
export const validRecords: Record<ModelName, Record<string, unknown>> = {
  roles: { ...common, remote_label: 'Admin', scope: 'SYSTEM', unified_type: 'ADMIN' },
  users: {
    ...common,
    first_name: 'Ada',
    last_name: 'Lovelace',
    email: 'ada@example.test',
    status: 'ACTIVE',
    system_roles: [{ ...role, scope: 'SYSTEM', unified_type: 'ADMIN', remote_label: 'Admin' }],
  },
  application_stages: { ...common, name: 'Interview', global_index: 2 },
  rejection_reasons: { ...common, name: 'Not a fit' },
  tags: { ...common, name: 'senior' },
  jobs: {
    ...common,
    name: 'Engineer',
    job_code: 'ENG-1',
    description: '<p>Build things</p>',
    confidential: false,
    status: 'OPEN',
    department: 'R&D',
    post_url: 'https://careers.example.test/eng-1',
    remote_url: 'https://ats.example.test/jobs/42',
    visibility: 'PUBLIC',
    employment_type: 'FULL_TIME',
    remote_work_status: 'HYBRID',
    weekly_hours: 37.5,
    category: 'Engineering',
    experience_level: 'Senior',
    salary_amount: 60_000,
    salary_amount_from: 55_000,
    salary_amount_to: 70_000,
    salary_currency: 'EUR',
    salary_period: 'YEAR',
    salary_shown: true,
    location,
    screening_questions: [
      {
        id: 'cXVlc3Rpb24',
        remote_id: 'q1',
        title: 'Which language do you prefer?',
        description: 'Pick one',
        type: 'SINGLE_SELECT',
        options: [{ id: 'b3B0aW9u', remote_id: 'o1', name: 'TypeScript' }],
        required: true,
        index: 0,
      },
    ],
    custom_fields: { level: 'L3' },
    integration_fields: [integrationField],
    opened_at: '2024-01-02T00:00:00.000Z',
    closed_at: '2024-06-01T00:00:00.000Z',
  },
  job_postings: {
    ...common,
    title: 'Engineer (remote)',
    description_html: '<p>Join us</p>',
    status: 'ACTIVE',
    visibility: 'PUBLIC',
    url: 'https://careers.example.test/p/1',
    job_id: 'am9i',
  },
  job_stages: { ...common, job_id: 'am9i', stage_id: 'c3RhZ2U', index: 1 },
  hiring_team: { ...common, job_id: 'am9i', user_id: 'dXNlcg', roles: ['RECRUITER', 'HIRING_MANAGER'], job_roles: [role] },
  candidates: {
    ...common,
    first_name: 'Grace',
    last_name: 'Hopper',
    company: 'Navy',
    title: 'Rear Admiral',
    confidential: true,
    source: 'Referral',
    phone_numbers: [{ phone_number: '+33 1 23 45 67 89', type: 'MOBILE' }],
    email_addresses: [{ email_address: 'grace@example.test', type: 'WORK' }],
    social_media: [{ link: 'https://github.com/grace', type: 'GITHUB', username: 'grace' }],
    tags: [{ id: 'dGFn', name: 'senior' }],
    location,
    remote_url: 'https://ats.example.test/candidates/42',
    custom_fields: { clearance: 'top' },
    integration_fields: [integrationField],
  },
  applications: {
    ...common,
    candidate_id: 'Y2FuZA',
    job_id: 'am9i',
    current_stage_id: 'c3RhZ2U',
    outcome: 'DECLINED',
    rejection_reason_name: 'Not a fit',
    rejected_at: '2024-05-02T00:00:00.000Z',
    source: 'LinkedIn',
    screening_question_answers: [
      { question: { id: 'cXVlc3Rpb24', remote_id: 'q1', title: 'Which language do you prefer?', type: 'SINGLE_SELECT' }, answer: { choice: 'TypeScript' } },
    ],
    remote_url: 'https://ats.example.test/applications/42',
    custom_fields: {},
    integration_fields: [],
  },
  offers: {
    ...common,
    application_id: 'YXBw',
    status: 'SENT',
    employment_start_date: '2024-07-01T00:00:00.000Z',
    sent_at: '2024-05-20T09:00:00.000Z',
    closed_at: '2024-05-25T09:00:00.000Z',
    salary_amount: 65_000,
    salary_currency: 'EUR',
    salary_period: 'YEAR',
    custom_fields: { signing_bonus: 5_000 },
    integration_fields: [integrationField],
  },
  interviews: {
    ...common,
    application_id: 'YXBw',
    stage_id: 'c3RhZ2U',
    title: 'Technical interview',
    starting_at: '2024-05-10T09:00:00.000Z',
    ending_at: '2024-05-10T10:00:00.000Z',
    canceled: false,
    location: 'Room 4',
    video_conferencing_url: 'https://meet.example.test/abc',
  },
  interviewers: { ...common, interview_id: 'aW50', user_id: 'dXNlcg' },
};

/**
 * Fields that are tolerant enums: an unknown value becomes `fallback` instead of failing the
 * parse (B4). `path` is where the enum sits in the record.
 */
export const enumFields: Partial<Record<ModelName, { path: (string | number)[]; fallback: string | null }[]>> = {
  roles: [
    { path: ['scope'], fallback: null },
    { path: ['unified_type'], fallback: null },
  ],
  users: [
    { path: ['status'], fallback: null },
    { path: ['system_roles', 0, 'unified_type'], fallback: null },
  ],
  jobs: [
    { path: ['status'], fallback: null },
    { path: ['visibility'], fallback: null },
    { path: ['employment_type'], fallback: null },
    { path: ['remote_work_status'], fallback: null },
    { path: ['salary_period'], fallback: null },
    { path: ['screening_questions', 0, 'type'], fallback: 'UNKNOWN' },
  ],
  offers: [
    { path: ['status'], fallback: null },
    { path: ['salary_period'], fallback: null },
  ],
  job_postings: [
    { path: ['status'], fallback: null },
    { path: ['visibility'], fallback: null },
  ],
  hiring_team: [
    { path: ['roles', 0], fallback: 'OTHER' },
    { path: ['job_roles', 0, 'scope'], fallback: null },
  ],
  candidates: [
    { path: ['phone_numbers', 0, 'type'], fallback: null },
    { path: ['email_addresses', 0, 'type'], fallback: null },
  ],
  applications: [
    { path: ['outcome'], fallback: null },
    { path: ['screening_question_answers', 0, 'question', 'type'], fallback: 'UNKNOWN' },
  ],
};

/** A deep copy of `record` with the value at `path` replaced. */
export function withValue(record: Record<string, unknown>, path: (string | number)[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(record);
  let target: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) target = target[step] as Record<string | number, unknown>;
  target[path.at(-1) as string | number] = value;
  return copy;
}

/** The value at `path` in `record`. */
export function valueAt(record: unknown, path: (string | number)[]): unknown {
  let current = record;
  for (const step of path) current = (current as Record<string | number, unknown>)[step];
  return current;
}
