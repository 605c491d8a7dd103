/**
 * parseWebhook: the documented payloads of Teamtailor and Flatchr (and Crelate's inferred shape)
 * become typed events with the connector's unified ids; anything else becomes an `unknown` event
 * with the body (never dropped, never a crash); bad bodies are typed errors.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnsupportedError } from '../../src/core/errors.js';
import { encodeId } from '../../src/core/ids.js';
import { parseWebhook, WebhookPayloadError } from '../../src/webhooks/index.js';

const receivedAt = '2026-03-01T12:00:00.000Z';

/** Teamtailor's documented job.update example (trimmed as in the provider notes). */
const teamtailorJobUpdate = {
  payload: {
    event_name: 'job.update',
    data: { id: '2', type: 'jobs', attributes: { title: 'IT Designer 1', status: 'archived', 'created-at': '2023-02-08T10:10:13.611+01:00', 'updated-at': '2023-02-22T22:10:48.705+01:00' } },
  },
  signature: 'dD0xNzAxMjM0NTY3LHYyPWFiYzEyMw==',
};

/** Flatchr's documented drag_applicant example (trimmed as in the provider notes). */
const flatchrDrag = {
  data: {
    user: { id: 240, email: 'tom.bourgis@example.fr', firstname: 'Tom', lastname: 'Bourgis', status: 1, timezone: 'Europe/Paris' },
    applicant: { id: 1474, vacancy_id: 'a4JL2lpEbydwBXKe', candidate_id: 1260, score: 0, status: 1, created_at: '2024-01-13T15:21:22.164Z', updated_at: '2024-01-13T15:26:53.148Z', column_id: 'Nk5aMxpQ4b9GZ2Oz', external_id: null, view: false, anonym: false, duplicate: null, reason_id: null },
    candidate: { id: 1260, firstname: 'Hubert', lastname: 'Delajaque', email: 'Delajaque@Example.fr ', phone: '+33 6 76 56 45 23', status: 1, created_at: '2024-01-13T15:21:22.063Z', updated_at: '2024-01-13T15:21:22.116Z', consent: true, cv: {} },
    column: { id: 695, title: 'Pré-qualification RH', company_id: 'G6KzqPnNLyp31m0l', position: 2, visible: true, hired: false, created_at: '2019-12-12T12:34:15.174Z', updated_at: '2021-11-05T09:12:15.563Z' },
    vacancy: { id: 1243, company_id: 'G6KzqPnNLyp31m0l', title: 'Account Executive', slug: 'a4jl2lpebydwbxme-commercial-btob-h-f', status: 1, published: false },
    user_id: '0D3NVZdqe7dMyb6z',
    applicant_id: 1474,
    candidate_id: 1260,
    column_id: 'Nk5aMxpQ4b9GZ2Oz',
    vacancy_id: 'a4JL2lpEbydwBXKe',
    company: { id: 'G6KzqPnNLyp31m0l', name: "L'entreprise" },
  },
  event: 'drag_applicant',
  company_id: 60,
};

