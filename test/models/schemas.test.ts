/**
 * The unified models (contract §4): every schema in the registry accepts a valid record, is
 * strict (missing fields, wrong types and extra keys fail), takes dates only as UTC ISO strings,
 * and maps unknown enum values to null or OTHER instead of throwing (B4).
 */
import { describe, expect, it } from 'vitest';
import { AttachmentSchema } from '../../src/models/misc.js';
import { modelNames, modelSchemas } from '../../src/models/registry.js';
import { enumFields, validRecords, valueAt, withValue } from '../helpers/model-samples.js';

/** A value of the wrong type for a field whose valid sample is `sample`. */
function wrongValueFor(sample: unknown): unknown {
  if (typeof sample === 'string') return 12_345;
  if (typeof sample === 'number') return 'twelve';
  if (typeof sample === 'boolean') return 'yes';
  if (Array.isArray(sample)) return 'not-an-array';
  return 'not-an-object';
}

/** Fields (top level) that are tolerant enums, so missing or wrong just reads as the fallback. */
const enumKeys = (model: keyof typeof enumFields) => new Set((enumFields[model] ?? []).filter((field) => field.path.length === 1).map((field) => field.path[0]));

describe('every model in the registry', () => {
  it('covers the fourteen models (the contract\'s twelve, offers and roles)', () => {
    expect(modelNames).toHaveLength(14);
    expect(Object.keys(validRecords).sort()).toEqual([...modelNames].sort());
  });

  for (const model of modelNames) {
    const schema = modelSchemas[model];
    const valid = validRecords[model];

    describe(model, () => {
      it('accepts a valid record unchanged', () => {
        expect(schema.parse(valid)).toEqual(valid);
      });

      it('accepts null wherever the contract allows it (nullable fields)', () => {
        const nullable = ['changed_at', 'remote_deleted_at', 'remote_created_at', 'remote_updated_at', 'remote_data'];
        const record = nullable.reduce((current, key) => withValue(current, [key], null), valid);
        expect(schema.safeParse(record).success).toBe(true);
      });

      it('rejects a record missing any required field', () => {
        for (const key of Object.keys(valid)) {
          const { [key]: _removed, ...missing } = valid;
          const result = schema.safeParse(missing);
          expect(result.success, `${model} without ${key}`).toBe(false);
          expect(result.error?.issues.some((issue) => issue.path[0] === key)).toBe(true);
        }
      });

      it('rejects a wrong type in any field', () => {
        for (const [key, sample] of Object.entries(valid)) {
          if (enumKeys(model as keyof typeof enumFields).has(key)) continue;
          if (key === 'remote_data' || key === 'custom_fields') {
            expect(schema.safeParse(withValue(valid, [key], ['an', 'array'])).success, `${model}.${key}`).toBe(false);
            continue;
          }
          const result = schema.safeParse(withValue(valid, [key], wrongValueFor(sample)));
          expect(result.success, `${model}.${key} as ${typeof wrongValueFor(sample)}`).toBe(false);
        }
      });

      it('rejects extra keys (strict), at the top level', () => {
        const result = schema.safeParse({ ...valid, unexpected_field: 1 });
        expect(result.success).toBe(false);
        expect(result.error?.issues[0]?.code).toBe('unrecognized_keys');
      });

      it('rejects dates that are not UTC ISO 8601 (offsets, date-only, free text)', () => {
        for (const bad of ['2024-05-02T16:40:03+02:00', '2024-05-02', 'yesterday', '']) {
          expect(schema.safeParse(withValue(valid, ['changed_at'], bad)).success, bad).toBe(false);
        }
      });

      it('rejects an empty id or remote_id', () => {
        expect(schema.safeParse(withValue(valid, ['id'], '')).success).toBe(false);
        expect(schema.safeParse(withValue(valid, ['remote_id'], '')).success).toBe(false);
      });

      for (const field of enumFields[model] ?? []) {
        it(`B4: an unknown ${field.path.join('.')} becomes ${String(field.fallback)} without throwing`, () => {
          for (const unknown of ['BRAND_NEW_VALUE', 'open', '']) {
            const parsed = schema.parse(withValue(valid, field.path, unknown));
            expect(valueAt(parsed, field.path)).toBe(field.fallback);
          }
          // A non-string is a mapper bug, not a provider's new value: it fails.
          expect(schema.safeParse(withValue(valid, field.path, 42)).success).toBe(false);
          // A known value is kept as-is.
          expect(valueAt(schema.parse(valid), field.path)).toBe(valueAt(valid, field.path));
        });
      }
    });
  }
});

