/**
 * The Gem sandbox dataset and its rendering: records are stored with Gem's field names and
 * references by id, and rendered as the ATS API's JSON: base64-looking string ids, ISO
 * timestamps, `deleted_at`, embedded `UserLite`/offices/departments, applications embedded in
 * candidates. Seeded and deterministic.
 */
import type { SandboxContext } from '../../sandbox/types.js';
import type { SandboxStore, StoredRecord } from '../../sandbox/store.js';
import { FIRST_NAMES, JOB_TITLES, LAST_NAMES } from '../../sandbox/random.js';

const DAY = 86_400_000;

/** A Gem-style opaque id: base64 of `Type:number` ("base64-looking", may end with `=`). */
export function gemStyleId(store: SandboxStore, type: string): string {
  return Buffer.from(`${type}:${store.nextId()}`, 'utf8').toString('base64');
}

const iso = (ms: unknown) => (typeof ms === 'number' ? new Date(ms).toISOString() : null);

/** Fills the store with about `records` candidates and everything around them. */
export function seedGem({ store, random, now }: SandboxContext, records: number): void {
  const start = now();
  const at = (daysAgo: number) => start - Math.round(daysAgo * DAY);
  const add = (collection: string, type: string, fields: Record<string, unknown>, daysAgo = 60) =>
    store.add(collection, { id: gemStyleId(store, type), deleted_at: null, ...fields, created_at: at(daysAgo), updated_at: at(daysAgo / 2) });
  const users = Array.from({ length: 6 }, (_, i) =>
    add('users', 'User', {
      first_name: FIRST_NAMES[i],
      last_name: LAST_NAMES[i],
      employee_id: `E-${100 + i}`,
      primary_email_address: `user${i}@acme.example`,
      emails: [`user${i}@acme.example`],
      disabled: i === 5,
      site_admin: i === 1,
    }, 120).id,
  );
  const departments = ['Engineering', 'Sales', 'People'].map((name) => add('departments', 'Department', { name }).id);
  const offices = [['New York', 'New York, NY, United States'], ['Remote - US', 'United States']].map(([name, location]) => add('offices', 'Office', { name, location: { name: location } }).id);
  const sources = ['Company Career Site', 'LinkedIn', 'Referral'].map((public_name) => add('sources', 'Source', { public_name }).id);
  const reasons = ['Not enough experience', 'Withdrew', 'Position filled'].map((name) => add('rejection_reasons', 'RejectionReason', { name, type: { id: 'type-1', name: 'We rejected them' } }).id);
  const jobCount = Math.max(3, Math.min(50, Math.ceil(records / 50)));
  const jobs: { id: string; name: string; stages: string[] }[] = [];
  for (let j = 0; j < jobCount + 1; j += 1) {
    const template = j === jobCount;
    const name = template ? 'Template: Engineer' : `${JOB_TITLES[j % JOB_TITLES.length]} ${j + 1}`;
    const status = j % 6 === 5 ? 'closed' : j % 4 === 3 ? 'draft' : 'open';
    const job = add('jobs', 'Job', {
      name,
      requisition_id: `REQ-${j + 1}`,
      confidential: j % 5 === 4,
      status,
      is_template: template,
      opened_at: status === 'draft' ? null : at(80),
      closed_at: status === 'closed' ? at(10) : null,
      department_ids: [departments[j % 3], departments[(j + 1) % 3]],
      office_ids: j % 2 ? [offices[1], offices[0]] : [offices[0]],
      hiring_team: { hiring_managers: [users[0]], recruiters: [users[1 + (j % 3)]], coordinators: j % 2 ? [users[1]] : [], sourcers: null },
    }, 90);
    // Stored out of priority order on purpose: the pipeline order comes from `priority`, not list order.
    const stageNames: [string, number][] = [['Application Review', 0], ['Offer', 30], ['Phone Screen', 10], ['Technical Interview', 20]];
    const stages = stageNames.map(([stageName, priority]) =>
      add('job_stages', 'JobStage', {
        name: stageName,
        job_id: job.id,
        priority,
        active: true,
        interviews: stageName === 'Technical Interview'
          ? [{ id: `interview-${job.id}`, name: 'System Design', schedulable: true, estimated_minutes: 60, default_interviewer_users: [], deleted_at: null, job_stage_interview_item_id: `item-${job.id}` }]
          : [],
      }, 90),
    );
    const byPriority = [...stages].sort((a, b) => Number(a.priority) - Number(b.priority)).map((stage) => stage.id);
    jobs.push({ id: job.id, name, stages: byPriority });
    if (template) continue;
    // An older unpublished post and the current live one: the job description must come from the live one.
    add('job_posts', 'JobPost', { title: name, job_id: job.id, active: false, live: false, first_published_at: at(85), content: `<p>Old ad for ${name}.</p>` }, 88);
    if (status !== 'draft') {
      add('job_posts', 'JobPost', { title: name, job_id: job.id, active: true, live: status === 'open', first_published_at: at(70), content: `<p>Join us as ${name}.</p>`, absolute_url: `https://jobs.gem.example/acme/${job.id}` }, 75);
    }
  }
  const openJobs = jobs.slice(0, jobCount);
  for (let c = 0; c < records; c += 1) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const daysAgo = random.int(1, 80);
    const candidate = add('candidates', 'Candidate', {
      first_name: first,
      last_name: last,
      company: random.chance(0.6) ? random.pick(['Acme Inc.', 'Globex', 'Initech']) : null,
      title: random.chance(0.6) ? random.pick(['Engineer', 'Designer', 'Analyst']) : '',
      is_private: random.chance(0.05),
      phone_numbers: random.chance(0.7) ? [{ type: random.pick(['mobile', 'home', 'work']), value: `+1 555 ${String(100000 + c).padStart(7, '0')}` }] : [],
      email_addresses: [{ type: 'personal', value: `${first}.${last}.${c}@example.com`.toLowerCase(), is_primary: true }],
      social_media_addresses: random.chance(0.5) ? [{ value: `https://www.linkedin.com/in/${first}-${last}-${c}`.toLowerCase() }] : [],
      tags: random.chance(0.4) ? [random.pick(['Referral', 'Python', 'Senior', 'Remote'])] : [],
      attachments: random.chance(0.3) ? [{ filename: `${first}_${last}_CV.pdf`, url: `https://files.gem.example/signed/${c}.pdf`, type: 'resume', created_at: iso(at(daysAgo)) }] : [],
      linked_user_ids: [],
    }, daysAgo);
    const applicationCount = random.chance(0.15) ? 2 : 1;
    for (let a = 0; a < applicationCount; a += 1) {
      const job = openJobs[(c + a) % openJobs.length] as (typeof jobs)[number];
      const status = random.chance(0.15) ? 'rejected' : random.chance(0.05) ? 'hired' : 'active';
      const stage = job.stages[random.int(0, 3)] as string;
      const application = store.add('applications', {
        id: gemStyleId(store, 'Application'),
        candidate_id: candidate.id,
        job_id: job.id,
        job_post_id: null,
        source_id: sources[(c + a) % 3],
        credited_to: users[1],
        status,
        rejected_at: status === 'rejected' ? at(daysAgo / 4) : null,
        rejection_reason_id: status === 'rejected' ? reasons[c % 3] : null,
        current_stage_id: stage,
        deleted_at: null,
        created_at: at(daysAgo - a),
        updated_at: at(daysAgo / 3),
      });
      if (status === 'active' && random.chance(0.25)) {
        const startMs = at(daysAgo / 5);
        store.add('scheduled_interviews', {
          id: gemStyleId(store, 'ScheduledInterview'),
          application_id: application.id,
          external_event_id: `gcal-${c}-${a}`,
          start_ms: startMs,
          end_ms: startMs + 3_600_000,
          location: random.pick(['Zoom', 'Office', '']),
          video_conferencing_url: random.chance(0.5) ? `https://zoom.example/j/${c}` : null,
          status: random.pick(['scheduled', 'awaiting_feedback', 'complete']),
          interview_name: 'System Design',
          organizer_id: users[1],
          interviewer_ids: random.chance(0.5) ? [users[2], users[3]] : [users[2]],
          job_stage_interview_item_id: `item-${job.id}`,
          deleted_at: null,
          created_at: at(daysAgo / 4),
          updated_at: at(daysAgo / 4),
        });
      }
    }
  }
}