describe('Teamtailor payloads', () => {
  it('maps the documented job.update example to an updated job with the connector id', () => {
    const [event, ...rest] = parseWebhook('teamtailor', JSON.stringify(teamtailorJobUpdate), { receivedAt, connectionId: 'acme' });
    expect(rest).toEqual([]);
    expect(event).toEqual({
      provider: 'teamtailor',
      event_name: 'job.update',
      kind: 'updated',
      model: 'jobs',
      id: encodeId('teamtailor', 'job', '2'),
      remote_id: '2',
      occurred_at: '2023-02-22T21:10:48.705Z',
      related: { candidate_id: null, job_id: null, stage_id: null },
      account_id: null,
      connection_id: 'acme',
      note: null,
      raw: teamtailorJobUpdate.payload,
    });
  });

  it('maps every documented event name to its model and kind', () => {
    const expected: Record<string, [string, string, string]> = {
      'candidate.create': ['candidates', 'created', 'candidate'],
      'candidate.update': ['candidates', 'updated', 'candidate'],
      'candidate.destroy': ['candidates', 'deleted', 'candidate'],
      'job.create': ['jobs', 'created', 'job'],
      'job.update': ['jobs', 'updated', 'job'],
      'job.destroy': ['jobs', 'deleted', 'job'],
      'job_application.create': ['applications', 'created', 'application'],
      'job_application.update': ['applications', 'updated', 'application'],
      'job_application.destroy': ['applications', 'deleted', 'application'],
    };
    for (const [name, [model, kind, idKind]] of Object.entries(expected)) {
      const [event] = parseWebhook('teamtailor', { payload: { event_name: name, data: { id: 77, type: 'x' } } }, { receivedAt });
      expect(event, name).toMatchObject({ model, kind, remote_id: '77', id: encodeId('teamtailor', idKind, '77'), occurred_at: receivedAt });
    }
  });

  it('reads the job, candidate, stage and company of an application in either attribute casing', () => {
    for (const attributes of [
      { 'job-id': 12, 'candidate-id': '5', 'stage-id': 9, 'company-uuid': 'c-1', 'updated-at': '2026-02-01T10:00:00.000+01:00' },
      { job_id: 12, candidate_id: '5', stage_id: 9, company_uuid: 'c-1', updated_at: '2026-02-01T09:00:00Z' },
    ]) {
      const [event] = parseWebhook('teamtailor', { payload: { event_name: 'job_application.update', data: { id: '300', type: 'job-applications', attributes } } });
      expect(event?.related).toEqual({ job_id: encodeId('teamtailor', 'job', '12'), candidate_id: encodeId('teamtailor', 'candidate', '5'), stage_id: encodeId('teamtailor', 'stage', '9') });
      expect(event?.account_id).toBe('c-1');
      expect(event?.occurred_at).toBe('2026-02-01T09:00:00.000Z');
    }
  });

  it('returns unknown events, with the body, for what it does not map', () => {
    const bodies = [
      { payload: { event_name: 'candidate.merge', data: { id: '1' } } },
      { payload: { event_name: 'note.create', data: { id: '1' } } },
      { payload: { event_name: 'job.update', data: { id: '../../admin' } } },
      { payload: { event_name: 'job.update', data: { id: null } } },
      { hello: 'world' },
    ];
    for (const body of bodies) {
      const events = parseWebhook('teamtailor', body, { receivedAt });
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ kind: 'unknown', id: null, remote_id: null, raw: body, occurred_at: receivedAt });
      expect(events[0]?.note).toEqual(expect.any(String));
    }
    expect(parseWebhook('teamtailor', bodies[0])[0]?.model).toBe('candidates');
  });
});

describe('Flatchr payloads', () => {
  it('maps drag_applicant to a stage change, with the candidate (by email), job and stage the connector would name', () => {
    const [event] = parseWebhook('flatchr', Buffer.from(JSON.stringify(flatchrDrag)), { receivedAt });
    expect(event).toMatchObject({
      provider: 'flatchr',
      event_name: 'drag_applicant',
      kind: 'stage_changed',
      model: 'applications',
      id: null,
      remote_id: null,
      occurred_at: '2024-01-13T15:26:53.148Z',
      related: {
        candidate_id: encodeId('flatchr', 'candidate', 'email', 'delajaque@example.fr'),
        job_id: encodeId('flatchr', 'job', 'a4JL2lpEbydwBXKe'),
        stage_id: encodeId('flatchr', 'stage', '695'),
      },
      account_id: 'G6KzqPnNLyp31m0l',
    });
    expect(event?.note).toMatch(/integer id/);
  });

  it('maps new_applicant and new_vacancy, and keeps new_message as unknown', () => {
    const applicant = { event: 'new_applicant', company_id: 60, data: { ...flatchrDrag.data, column: 690, applicant: { ...flatchrDrag.data.applicant, column: { id: 690 } } } };
    expect(parseWebhook('flatchr', applicant)[0]).toMatchObject({ kind: 'created', model: 'applications', occurred_at: '2024-01-13T15:21:22.164Z', related: { stage_id: encodeId('flatchr', 'stage', '690') } });
    const vacancy = { event: 'new_vacancy', company_id: 60, data: { vacancy: { id: 1243, created_at: '2024-02-01T08:00:00.000Z' }, vacancy_id: 'a4JL2lpEbydwBXKe', company: { id: 'G6KzqPnNLyp31m0l' } } };
    expect(parseWebhook('flatchr', vacancy)[0]).toMatchObject({ kind: 'created', model: 'jobs', id: encodeId('flatchr', 'job', 'a4JL2lpEbydwBXKe'), remote_id: 'a4JL2lpEbydwBXKe', occurred_at: '2024-02-01T08:00:00.000Z' });
    const message = { event: 'new_message', company_id: 60, data: { text: 'Bonjour' } };
    expect(parseWebhook('flatchr', message)[0]).toMatchObject({ kind: 'unknown', model: null, raw: message });
  });
});

