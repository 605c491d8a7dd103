/**
 * `parseOrThrow` (provider data) and `inputSchemaError` (caller input): typed `ValidationError`s
 * with issue paths and reasons, never a raw `ZodError`, never a value.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ValidationError } from '../../src/core/errors.js';
import { inputSchemaError } from '../../src/core/input-errors.js';
import { parseOrThrow } from '../../src/core/parse.js';
import { MoveApplicationToStageInputSchema, AddAttachmentToCandidateInputSchema } from '../../src/actions/inputs.js';

const context = { provider: 'acme', operation: 'GET /things/{id}', what: 'a thing' };

describe('parseOrThrow', () => {
  it('returns the parsed value', () => {
    expect(parseOrThrow(z.object({ id: z.string() }), { id: 'a' }, context)).toEqual({ id: 'a' });
  });

  it('throws a provider ValidationError with issue paths and codes, and no value', () => {
    const secret = 'personal-data-value-123';
    let caught: unknown;
    try {
      parseOrThrow(z.object({ data: z.object({ id: z.string(), email: z.email() }) }), { data: { id: 7, email: secret } }, { ...context, remoteId: 'r1' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ValidationError);
    expect(caught).toMatchObject({ source: 'provider', provider: 'acme', operation: 'GET /things/{id}', remoteId: 'r1' });
    expect((caught as ValidationError).issues).toEqual([
      { path: ['data', 'id'], code: 'invalid_type' },
      { path: ['data', 'email'], code: 'invalid_format' },
    ]);
    expect((caught as Error).message).toContain('data.id, data.email');
    expect(JSON.stringify(caught)).not.toContain(secret);
  });

  it('reports a custom check by its own code (an id beyond 2^53 is unsafe_integer)', () => {
    const safe = z.number().refine(Number.isSafeInteger, { params: { code: 'unsafe_integer' } });
    expect(() => parseOrThrow(z.object({ id: safe }), { id: 2 ** 60 }, context)).toThrow(ValidationError);
    try {
      parseOrThrow(z.object({ id: safe }), { id: 2 ** 60 }, context);
    } catch (error) {
      expect((error as ValidationError).issues).toEqual([{ path: ['id'], code: 'unsafe_integer' }]);
    }
  });
});

describe('inputSchemaError', () => {
  const fail = (schema: z.ZodType, input: unknown) => {
    const parsed = schema.safeParse(input);
    if (parsed.success) throw new Error('expected a failure');
    return inputSchemaError(schema, parsed.error, { provider: 'acme', operation: 'moveApplicationToStage' });
  };

  it('names an unknown key with the closest known one, and not the missing key again', () => {
    const error = fail(MoveApplicationToStageInputSchema, { application_id: 'a', stageId: 's' });
    expect(error).toMatchObject({ source: 'input', field: 'stageId', reason: 'unknown key stageId; did you mean stage_id?' });
    expect(error.message).toBe('Invalid input for moveApplicationToStage: unknown key stageId; did you mean stage_id?');
  });

  it('suggests keys of nested objects, and says what a field must be without its value', () => {
    const error = fail(AddAttachmentToCandidateInputSchema, { candidate_id: 'c', attachment: { name: 'r.pdf', contentType: 'application/pdf', url: 'not a url' } });
    expect(error.message).toContain('unknown key contentType; did you mean content_type?');
    expect(error.message).toContain('attachment.url: must be an http(s) URL');
    expect(error.message).not.toContain('not a url');
    expect(fail(MoveApplicationToStageInputSchema, { application_id: 5, stage_id: 's' })).toMatchObject({ field: 'application_id', reason: 'must be a string' });
    expect(fail(MoveApplicationToStageInputSchema, { stage_id: 's' })).toMatchObject({ field: 'application_id', reason: 'is required' });
  });
});
