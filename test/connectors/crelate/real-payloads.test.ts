/**
 * Real Crelate bodies (read at test time from ../shared/real-payloads/crelate, never copied in)
 * through the real transport, wire schemas and mappers: every file, concrete field values.
 */
import { http, HttpResponse } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import * as wire from '../../../src/connectors/crelate/wire.js';
import { encodeId } from '../../../src/core/ids.js';
import { CandidateSchema } from '../../../src/models/index.js';
import { realPayload, realPayloads } from '../../helpers/real-payloads.js';
import { collect, serveFixtures, type Harness } from './helpers.js';

const payloads = realPayloads('crelate');
const TEST_USER = 'd637819a-21f0-4ca9-5236-edd37629dd08';
const UNTYPED = 'f14a26a3-296d-45e9-fcac-faeb8629dd08';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Serves `Data` of the list payload as `/contacts` (offset/limit slices, the body as stored otherwise) and one contact by id. */
async function serveList(body: { Data: unknown[] }) {
  const served = await serveFixtures([], 'fixture-key');
  served.server.use(
    http.get(`${served.server.url}/api3/contacts`, ({ request }) => {
      const query = new URL(request.url).searchParams;
      const offset = Number(query.get('offset'));
      return HttpResponse.json({ ...body, Data: body.Data.slice(offset, offset + Number(query.get('limit'))) });
    }),
    http.get(`${served.server.url}/api3/contacts/:id`, ({ params }) => {
      const item = body.Data.find((entry) => (entry as { Id: string }).Id === params.id);
      return item ? HttpResponse.json({ Data: item }) : HttpResponse.json({ Data: null, Errors: [{ Message: 'not found' }] }, { status: 404 });
    }),
  );
  harness = served;
  return served;
}

describe.skipIf(payloads === null)('real Crelate payloads', () => {
  it('every file is covered by this test', () => {
    expect(payloads!.map((payload) => payload.name)).toEqual(['whippy.contacts.list.json']);
  });

  it('whippy.contacts.list.json: both contacts pass the wire schema; the candidate maps field by field; the untyped contact is skipped with a page warning', async () => {
    const body = realPayload(payloads!, 'whippy.contacts.list.json') as { Data: unknown[] };
    for (const item of body.Data) expect(wire.contactSchema.safeParse(item).success).toBe(true);
    const served = await serveList(body);
    const pages = await collect(served.connector.syncCandidates().pages());
    // Two contacts, no Metadata: the short first page ends the list (one request).
    expect(served.requests).toEqual(['GET /contacts?offset=0&limit=100']);
    const records = pages.flatMap((page) => page.records);
    expect(records).toHaveLength(1);
    const candidate = CandidateSchema.parse(records[0]);
    expect(candidate).toMatchObject({
      id: encodeId('crelate', 'candidate', TEST_USER),
      remote_id: TEST_USER,
      first_name: 'Test',
      last_name: 'user',
      email_addresses: [{ email_address: 'testuser@whippy.co', type: 'PERSONAL' }],
      phone_numbers: [{ phone_number: '+12345678901', type: 'MOBILE' }],
      remote_created_at: '2024-12-31T08:40:49.350Z',
      remote_updated_at: '2025-01-07T14:07:38.280Z',
      changed_at: '2025-01-07T14:07:38.280Z',
      source: null,
      title: null,
      tags: [],
      location: { name: 'Texas City, TX', street_1: '224, new road', street_2: null, city: 'Texas City', state: 'TX', zip_code: '77590', country: 'United States', raw: null },
      remote_url: `https://app.crelate.com/go#stage/_Contacts/DefaultView/${TEST_USER}/summary`,
    });
    expect(candidate.integration_fields.find((field) => field.key === 'PrimaryOwner')).toMatchObject({ value: '2617363a-2a08-4800-102d-1e69cd28dd08', label: 'Supriya' });
    expect(pages.flatMap((page) => page.quarantined)).toEqual([]);
    const warnings = pages.flatMap((page) => page.warnings);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`1 Crelate contact(s) with RecordType null skipped (${UNTYPED})`);

    const one = await served.connector.getCandidate(TEST_USER);
    expect(one.email_addresses[0]?.email_address).toBe('testuser@whippy.co');
  });
});
