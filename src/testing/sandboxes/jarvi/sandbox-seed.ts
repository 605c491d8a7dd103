/**
 * The Jarvi sandbox's dataset and rendering: a seeded, deterministic workspace of talents (a few
 * also contacts, a few soft-deleted), client contacts (some of which leak through the `isTalent`
 * filter, quirk 4), recruitment and sales projects, published offers, users, statuses, and
 * profile↔project rows. Records are stored in Jarvi's camelCase with the store's `created_at` /
 * `updated_at`, rendered as Jarvi timestamps (microseconds, `+00:00`, trailing zeros trimmed).
 *
 * Tags such as B.1 are defined in docs/connectors/sources/jarvi.md (quirk numbers too).
 */
import type { SandboxContext } from '../../sandbox/types.js';
import type { StoredRecord } from '../../sandbox/store.js';
import type { SeededRandom } from '../../sandbox/random.js';
import { FIRST_NAMES, JOB_TITLES, LAST_NAMES } from '../../sandbox/random.js';

const DAY = 86_400_000;

/** Talent statuses of a fresh workspace (B.1, help centre); `New application` is set by /applicants. */
export const SANDBOX_STATUSES = ['Not contacted', 'Contacted', 'Responded', 'New application', 'Interview', 'Archived'] as const;

/** Custom field ids of the sandbox workspace. */
export const SANDBOX_FIELDS = {
  tags: '7f0c2a51-3b9d-4c1e-9a55-0d6a1f2b3c4d',
  title: '1a2b3c4d-0000-4000-8000-000000000001',
  description: '1a2b3c4d-0000-4000-8000-000000000002',
  location: '1a2b3c4d-0000-4000-8000-000000000003',
} as const;

