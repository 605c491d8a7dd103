/**
 * The seeded dataset of the Crelate sandbox, stored the way api3 renders it (PascalCase fields,
 * `{ Id, Title }` lookups, fixed contact-point slots), so `sandbox.update('contacts', id,
 * { FirstName: 'Ada' })` edits a contact the way a recruiter would. Internal fields start with `_`.
 *
 * Tags such as A.7.5 are defined in docs/connectors/sources/crelate.md (quirk numbers too).
 */
import type { SandboxContext } from '../../sandbox/types.js';
import type { SeededRandom } from '../../sandbox/random.js';
import { FIRST_NAMES, JOB_TITLES, LAST_NAMES } from '../../sandbox/random.js';

const DAY = 86_400_000;

/** The recruiting workflow type id, as one customer org has it (upper case, A.7.5). */
export const RECRUITING_WORKFLOW = { Id: 'F6EF012F-998D-4132-B38B-A17A00B2B958', Title: 'Recruiting' };
const SALES_WORKFLOW = { Id: '0c4d2e1f-5a6b-4c7d-8e9f-0a1b2c3ddd08', Title: 'Sales' };
/** A second job workflow type (an org can run several): the second job of the seed uses it. */
export const EXECUTIVE_WORKFLOW = { Id: '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6fdd08', Title: 'Executive Search' };

/** The sandbox's default tag category (the all-zero id a 3P client uses, A.7.9). */
export const DEFAULT_TAG_CATEGORY = '00000000-0000-0000-0000-000000000000';

