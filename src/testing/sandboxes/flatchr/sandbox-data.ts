/**
 * The Flatchr sandbox's dataset and renderers: a seeded company (vacancies, company-wide columns,
 * members, a tag catalogue, candidates and their applicants) and the three shapes Flatchr sends the
 * same objects in: search rows (`DD/MM/YY` dates, integer vacancy id, column title), full applicant
 * objects (epoch seconds, encoded ids) and nested objects (ISO dates). See sandbox.ts.
 */
import type { SandboxContext } from '../../sandbox/types.js';
import type { StoredRecord } from '../../sandbox/store.js';
import { FIRST_NAMES, JOB_TITLES, LAST_NAMES, type SeededRandom } from '../../sandbox/random.js';
import { toSearchRowDate } from '../../../connectors/flatchr/dates.js';

/** The company id the sandbox serves. */
export const SANDBOX_COMPANY_ID = 'Sbx4mP1eC0mPny01';
/** The acting user of the sandbox (for comments). */
export const SANDBOX_USER = { email: 'recruiter@sandbox.flatchr.example', password: 'sandbox-user-password' } as const;

const DAY = 86_400_000;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const COLUMNS = ['Nouveau', 'Pré-qualification RH', 'Entretien RH', 'Entretien manager', 'Offre', 'Recruté'] as const;
const SOURCES = ["L'Apec", 'Indeed', 'Site carrière', 'LinkedIn', ''] as const;

/** A 16-character encoded id, like Flatchr's (deterministic from the seed). */
export function encodedId(random: SeededRandom): string {
  return Array.from({ length: 16 }, () => ALPHABET[random.int(0, ALPHABET.length - 1)]).join('');
}

const iso = (ms: number) => new Date(ms).toISOString();
const epochSeconds = (ms: number) => Math.floor(ms / 1000);

/** Adds a candidate with an applicant in `vacancyId`, in `columnId`. Used by the seed and by creation. */
export function addApplicant(
  context: SandboxContext,
  person: { firstname: string; lastname: string; email: string; phone: string | null; candidateId?: string },
  vacancyId: string,
  columnId: number,
  extra: { status?: number; source?: string; createdAt?: number; updatedAt?: number } = {},
): StoredRecord {
  const { store, random } = context;
  let candidateId = person.candidateId;
  if (!candidateId) {
    const key = `candidates/${new Date(extra.createdAt ?? context.now()).getUTCFullYear()}/${encodedId(random).toLowerCase()}/${person.firstname}-${person.lastname}`.toLowerCase();
    candidateId = store.add('candidates', {
      id: encodedId(random),
      candidate_id: Number(store.nextId()),
      firstname: person.firstname,
      lastname: person.lastname,
      email: person.email,
      phone: person.phone,
      aws: { key, extension: 'pdf' },
      ...(extra.createdAt ? { created_at: extra.createdAt, updated_at: extra.updatedAt ?? extra.createdAt } : {}),
    }).id;
  }
  return store.add('applicants', {
    id: encodedId(random),
    vacancy: vacancyId,
    candidate: candidateId,
    column_id: columnId,
    status: extra.status ?? 1,
    score: random.int(0, 5),
    source: extra.source ?? 'Site carrière',
    external_id: null,
    ...(extra.createdAt ? { created_at: extra.createdAt, updated_at: extra.updatedAt ?? extra.createdAt } : {}),
  });
}