/** A deterministic UUID v4 from the sandbox's random source. */
export function sandboxUuid(random: SeededRandom): string {
  const hex = Array.from({ length: 32 }, () => random.int(0, 15).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Jarvi's timestamp form: `2025-01-06T16:26:40.4848+00:00`, trailing zeros trimmed (quirk 15). */
export function jarviStamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = `${iso.slice(20, 23)}000`.replace(/0+$/, '');
  return `${iso.slice(0, 19)}${fraction ? `.${fraction}` : ''}+00:00`;
}

/** Fills the store with about `records` talents. */
export function seedJarvi({ store, random, now }: SandboxContext, records: number): void {
  const start = now();
  const at = (daysAgo: number) => start - Math.round(daysAgo * DAY);
  const statuses = SANDBOX_STATUSES.map((name, order) => store.add('statuses', { id: sandboxUuid(random), name, order }).id);
  const users = ['Sarah Le Roué', 'Johan Barri', 'Inès Martin', 'Paul Girard'].map((displayName, i) =>
    store.add('users', { id: sandboxUuid(random), displayName, email: `user${i}@acme.example`, disabled: i === 3 }).id,
  );
  const jobCount = Math.max(3, Math.min(30, Math.ceil(records / 25)));
  const jobs: string[] = [];
  for (let j = 0; j < jobCount + 2; j += 1) {
    const sales = j >= jobCount;
    const title = sales ? `Deal ${j - jobCount + 1}` : `${JOB_TITLES[j % JOB_TITLES.length]} ${j + 1}`;
    const created = at(120 - j);
    const project = store.add('projects', {
      id: sandboxUuid(random),
      name: title,
      isMadeForRecruitment: !sales,
      isMadeForSales: sales,
      statusId: sandboxUuid(random),
      companyId: sandboxUuid(random),
      user: users[j % 3],
      assignees: [users[j % 3], users[(j + 1) % 4]],
      referenceId: sales ? null : `ACME${String(j + 1).padStart(3, '0')}`,
      externalId: null,
      shortId: sales ? null : `o${j + 1}`,
      published: !sales && j % 3 !== 2,
      deletedAt: !sales && j === jobCount - 1 ? jarviStamp(at(3)) : null,
      // The job ad's values, kept for tests (not rendered); the ad itself is the custom fields.
      ad: sales ? null : jobAd(j),
      fieldsValues: sales ? [] : offerFields(title, j, jobAd(j)),
      created_at: created,
      updated_at: created + DAY,
    });
    if (!sales) jobs.push(project.id);
  }
  const openJobs = jobs.slice(0, -1);
  for (let c = 0; c < records; c += 1) {
    const first = random.pick(FIRST_NAMES);
    const last = random.pick(LAST_NAMES);
    const created = at(random.int(5, 90));
    const profile = store.add('profiles', {
      id: sandboxUuid(random),
      ...person(first, last, c),
      isTalent: true,
      isContact: c % 20 === 19,
      statusId: statuses[random.int(0, statuses.length - 1)],
      source: random.pick(['MANUAL', 'LINKEDIN', 'APPLICATION']),
      headline: random.chance(0.8) ? random.pick(JOB_TITLES) : '',
      lastPosition: random.chance(0.6) ? { companyName: random.pick(['Acme SAS', 'Globex', 'Initech']), __typename: 'positions' } : null,
      deletedAt: c % 50 === 49 ? jarviStamp(at(1)) : null,
      fieldsValues: random.chance(0.3) ? [tagValue(random.pick(['java', 'senior', 'remote']))] : [],
      files: [],
      created_at: created,
      updated_at: created + random.int(0, 4) * DAY + random.int(0, 999),
    });
    const applications = c % 11 === 10 ? 0 : c % 7 === 6 ? 2 : 1;
    for (let a = 0; a < applications; a += 1) {
      const projectId = openJobs[(c + a) % openJobs.length] as string;
      store.add('applications', { profileId: profile.id, projectId, created_at: created, updated_at: created });
    }
  }
  // Client contacts: not candidates. Every third one leaks through the isTalent filter (quirk 4).
  for (let k = 0; k < Math.max(2, Math.ceil(records / 10)); k += 1) {
    const created = at(random.int(5, 90));
    store.add('profiles', {
      id: sandboxUuid(random),
      ...person(random.pick(FIRST_NAMES), random.pick(LAST_NAMES), 10_000 + k),
      isTalent: false,
      isContact: true,
      statusId: null,
      source: 'MANUAL',
      headline: 'Hiring manager',
      lastPosition: { companyName: 'Client Corp', __typename: 'positions' },
      deletedAt: null,
      fieldsValues: [],
      files: [],
      _leaksTalentFilter: k % 3 === 0,
      created_at: created,
      updated_at: created,
    });
  }
}

function person(first: string, last: string, n: number): Record<string, unknown> {
  const email = `${first}.${last}.${n}@example.com`.toLowerCase();
  return {
    firstName: first,
    firstNameManual: first,
    firstNameParsed: null,
    lastName: last,
    lastNameManual: last,
    lastNameParsed: null,
    externalId: null,
    preferredEmailAddress: email,
    emailAddresses: [{ email, __typename: 'emails' }],
    phoneNumbers: n % 3 === 0 ? [] : [{ number: `06 12 ${String(n % 100).padStart(2, '0')} 56 78`, canonicalNumber: `+33612${String(n % 100).padStart(2, '0')}5678`, type: n % 2 ? 'mobile' : 'work' }],
    publicIdentifier: n % 2 ? `${first}-${last}-${n}`.toLowerCase() : null,
    profileUrl: n % 2 ? `https://www.linkedin.com/in/${first}-${last}-${n}/`.toLowerCase() : null,
    locations: [{ name: 'Nantes, France' }],
  };
}

function tagValue(name: string): Record<string, unknown> {
  return {
    id: `tv-${name}`,
    field: { id: SANDBOX_FIELDS.tags, type: 'tags', name: 'Tags', purpose: null, __typename: 'fields' },
    fieldValue: { id: `tag-${name}`, name, technicalValue: name },
    location: null,
    value: null,
    __typename: 'profiles_fieldsvalues',
  };
}

/** The job-ad values of the `j`-th project. */
function jobAd(j: number) {
  return { salaryMin: 40_000 + j * 1_000, salaryMax: 50_000 + j * 1_000, remoteDays: [0, 2, 5][j % 3] as number, fullTime: j % 4 !== 3, years: j % 6, public: j % 2 === 0 };
}

function offerFields(title: string, j: number, ad: ReturnType<typeof jobAd>): Record<string, unknown>[] {
  const field = (id: string, purpose: string, type: string) => ({ id, type, name: `resources.fields.purposes.${purpose}.name`, purpose, __typename: 'fields' });
  return [
    { id: `fv-t-${j}`, field: field(SANDBOX_FIELDS.title, 'joboffer_title', 'text'), fieldValue: null, location: null, value: title, __typename: 'projects_fieldsvalues' },
    { id: `fv-d-${j}`, field: field(SANDBOX_FIELDS.description, 'joboffer_description', 'richtext'), fieldValue: null, location: null, value: `<p>Join us as ${title}.</p>`, __typename: 'projects_fieldsvalues' },
    {
      id: `fv-l-${j}`,
      field: field(SANDBOX_FIELDS.location, 'joboffer_location', 'location'),
      fieldValue: null,
      location: j % 2
        ? { formattedAddress: 'Paris, France', locality: 'Paris', postalCode: '75002', administrativeAreaLevel1: 'Île-de-France', countryName: 'France', countryShortName: 'FR', search: 'paris' }
        : { formattedAddress: 'Nantes, France', locality: 'Nantes', postalCode: '44000', administrativeAreaLevel1: 'Pays de la Loire', countryName: 'France', countryShortName: 'FR', search: 'nantes' },
      value: null,
      __typename: 'projects_fieldsvalues',
    },
    ...(
      [
        ['joboffer_salary_per_year_min', 'number', String(ad.salaryMin)],
        ['joboffer_salary_per_year_max', 'number', String(ad.salaryMax)],
        ['joboffer_salary_is_public', 'boolean', String(ad.public)],
        ['joboffer_is_fulltime', 'boolean', String(ad.fullTime)],
        ['joboffer_remote_days_per_week', 'number', String(ad.remoteDays)],
        ['joboffer_min_years_of_experience', 'number', String(ad.years)],
      ] as const
    ).map(([purpose, type, value], n) => ({
      id: `fv-${n}-${j}`,
      field: field(`1a2b3c4d-0000-4000-8000-0000000001${String(n).padStart(2, '0')}`, purpose, type),
      fieldValue: null,
      location: null,
      value,
      __typename: 'projects_fieldsvalues',
    })),
    {
      id: `fv-c-${j}`,
      field: field('1a2b3c4d-0000-4000-8000-000000000004', 'joboffer_contract_type', 'choice'),
      fieldValue: { id: 'choice-cdi', name: 'CDI', technicalValue: 'permanent', __typename: 'fields_values' },
      location: null,
      value: null,
      __typename: 'projects_fieldsvalues',
    },
  ];
}

/** A stored user as Jarvi embeds it (`{ displayName, email, id, disabled }`). */
function embeddedUser(store: SandboxContext['store'], id: unknown, withDisabled: boolean): Record<string, unknown> | null {
  const user = typeof id === 'string' ? store.get('users', id) : undefined;
  if (!user) return null;
  return { displayName: user.displayName, email: user.email, id: user.id, ...(withDisabled ? { disabled: user.disabled } : {}), __typename: 'users' };
}

/** Renders a stored profile: timestamps, embedded profile↔project rows; internal keys hidden. */
export function renderProfile(store: SandboxContext['store'], record: StoredRecord): Record<string, unknown> {
  const { created_at, updated_at, _leaksTalentFilter: _leak, ...fields } = record;
  const projects = store
    .list('applications')
    .filter((row) => row.profileId === record.id)
    .map((row) => ({ projectId: row.projectId, createdAt: jarviStamp(row.created_at), __typename: 'projects_profiles' }));
  return { ...fields, addedAt: jarviStamp(created_at), createdAt: jarviStamp(created_at), updatedAt: jarviStamp(updated_at), projects, __typename: 'profiles' };
}

/** Renders a stored project (B.6.2 documented example). */
export function renderProject(store: SandboxContext['store'], record: StoredRecord): Record<string, unknown> {
  const { created_at, updated_at, user, assignees, published: _published, shortId: _shortId, ad: _ad, ...fields } = record;
  return {
    ...fields,
    createdAt: jarviStamp(created_at),
    updatedAt: jarviStamp(updated_at),
    userId: user,
    user: embeddedUser(store, user, true),
    assignees: ((assignees as string[]) ?? []).map((id) => ({ user: embeddedUser(store, id, false), __typename: 'projects_assignees' })),
    files: [],
    __typename: 'projects',
  };
}

/** Renders a stored project as an offer (B.6.2 offers example, plus `shortId`/`publishedAt` from crawlers). */
export function renderOffer(record: StoredRecord): Record<string, unknown> {
  return {
    id: record.id,
    name: record.name,
    createdAt: jarviStamp(record.created_at),
    updatedAt: jarviStamp(record.updated_at),
    externalId: record.externalId,
    referenceId: record.referenceId,
    shortId: record.shortId,
    publishedAt: jarviStamp(record.created_at + DAY),
    fieldsValues: record.fieldsValues,
    __typename: 'projects',
  };
}