/** A deterministic lower-case GUID from the sandbox's random source. */
export function sandboxGuid(random: SeededRandom): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[random.int(0, 3)]}${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** A fake PDF: enough bytes to look like one. */
export function fakePdf(title: string): string {
  return `%PDF-1.4\n% ${title.replace(/[^\w .-]/g, '')}\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n`;
}

/** Fills the store with statuses, jobs, about `records` candidates, client contacts and pipelines. */
export function seedCrelate({ store, random, now }: SandboxContext, records: number): void {
  const start = now();
  const at = (daysAgo: number) => Math.round(start - daysAgo * DAY);
  const add = (collection: string, fields: Record<string, unknown>, daysAgo = 60) =>
    store.add(collection, { id: sandboxGuid(random), ...fields, created_at: at(daysAgo), updated_at: at(daysAgo / 2) });

  const users = Array.from({ length: 4 }, (_, i) => ({ Id: sandboxGuid(random), Title: `${FIRST_NAMES[i]} ${LAST_NAMES[i]}` }));
  const stageDefinitions = [
    ['New Candidates', 'New'],
    ['Screening', 'InProgress'],
    ['Submitted to Client', 'InProgress'],
    ['Placed', 'DonePositive'],
    ['Not a Fit', 'DoneNegative'],
  ] as const;
  const statuses = stageDefinitions.map(([Name, StageType], SortOrder) =>
    add('workflowstatuses', { Name, SortOrder, StageType, Description: null, WorkflowTypeId: RECRUITING_WORKFLOW }, 400),
  );
  // Another workflow's statuses share the endpoint and must not become recruiting stages.
  ['Prospect', 'Won'].forEach((Name, SortOrder) => add('workflowstatuses', { Name, SortOrder, StageType: 'InProgress', Description: null, WorkflowTypeId: SALES_WORKFLOW }, 400));
  for (const Name of ['LinkedIn', 'Portal', 'Referral']) add('contactsources', { Name }, 400);
  const tagPool = [
    ['Python', DEFAULT_TAG_CATEGORY],
    ['Java', DEFAULT_TAG_CATEGORY],
    ['Chicago', 'c7d6e5f4-a3b2-4c1d-9e8f-7a6b5c4ddd08'],
  ].map(([Title, category]) => add('tags', { Title, _category: category }, 400));
  const sources = store.list('contactsources');

  const jobCount = Math.max(3, Math.min(50, Math.ceil(records / 50)));
  const jobs: string[] = [];
  for (let j = 0; j < jobCount; j += 1) {
    const title = JOB_TITLES[j % JOB_TITLES.length] as string;
    const owner = users[j % users.length] as { Id: string; Title: string };
    const closed = j % 5 === 4;
    const job = add('jobs', {
      Name: `Northwind - ${title} ${j + 1}`,
      Description: `<p>Internal: fee 20%, ${title}.</p>`,
      JobCode: `NW-${String(j + 1).padStart(3, '0')}`,
      AccountId: { Id: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3ddd08', Title: 'Northwind Logistics' },
      WorkflowTypeId: RECRUITING_WORKFLOW,
      // Some lookups come in upper case (A.7): the connector lower-cases them.
      Owners: [{ Id: j % 3 === 0 ? owner.Id.toUpperCase() : owner.Id, Title: owner.Title, IsPrimary: true }],
      RecruiterId: users[(j + 1) % users.length],
      NumberOfOpenings: 1,
      // Job types are customer-edited lookups (A.7.2).
      JobTypeIds: [j % 3 === 0 ? { Id: '2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4bdd08', Title: 'Contract' } : { Id: '3b4c5d6e-7f8a-4b9c-8d0e-2f3a4b5cdd08', Title: 'Direct Hire' }],
      IsOnHold: j % 7 === 3,
      IsHidden: false,
      ClosedOn: closed ? new Date(at(5)).toISOString() : null,
      OnPortal: j % 2 === 0,
      PortalTitle: j % 2 === 0 ? title : null,
      PortalDescription: j % 2 === 0 ? `<p>Join Northwind as ${title}.</p>` : null,
      PortalCity: 'Chicago',
      PortalState: 'IL',
      PortalZip: '60654',
      PortalVisibility: 0,
      Tags: null,
    }, 90);
    jobs.push(job.id);
  }

  const clientEvery = 10;
  for (let c = 0, made = 0; made < records; c += 1) {
    const isClient = c % clientEvery === clientEvery - 1;
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const daysAgo = random.int(1, 80);
    const tag = random.chance(0.4) ? random.pick(tagPool) : null;
    const owner = random.pick(users);
    const source = random.pick(sources);
    const contact = add('contacts', {
      FirstName: first,
      LastName: last,
      Name: `${last}, ${first}`,
      // Client contacts share /contacts (quirk 2); every 25th candidate is also a client (3).
      RecordType: isClient ? 2 : made % 25 === 24 ? 3 : 1,
      EmailAddresses_Personal: { Id: sandboxGuid(random), Value: `${first}.${last}.${c}@example.com`.toLowerCase(), IsPrimary: true },
      EmailAddresses_Work: null,
      PhoneNumbers_Mobile: random.chance(0.7) ? { Id: sandboxGuid(random), Value: `+1312555${String(1000 + c).slice(-4)}`, Extension: '+1', IsPrimary: true } : null,
      Websites_LinkedIn: random.chance(0.5) ? { Id: sandboxGuid(random), Value: `https://www.linkedin.com/in/${first}-${last}-${c}`.toLowerCase(), IsPrimary: true } : null,
      // Every third contact has a home address (fixed values: no draw from the random source).
      Addresses_Home: c % 3 === 0 ? { Line1: `${100 + c} W Erie St`, Line2: null, City: 'Chicago', State: 'IL', ZipCode: '60654', CountryId: { Id: '7eb08bbf-b0e7-4934-a8c1-a38f00bb19ea', Title: 'United States' }, IsPrimary: true } : null,
      CurrentPosition: { Id: sandboxGuid(random), JobTitle: random.pick(JOB_TITLES), CompanyId: { Id: sandboxGuid(random), Title: 'Contoso' }, IsPrimary: true },
      ContactSourceId: { Id: source.id, Title: String(source.Name) },
      Owners: [{ Id: owner.Id, Title: owner.Title, IsPrimary: true }],
      Tags: tag ? { [String(tag._category)]: [{ Id: tag.id, Title: tag.Title }] } : null,
      PrimaryDocumentAttachmentId: null,
      EntityStatus: 1,
      ExternalPrimaryKey: null,
    }, daysAgo);
    if (isClient) continue;
    made += 1;
    if (c % 4 === 0) {
      const fileName = `${first}_${last}_Resume.pdf`;
      const artifact = add('artifacts', { FileName: fileName, ContentType: 'application/pdf', ArtifactTypeId: { Id: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8bdd08', Title: 'Resume' }, IsPrimary: true, _parentId: contact.id, _content: fakePdf(fileName) }, daysAgo);
      contact.PrimaryDocumentAttachmentId = { Id: artifact.id, Title: fileName };
    }
    const job = jobs[c % jobs.length] as string;
    const status = statuses[random.int(0, statuses.length - 1)] as { id: string };
    store.add('pipeline', { id: `${job}:${contact.id}`, _jobId: job, _contactId: contact.id, _statusId: status.id, created_at: at(daysAgo), updated_at: at(daysAgo / 3) });
  }

  // The second job runs on another workflow type, with its own statuses (listed out of order):
  // its stages and its applications' stages come from that type, not from the recruiting one.
  const executive = [
    ['Offer', 2, 'InProgress'],
    ['Longlist', 0, 'New'],
    ['Client Interview', 1, 'InProgress'],
    ['Hired', 3, 'DonePositive'],
    ['Withdrawn', 4, 'DoneNegative'],
  ] as const;
  const executiveStatuses = executive.map(([Name, SortOrder, StageType]) => add('workflowstatuses', { Name, SortOrder, StageType, Description: null, WorkflowTypeId: EXECUTIVE_WORKFLOW }, 400));
  const executiveJob = jobs[1] as string;
  // Set in place: seeding does not count as a modification.
  (store.get('jobs', executiveJob) as Record<string, unknown>).WorkflowTypeId = EXECUTIVE_WORKFLOW;
  store.list('pipeline').filter((item) => item._jobId === executiveJob).forEach((item, index) => {
    item._statusId = (executiveStatuses[index % executiveStatuses.length] as { id: string }).id;
  });
}