/** Fills the store: ~`records` candidates, ~20% of them with a second application. */
export function seedFlatchr(context: SandboxContext, records: number): void {
  const { store, random } = context;
  const start = context.now();
  const at = (daysAgo: number) => start - daysAgo * DAY;
  COLUMNS.forEach((title, index) =>
    store.add('columns', { id: String(690 + index), title, position: index + 1, visible: true, hired: title === 'Recruté', created_at: at(400), updated_at: at(300) }),
  );
  for (let i = 0; i < 4; i += 1) {
    store.add('members', {
      id: encodedId(random),
      role_id: i === 0 ? 2 : 3,
      user: { id: encodedId(random), user_id: 270 + i, firstname: FIRST_NAMES[i], lastname: LAST_NAMES[i], email: `user${i}@acme.example`, status: i === 3 ? 2 : 1, timezone: 'Europe/Paris' },
      created_at: at(300),
      updated_at: at(100 + i),
    });
  }
  [['Niveau', 'Junior;Confirmé;Senior', 'candidates'], ['Langues', 'Anglais;Espagnol', 'candidates'], ['Mobilité', '', 'candidates'], ['MARKETING', '', 'vacancies']].forEach(([title, values, type], index) =>
    store.add('tags', { id: encodedId(random), tag_id: 1170 + index, company_id: 29, title, values, multiple: false, visible: true, creatable: false, folder: type === 'vacancies', type, position: index + 1 }),
  );
  const vacancyCount = Math.max(3, Math.min(50, Math.ceil(records / 50)));
  const vacancies: string[] = [];
  for (let v = 0; v < vacancyCount; v += 1) {
    const id = encodedId(random);
    const title = `${JOB_TITLES[v % JOB_TITLES.length]} ${v + 1} H/F`;
    store.add('vacancies', {
      id,
      vacancy_id: 84500 + v,
      slug: `${id.toLowerCase()}-${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      reference: v % 3 === 0 ? '' : `REF-${v + 1}`,
      title,
      description: '<p>Une entreprise du bac à sable.</p>',
      mission: `<p>Mission du poste ${v + 1}</p>`,
      profile: v % 2 ? '<p>Profil recherché</p>' : '',
      status: v % 6 === 5 ? 0 : 1,
      apply_url: null,
      start_date: null,
      end_date: null,
      remote: v % 2 ? 'parttime' : false,
      salary: v % 2 ? '45000' : 45000,
      salary_max: v % 3 === 0 ? '55000' : null,
      mensuality: 'y',
      contract_type_id: v % 4 === 3 ? 2 : 1,
      partial: v % 5 === 4,
      experience: [1, 2, 4, 6, 11][v % 5],
      address: {
        locality: 'Paris',
        country: 'France',
        postal_code: '75001',
        route: 'Rue de Rivoli',
        street_number: String(v + 1),
        administrative_area_level_1: 'Île-de-France',
        formatted_address: `${v + 1} Rue de Rivoli, 75001 Paris, France`,
      },
      // Application-form questions: only with `fields=questions` on the single GET; their shape is INFERRED.
      questions: v % 2 ? [] : [{ id: 530 + v, title: 'Permis B ?', type: 'boolean', required: true }, { id: 600 + v, title: 'Langues', values: 'Anglais;Espagnol', multiple: true, required: false }],
      tags: [],
      created_at: at(120),
      updated_at: at(30 + v),
    });
    vacancies.push(id);
  }
  for (let c = 0; c < records; c += 1) {
    const firstname = random.pick(FIRST_NAMES);
    const lastname = random.pick(LAST_NAMES);
    const daysAgo = random.int(2, 80);
    const person = { firstname, lastname, email: `${firstname}.${lastname}.${c}@example.fr`.toLowerCase(), phone: random.chance(0.7) ? `+33 6 ${String(10_000_000 + c).slice(0, 8)}` : null };
    const first = addApplicant(context, person, vacancies[c % vacancies.length] as string, 690 + random.int(0, 5), {
      status: random.chance(0.15) ? 0 : 1,
      source: random.pick(SOURCES),
      createdAt: at(daysAgo),
      updatedAt: at(daysAgo / 2),
    });
    if (random.chance(0.2)) {
      addApplicant(context, { ...person, candidateId: first.candidate as string }, vacancies[(c + 1) % vacancies.length] as string, 690, {
        createdAt: at(daysAgo - 1),
        updatedAt: at((daysAgo - 1) / 3),
      });
    }
  }
}

/** The nested candidate object (ISO dates, encoded id). */
export function renderCandidate(candidate: StoredRecord, baseUrl: string): Record<string, unknown> {
  const aws = candidate.aws as { key: string; extension: string } | null;
  return {
    id: candidate.id,
    email: candidate.email,
    firstname: candidate.firstname,
    lastname: candidate.lastname,
    urls: {},
    phone: candidate.phone,
    consent: true,
    created_at: iso(candidate.created_at),
    updated_at: iso(candidate.updated_at),
    cv: aws ? `${baseUrl}/__s3/${aws.key}.${aws.extension}` : {},
    ...(aws ? { aws: { ...aws, signature: `${baseUrl}/__s3/${aws.key}.${aws.extension}?X-Amz-Expires=86400&X-Amz-Signature=sandbox` } } : {}),
  };
}

/** The full applicant object of PUT / DELETE / the legacy GET (epoch-second dates). */
export function renderApplicant(context: SandboxContext, applicant: StoredRecord, baseUrl: string, withVacancy = false): Record<string, unknown> {
  const candidate = context.store.get('candidates', applicant.candidate as string);
  const vacancy = context.store.get('vacancies', applicant.vacancy as string);
  return {
    id: applicant.id,
    vacancy_id: applicant.vacancy,
    column_id: applicant.column_id,
    score: applicant.score,
    comment: '',
    created_at: epochSeconds(applicant.created_at),
    updated_at: epochSeconds(applicant.updated_at),
    status: applicant.status,
    view: true,
    anonym: false,
    external_id: applicant.external_id,
    candidate: candidate ? renderCandidate(candidate, baseUrl) : null,
    column: {},
    vacancy: withVacancy && vacancy ? renderVacancy(vacancy, true) : {},
    foreigner: false,
    applies: [],
  };
}

/** A search row: `DD/MM/YY` dates, integer vacancy id, column title. */
export function renderRow(context: SandboxContext, applicant: StoredRecord): Record<string, unknown> {
  const { store } = context;
  const candidate = store.get('candidates', applicant.candidate as string);
  const vacancy = store.get('vacancies', applicant.vacancy as string);
  const column = store.get('columns', String(applicant.column_id));
  return {
    applicant: applicant.id,
    vacancy: vacancy?.title ?? null,
    column: column?.title ?? null,
    vacancy_id: vacancy?.vacancy_id ?? null,
    external_id: applicant.external_id ?? '',
    status: applicant.status,
    score: applicant.score,
    hired: Boolean(column?.hired),
    firstname: candidate?.firstname ?? null,
    lastname: candidate?.lastname ?? null,
    email: candidate?.email ?? null,
    phone: candidate?.phone ?? null,
    created_at: toSearchRowDate(applicant.created_at),
    updated_at: toSearchRowDate(rowUpdatedAt(context, applicant)),
    source: applicant.source,
  };
}

/** A row changes when its applicant or its candidate changes (INFERRED). */
export function rowUpdatedAt(context: SandboxContext, applicant: StoredRecord): number {
  const candidate = context.store.get('candidates', applicant.candidate as string);
  return Math.max(applicant.updated_at, candidate?.updated_at ?? 0);
}

/** A vacancy (ISO dates); `address` and `tags` only with `fields=address,tags`. */
export function renderVacancy(vacancy: StoredRecord, withFields: boolean, withQuestions = false): Record<string, unknown> {
  const { created_at, updated_at, address, tags, questions, ...rest } = vacancy;
  return { ...rest, company_id: 29, currency: 'EUR', created_at: iso(created_at), updated_at: iso(updated_at), ...(withFields ? { address, tags } : {}), ...(withQuestions ? { questions } : {}) };
}

/** A column, member or tag with ISO dates and integer ids where Flatchr has them. */
export function renderSimple(collection: string, record: StoredRecord): Record<string, unknown> {
  const { created_at, updated_at, ...rest } = record;
  if (collection === 'columns') return { ...rest, id: Number(record.id), company_id: SANDBOX_COMPANY_ID, created_at: iso(created_at), updated_at: iso(updated_at) };
  if (collection === 'members') {
    const user = rest.user as Record<string, unknown>;
    return { ...rest, company_id: 60, created_at: iso(created_at), user: { ...user, created_at: iso(created_at), updated_at: iso(updated_at) }, last_login: iso(updated_at) };
  }
  return rest;
}