/** `UserLite`: no email. */
function userLite(store: SandboxStore, id: unknown) {
  const user = typeof id === 'string' ? store.get('users', id) : undefined;
  return user ? { id: user.id, name: `${String(user.first_name)} ${String(user.last_name)}`, first_name: user.first_name, last_name: user.last_name, employee_id: user.employee_id } : null;
}

const embedded = (store: SandboxStore, collection: string, ids: unknown) =>
  (Array.isArray(ids) ? ids : []).map((id) => store.get(collection, String(id))).filter((r): r is StoredRecord => r !== undefined);

/** Renders a stored record as the Gem ATS API returns it. */
export function renderGem(store: SandboxStore, collection: string, record: StoredRecord): Record<string, unknown> {
  const { created_at, updated_at, deleted_at, ...fields } = record;
  const stamps = { created_at: iso(created_at), updated_at: iso(updated_at), deleted_at: iso(deleted_at) };
  switch (collection) {
    case 'jobs': {
      const { department_ids, office_ids, hiring_team, ...job } = fields;
      const team = hiring_team as Record<string, unknown[] | null>;
      return {
        ...job,
        ...stamps,
        opened_at: iso(job.opened_at),
        closed_at: iso(job.closed_at),
        departments: embedded(store, 'departments', department_ids).map((d) => ({ id: d.id, name: d.name, parent_id: null, child_ids: [], deleted_at: null })),
        offices: embedded(store, 'offices', office_ids).map((o) => ({ id: o.id, name: o.name, location: o.location, parent_id: null, child_ids: [], deleted_at: null })),
        hiring_team: Object.fromEntries(Object.entries(team).map(([role, ids]) => [role, ids === null ? null : ids.map((id) => userLite(store, id)).filter(Boolean)])),
      };
    }
    case 'job_posts':
      return { ...fields, ...stamps, first_published_at: iso(fields.first_published_at) };
    case 'applications': {
      const job = store.get('jobs', String(fields.job_id));
      const stage = store.get('job_stages', String(fields.current_stage_id));
      const source = store.get('sources', String(fields.source_id));
      const reason = fields.rejection_reason_id ? store.get('rejection_reasons', String(fields.rejection_reason_id)) : undefined;
      return {
        id: fields.id,
        candidate_id: fields.candidate_id,
        applied_at: iso(created_at),
        rejected_at: iso(fields.rejected_at),
        // applications expose activity, not an updated_at.
        last_activity_at: iso(updated_at),
        source: source ? { id: source.id, public_name: source.public_name } : null,
        credited_to: fields.credited_to,
        rejection_reason: reason ? { id: reason.id, name: reason.name, type: reason.type } : null,
        jobs: job ? [{ id: job.id, name: job.name }] : [],
        job_post_id: fields.job_post_id,
        status: fields.status,
        current_stage: stage ? { id: stage.id, name: stage.name } : null,
        deleted_at: stamps.deleted_at,
      };
    }
    case 'candidates': {
      const applications = store.list('applications').filter((a) => a.candidate_id === record.id && !a.deleted_at);
      return { ...fields, ...stamps, last_activity: stamps.updated_at, application_ids: applications.map((a) => a.id), applications: applications.map((a) => renderGem(store, 'applications', a)) };
    }
    case 'scheduled_interviews': {
      const { start_ms, end_ms, interview_name, organizer_id, interviewer_ids, ...interview } = fields;
      return {
        ...interview,
        ...stamps,
        start: { date_time: iso(start_ms) },
        end: { date_time: iso(end_ms) },
        interview: { id: `interview-${String(interview.job_stage_interview_item_id)}`, name: interview_name },
        organizer: userLite(store, organizer_id),
        interviewers: (interviewer_ids as string[]).map((id) => {
          const user = store.get('users', id);
          return { ...userLite(store, id), email: user?.primary_email_address ?? null, response_status: 'accepted', scorecard_id: null };
        }),
      };
    }
    default:
      return { ...fields, ...stamps };
  }
}