describe('nested objects are strict too', () => {
  it('rejects extra keys in a job location, a phone number, an email, a tag and an integration field', () => {
    const cases: [keyof typeof validRecords, (string | number)[]][] = [
      ['jobs', ['location', 'zip']],
      ['candidates', ['phone_numbers', 0, 'extension']],
      ['candidates', ['email_addresses', 0, 'verified']],
      ['candidates', ['tags', 0, 'color']],
      ['candidates', ['social_media', 0, 'followers']],
      ['candidates', ['integration_fields', 0, 'extra']],
    ];
    for (const [model, path] of cases) {
      expect(modelSchemas[model].safeParse(withValue(validRecords[model], path, 'x')).success, path.join('.')).toBe(false);
    }
  });

  it('rejects an empty phone number or email address', () => {
    expect(modelSchemas.candidates.safeParse(withValue(validRecords.candidates, ['phone_numbers', 0, 'phone_number'], '')).success).toBe(false);
    expect(modelSchemas.candidates.safeParse(withValue(validRecords.candidates, ['email_addresses', 0, 'email_address'], '')).success).toBe(false);
  });

  it('rejects a non-integer stage index', () => {
    expect(modelSchemas.application_stages.safeParse(withValue(validRecords.application_stages, ['global_index'], 1.5)).success).toBe(false);
    expect(modelSchemas.job_stages.safeParse(withValue(validRecords.job_stages, ['index'], 0.5)).success).toBe(false);
  });
});

describe('tolerant enums', () => {
  it('B4: an unknown enum string reads as null, but a missing enum field fails (mappers must set it)', () => {
    const { status: _status, ...withoutStatus } = validRecords.users;
    expect(modelSchemas.users.safeParse(withoutStatus).success).toBe(false);
    expect(modelSchemas.users.parse({ ...validRecords.users, status: 'SUSPENDED' }).status).toBeNull();
    expect(modelSchemas.users.safeParse({ ...validRecords.users, status: 7 }).success).toBe(false);
  });
});

describe('Attachment (not a synced model, but exported)', () => {
  // The common fields of a record, without the tag's own `name`.
  const { name: _name, ...common } = validRecords.tags as Record<string, unknown> & { name?: unknown };
  const valid = { ...common, owner: 'candidate', owner_id: 'Y2FuZA', file_name: 'cv.pdf', content_type: 'application/pdf', type: 'CV', url: null };

  it('accepts a valid attachment, and maps an unknown type to OTHER (B4)', () => {
    expect(AttachmentSchema.parse(valid)).toEqual(valid);
    expect(AttachmentSchema.parse({ ...valid, type: 'PORTFOLIO' }).type).toBe('OTHER');
  });

  it('is strict: an unknown owner, a missing file name or an extra key fail', () => {
    expect(AttachmentSchema.safeParse({ ...valid, owner: 'job' }).success).toBe(false);
    const { file_name: _file, ...missing } = valid;
    expect(AttachmentSchema.safeParse(missing).success).toBe(false);
    expect(AttachmentSchema.safeParse({ ...valid, size: 10 }).success).toBe(false);
  });
});

describe('the models added for Kombo parity', () => {
  it('lists roles before users and offers after applications (dependency order)', () => {
    expect(modelNames.indexOf('roles')).toBeLessThan(modelNames.indexOf('users'));
    expect(modelNames.indexOf('offers')).toBeGreaterThan(modelNames.indexOf('applications'));
  });

  it('locations, screening questions and assigned roles are strict', () => {
    const cases: [keyof typeof validRecords, (string | number)[]][] = [
      ['candidates', ['location', 'county']],
      ['jobs', ['screening_questions', 0, 'hint']],
      ['jobs', ['screening_questions', 0, 'options', 0, 'color']],
      ['users', ['system_roles', 0, 'level']],
      ['applications', ['screening_question_answers', 0, 'question', 'weight']],
    ];
    for (const [model, path] of cases) {
      expect(modelSchemas[model].safeParse(withValue(validRecords[model], path, 'x')).success, path.join('.')).toBe(false);
    }
  });

  it('an answer takes exactly one of Kombo\'s shapes', () => {
    const at = ['screening_question_answers', 0, 'answer'];
    for (const answer of [{ content: 'yes' }, { choices: ['a', 'b'] }, { checked: null }, { number: 3 }, { date: '2024-05-01T00:00:00.000Z' }, { raw: { any: 1 } }]) {
      expect(modelSchemas.applications.safeParse(withValue(validRecords.applications, at, answer)).success, JSON.stringify(answer)).toBe(true);
    }
    for (const answer of [{}, { content: 'a', choice: 'b' }, { number: 'three' }, { date: '2024-05-01' }]) {
      expect(modelSchemas.applications.safeParse(withValue(validRecords.applications, at, answer)).success, JSON.stringify(answer)).toBe(false);
    }
  });
});