describe('Crelate payloads (inferred shape)', () => {
  it('maps an entity, operation and GUID to the connector id, lower-cased', () => {
    const guid = 'D7C00478-140B-4A5C-9E0B-000000000001';
    const [event] = parseWebhook('crelate', { EntityName: 'Contacts', OperationType: 'Delete', Id: guid, ModifiedOn: '2026-01-05T10:00:00' });
    expect(event).toMatchObject({ kind: 'deleted', model: 'candidates', remote_id: guid.toLowerCase(), id: encodeId('crelate', 'candidate', guid.toLowerCase()), occurred_at: '2026-01-05T10:00:00.000Z', event_name: 'Contacts:Delete' });
    const list = parseWebhook('crelate', [{ Entity: 'Jobs', Operation: 'Update', Data: { Id: guid } }, { Entity: 'Tasks', Operation: 'Create', Id: guid }]);
    expect(list.map((item) => [item.model, item.kind])).toEqual([['jobs', 'updated'], [null, 'unknown']]);
  });
});

describe('bad bodies and unsupported providers', () => {
  it('refuses malformed JSON, non-objects and oversized bodies with typed errors', () => {
    const reasons = (run: () => unknown) => {
      try {
        run();
      } catch (error) {
        expect(error).toBeInstanceOf(WebhookPayloadError);
        return [(error as WebhookPayloadError).reason, (error as WebhookPayloadError).status];
      }
      return null;
    };
    expect(reasons(() => parseWebhook('teamtailor', '{"payload": {"event_name": "job.upd'))).toEqual(['malformed_json', 400]);
    expect(reasons(() => parseWebhook('flatchr', '42'))).toEqual(['not_an_object', 400]);
    expect(reasons(() => parseWebhook('teamtailor', '[1, 2]'))).toEqual(['not_an_object', 400]);
    expect(reasons(() => parseWebhook('teamtailor', `{"pad": "${'x'.repeat(2000)}"}`, { maxBodyBytes: 1000 }))).toEqual(['too_large', 413]);
    expect(reasons(() => parseWebhook('teamtailor', Buffer.alloc(1024 * 1024 + 1, 0x20)))).toEqual(['too_large', 413]);
  });

  it('does not quote the body in the error (it may hold personal data)', () => {
    expect(() => parseWebhook('teamtailor', '{"email": "ada@example.com", oops}')).toThrow(/^The webhook body is not valid JSON\.$/);
  });

  it('reads a body that starts with a byte-order mark', () => {
    expect(parseWebhook('teamtailor', `\uFEFF${JSON.stringify(teamtailorJobUpdate)}`)[0]?.kind).toBe('updated');
  });

  it('throws UnsupportedError for Gem and Jarvi', () => {
    expect(() => parseWebhook('gem', '{}')).toThrow(UnsupportedError);
    expect(() => parseWebhook('jarvi', '{}')).toThrow(UnsupportedError);
  });

  it('never throws for any JSON object, and always returns at least one event', () => {
    fc.assert(
      fc.property(fc.constantFrom('teamtailor', 'flatchr', 'crelate'), fc.jsonValue(), fc.jsonValue(), (provider, payload, data) => {
        for (const body of [{ payload, data, event: payload }, { payload: { event_name: 'job.update', data }, event: 'drag_applicant', data: { data } }]) {
          const events = parseWebhook(provider, JSON.stringify(body));
          expect(events.length).toBeGreaterThan(0);
          for (const event of events) expect(['created', 'updated', 'deleted', 'stage_changed', 'unknown']).toContain(event.kind);
        }
      }),
      { numRuns: 300 },
    );
  });
});
