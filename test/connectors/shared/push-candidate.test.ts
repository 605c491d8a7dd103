/**
 * The pushCandidate orchestrator's decisions on a scripted connector (the end-to-end flows run on
 * the Teamtailor sandbox): a provider "already exists" answer is followed by a lookup, several
 * candidates with one email pick the most recently changed, files already attached are not
 * uploaded again, and a failed lookup after a refusal re-raises the refusal.
 */
import { describe, expect, it } from 'vitest';
import type { Connector } from '../../../src/actions/results.js';
import { pushCandidate } from '../../../src/connectors/shared/push-candidate.js';
import { DuplicateError } from '../../../src/core/errors.js';
import { createSyncStream } from '../../../src/core/stream.js';
import type { Application, Attachment, Candidate } from '../../../src/models/index.js';

const common = { changed_at: null, remote_deleted_at: null, remote_created_at: null, remote_data: {} };

function candidate(id: string, updated: string): Candidate {
  return {
    ...common,
    id,
    remote_id: id,
    remote_updated_at: updated,
    first_name: 'Ada',
    last_name: 'Lovelace',
    company: null,
    title: null,
    confidential: null,
    source: null,
    phone_numbers: [],
    email_addresses: [{ email_address: 'ada@example.test', type: null }],
    social_media: [],
    tags: [],
    location: null,
    remote_url: null,
    custom_fields: {},
    integration_fields: [],
  };
}

function application(id: string, candidateId: string, stage: string): Application {
  return {
    ...common,
    id,
    remote_id: id,
    remote_updated_at: null,
    candidate_id: candidateId,
    job_id: 'job-1',
    current_stage_id: stage,
    outcome: 'PENDING',
    rejection_reason_name: null,
    rejected_at: null,
    source: null,
    screening_question_answers: [],
    remote_url: null,
    custom_fields: {},
    integration_fields: [],
  };
}

/** A connector whose actions are scripted; `calls` records each action called. */
function scripted(overrides: Partial<Connector> & { applications?: Application[] }) {
  const calls: string[] = [];
  const supported = { supported: true };
  const connector = {
    provider: 'scripted',
    capabilities: {
      actions: {
        addAttachmentToApplication: supported,
        addAttachmentToCandidate: supported,
        getApplicationAttachments: supported,
        getCandidateAttachments: supported,
      },
    },
    findCandidatesByEmail: async () => (calls.push('find'), []),
    createCandidate: async () => {
      calls.push('createCandidate');
      return { candidate: candidate('new', '2024-01-01T00:00:00.000Z'), application: null, warnings: [] };
    },
    createApplication: async (input: { candidate_id: string }) => {
      calls.push('createApplication');
      return { application: application('app-new', input.candidate_id, 'stage-1'), warnings: [] };
    },
    moveApplicationToStage: async () => (calls.push('move'), { warnings: [] }),
    syncApplications: (_since: unknown, options: { candidate_ids?: string[] }) =>
      createSyncStream(async function* () {
        calls.push('findApplication');
        const records = (overrides.applications ?? []).filter((entry) => entry.candidate_id === options.candidate_ids?.[0]);
        yield { records, quarantined: [], checkpoint: null, requests: 1, warnings: [] };
      }),
    getApplicationAttachments: async () => (calls.push('listFiles'), [] as Attachment[]),
    addAttachmentToApplication: async () => (calls.push('upload'), { warnings: [], remote_id: 'u1' }),
    ...overrides,
  } as unknown as Connector;
  return { connector, calls };
}

const input = { candidate: { first_name: 'Ada', last_name: 'Lovelace', email_addresses: [{ email_address: 'ada@example.test' }] }, job_id: 'job-1' };

describe('pushCandidate orchestrator', () => {
  it('a DuplicateError on create is followed by a lookup; the candidate found is reused', async () => {
    let finds = 0;
    const { connector, calls } = scripted({
      findCandidatesByEmail: async () => (finds += 1) === 1 ? [] : [candidate('existing', '2024-02-01T00:00:00.000Z')],
      createCandidate: async () => {
        throw new DuplicateError('taken', { provider: 'scripted', operation: 'createCandidate', kind: 'candidate' });
      },
    });
    const result = await pushCandidate(connector, input);
    expect(result).toMatchObject({ status: 'reused', candidate_id: 'existing', application_id: 'app-new', application_created: true });
    expect(finds).toBe(2);
    expect(calls).toEqual(['findApplication', 'createApplication']);
  });

  it('re-raises the refusal when the lookup after it finds nobody', async () => {
    const refusal = new DuplicateError('taken', { provider: 'scripted', operation: 'createCandidate', kind: 'candidate' });
    const { connector } = scripted({
      createCandidate: async () => {
        throw refusal;
      },
    });
    await expect(pushCandidate(connector, input)).rejects.toBe(refusal);
  });

  it('several candidates with the email: the most recently changed one, and a warning', async () => {
    const { connector } = scripted({
      findCandidatesByEmail: async () => [candidate('old', '2023-01-01T00:00:00.000Z'), candidate('recent', '2024-06-01T00:00:00.000Z'), candidate('middle', '2024-01-01T00:00:00.000Z')],
      applications: [application('app-recent', 'recent', 'stage-2')],
    });
    const result = await pushCandidate(connector, input);
    expect(result).toMatchObject({ status: 'reused', candidate_id: 'recent', application_id: 'app-recent', application_created: false });
    expect(result.warnings.join(' ')).toMatch(/3 candidates share this email/);
  });

  it('moves a new application to stage_id when createApplication left it elsewhere', async () => {
    const { connector, calls } = scripted({});
    const result = await pushCandidate(connector, { ...input, stage_id: 'stage-3' });
    expect(result.application_created).toBe(true);
    expect(calls).toEqual(['find', 'createCandidate', 'createApplication', 'move']);
  });

  it('does not upload a file whose name is already attached', async () => {
    const { connector, calls } = scripted({
      getApplicationAttachments: async () => [{ file_name: 'CV.pdf' } as Attachment],
    });
    const result = await pushCandidate(connector, { ...input, attachments: [{ name: 'cv.pdf', content_type: 'application/pdf', url: 'https://files.example/cv.pdf' }, { name: 'letter.pdf', content_type: 'application/pdf', url: 'https://files.example/l.pdf' }] });
    expect(result.attachments).toEqual([
      { name: 'cv.pdf', status: 'uploaded', remote_id: null },
      { name: 'letter.pdf', status: 'uploaded', remote_id: 'u1' },
    ]);
    expect(calls.filter((call) => call === 'upload')).toHaveLength(1);
    expect(result.warnings.join(' ')).toMatch(/cv\.pdf is already attached/);
  });
});
