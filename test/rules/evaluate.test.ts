/**
 * `evaluate(rules, record)` over unified records: the model samples (every field set) and records
 * synced from the Teamtailor sandbox through the real connector. Covers every operator, nested
 * paths, lists (any element), custom-field keys with dots, remote_data, dates with an injected
 * clock, negation, missing fields, the eligibility decision and the one-line reasons.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core/errors.js';
import type { Candidate, Job } from '../../src/models/index.js';
import { compileRules, evaluate, parseRules, RuleValidationError, type Rule } from '../../src/rules/index.js';
import { startSandbox, type Sandbox } from '../../src/testing/index.js';
import { validRecords } from '../helpers/model-samples.js';
import { sandboxConnector } from '../connectors/teamtailor/sandbox-helpers.js';

const job = structuredClone(validRecords.jobs) as Record<string, unknown>;
const candidate = structuredClone(validRecords.candidates) as Record<string, unknown>;

function rule(when: Rule['when'], extra: Partial<Rule> = {}): Rule {
  return { id: extra.id ?? 'r1', name: extra.name ?? 'Rule one', active: extra.active ?? true, when };
}

describe('rules: the reasons', () => {
  it('explains a failed one_of in one line, with the value found and the values expected', () => {
    const lyon = { ...job, location: { name: 'Lyon', city: 'Lyon', country: 'FR' } };
    const result = evaluate([rule({ path: 'location.city', op: 'one_of', values: ['Paris', 'Remote'] }, { name: 'Paris or remote' })], lyon);
    expect(result.eligible).toBe(false);
    expect(result.matched).toEqual([]);
    expect(result.unmatched).toEqual([
      {
        rule: { id: 'r1', name: 'Paris or remote' },
        failed: [{ path: 'location.city', op: 'one_of', negated: false, expected: ['Paris', 'Remote'], actual: 'Lyon', reason: "location.city is 'Lyon', expected one of Paris, Remote" }],
      },
    ]);
    expect(result.summary).toBe(`no rule matches ("Paris or remote": location.city is 'Lyon', expected one of Paris, Remote)`);
  });

  it('gives a reason for each operator', () => {
    const now = Date.parse('2024-06-01T00:00:00Z');
    const failing: [Rule['when'], string][] = [
      [{ path: 'name', op: 'equals', value: 'Designer' }, "name is 'Engineer', expected 'Designer'"],
      [{ path: 'name', op: 'contains', value: 'sign' }, "name is 'Engineer', expected to contain 'sign'"],
      [{ path: 'name', op: 'starts_with', value: 'eng' }, "name is 'Engineer', expected to start with 'eng'"],
      [{ path: 'job_code', op: 'matches', pattern: '^OPS-\\d+$' }, "job_code is 'ENG-1', expected to match /^OPS-\\d+$/"],
      [{ path: 'custom_fields.seniority', op: 'exists' }, 'custom_fields.seniority is missing, expected a value'],
      [{ path: 'department', op: 'missing' }, "department is 'R&D', expected no value"],
      [{ path: 'integration_fields.value', op: 'greater_than', value: 60_000 }, 'integration_fields.value is 50000, expected greater than 60000'],
      [{ path: 'opened_at', op: 'less_than', value: '2023-12-31' }, "opened_at is '2024-01-02T00:00:00.000Z', expected less than '2023-12-31'"],
      [{ path: 'opened_at', op: 'within_last_days', days: 30 }, "opened_at is '2024-01-02T00:00:00.000Z', expected within the last 30 days"],
      [{ not: { path: 'status', op: 'equals', value: 'OPEN' } }, "status is 'OPEN', expected not 'OPEN'"],
      [{ not: { path: 'status', op: 'exists' } }, "status is 'OPEN', expected no value"],
    ];
    for (const [when, reason] of failing) {
      const result = evaluate([rule(when)], job, { now });
      expect(result.eligible, JSON.stringify(when)).toBe(false);
      expect(result.unmatched[0]?.failed.map((failure) => failure.reason)).toEqual([reason]);
    }
  });

  it('reports null as null and an empty list as empty, apart from an absent field', () => {
    const record = { ...job, department: null, custom_fields: { skills: [] } };
    const result = evaluate([rule({ all: [{ path: 'department', op: 'exists' }, { path: 'custom_fields.skills', op: 'exists' }, { path: 'nope', op: 'exists' }] })], record);
    expect(result.unmatched[0]?.failed.map((failure) => failure.reason)).toEqual([
      'department is empty, expected a value',
      'custom_fields.skills is empty, expected a value',
      'nope is missing, expected a value',
    ]);
    expect(result.missingFields).toEqual(['department', 'custom_fields.skills', 'nope']);
  });
});

describe('rules: eligibility', () => {
  const open = rule({ path: 'status', op: 'equals', value: 'OPEN' }, { id: 'open', name: 'Open' });
  const closed = rule({ path: 'status', op: 'equals', value: 'CLOSED' }, { id: 'closed', name: 'Closed' });

  it('is eligible when any active rule matches, and lists matched and unmatched rules in order', () => {
    const result = evaluate([closed, open], job);
    expect(result.eligible).toBe(true);
    expect(result.matched).toEqual([{ id: 'open', name: 'Open' }]);
    expect(result.unmatched.map((entry) => entry.rule.id)).toEqual(['closed']);
    expect(result.summary).toBe('matches "Open"');
  });

  it('ignores inactive rules, even one that would match', () => {
    const result = evaluate([closed, { ...open, active: false }], job);
    expect(result.eligible).toBe(false);
    expect(result.matched).toEqual([]);
    expect(result.unmatched.map((entry) => entry.rule.id)).toEqual(['closed']);
  });

  it('lets nothing through when no rule is active', () => {
    for (const rules of [[], [{ ...open, active: false }]]) {
      const result = evaluate(rules, job);
      expect(result).toEqual({ eligible: false, matched: [], unmatched: [], missingFields: [], summary: 'no active rule' });
    }
  });
});

describe('rules: paths', () => {
  it('reads nested fields, custom-field keys holding dots, and remote_data', () => {
    const record = { ...job, custom_fields: { 'team.size': 12, team: { size: 3 } }, remote_data: { attributes: { 'remote-status': 'fully' } } };
    const matches = (when: Rule['when']) => evaluate([rule(when)], record).eligible;
    expect(matches({ path: 'custom_fields["team.size"]', op: 'equals', value: 12 })).toBe(true);
    expect(matches({ path: ['custom_fields', 'team.size'], op: 'equals', value: 12 })).toBe(true);
    // Without brackets the dot is a separator: this reads custom_fields.team.size.
    expect(matches({ path: 'custom_fields.team.size', op: 'equals', value: 3 })).toBe(true);
    expect(matches({ path: 'remote_data.attributes.remote-status', op: 'equals', value: 'fully' })).toBe(true);
    expect(matches({ path: 'location.country', op: 'one_of', values: ['FR', 'BE'] })).toBe(true);
  });

  it('shows dotted keys in brackets in reasons and missing fields', () => {
    const result = evaluate([rule({ path: ['custom_fields', 'team.size'], op: 'greater_than', value: 20 })], { ...job, custom_fields: {} });
    expect(result.unmatched[0]?.failed[0]?.reason).toBe('custom_fields["team.size"] is missing, expected greater than 20');
    expect(result.missingFields).toEqual(['custom_fields["team.size"]']);
  });

  it('never reads through the prototype', () => {
    for (const path of ['constructor', 'name.length', '__proto__', 'toString']) {
      const result = evaluate([rule({ path, op: 'exists' })], job);
      expect(result.eligible, path).toBe(false);
    }
  });
});

describe('rules: lists (a condition holds when any element satisfies it)', () => {
  const record = {
    ...candidate,
    email_addresses: [
      { email_address: 'grace@navy.example', type: 'WORK' },
      { email_address: 'grace@home.example', type: 'PERSONAL' },
    ],
    tags: [{ id: 't1', name: 'senior' }, { id: 't2', name: 'remote' }],
    custom_fields: { languages: ['French', 'English'] },
  };
  const matches = (when: Rule['when']) => evaluate([rule(when)], record).eligible;

  it('fans out over list elements and list values', () => {
    expect(matches({ path: 'tags.name', op: 'equals', value: 'remote' })).toBe(true);
    expect(matches({ path: 'email_addresses.email_address', op: 'contains', value: '@home.' })).toBe(true);
    expect(matches({ path: 'custom_fields.languages', op: 'one_of', values: ['English'] })).toBe(true);
    expect(matches({ path: 'tags.name', op: 'equals', value: 'junior' })).toBe(false);
  });

  it('takes a position with [n] or a numeric segment', () => {
    expect(matches({ path: 'email_addresses[1].type', op: 'equals', value: 'PERSONAL' })).toBe(true);
    expect(matches({ path: 'email_addresses.0.type', op: 'equals', value: 'PERSONAL' })).toBe(false);
    expect(matches({ path: 'email_addresses[5].type', op: 'exists' })).toBe(false);
  });

  it('negates the whole condition: "not equals" holds only when no element equals', () => {
    expect(matches({ not: { path: 'tags.name', op: 'equals', value: 'remote' } })).toBe(false);
    expect(matches({ not: { path: 'tags.name', op: 'equals', value: 'junior' } })).toBe(true);
  });

  it('reports every value found in a failed condition', () => {
    const result = evaluate([rule({ path: 'tags.name', op: 'equals', value: 'junior' })], record);
    expect(result.unmatched[0]?.failed[0]).toMatchObject({ actual: ['senior', 'remote'], reason: "tags.name is ['senior', 'remote'], expected 'junior'" });
  });
});

describe('rules: all / any / not', () => {
  it('lists every failed condition that decided the result, with negation carried down', () => {
    const when: Rule['when'] = {
      all: [
        { path: 'status', op: 'equals', value: 'OPEN' },
        { any: [{ path: 'location.city', op: 'equals', value: 'Lyon' }, { path: 'department', op: 'equals', value: 'Sales' }] },
        { not: { any: [{ path: 'confidential', op: 'equals', value: true }, { path: 'job_code', op: 'starts_with', value: 'ENG' }] } },
      ],
    };
    const result = evaluate([rule(when)], job);
    expect(result.eligible).toBe(false);
    expect(result.unmatched[0]?.failed.map((failure) => [failure.reason, failure.negated])).toEqual([
      ["location.city is 'Paris', expected 'Lyon'", false],
      ["department is 'R&D', expected 'Sales'", false],
      ["job_code is 'ENG-1', expected not to start with 'ENG'", true],
    ]);
  });

  it('"not all" holds when one part fails; "not any" needs every part to fail', () => {
    const a = { path: 'status', op: 'equals', value: 'OPEN' } as const;
    const b = { path: 'status', op: 'equals', value: 'CLOSED' } as const;
    expect(evaluate([rule({ not: { all: [a, b] } })], job).eligible).toBe(true);
    expect(evaluate([rule({ not: { any: [a, b] } })], job).eligible).toBe(false);
    expect(evaluate([rule({ not: { not: a } })], job).eligible).toBe(true);
  });
});

describe('rules: values, numbers and dates', () => {
  it('compares strings exactly unless case_insensitive', () => {
    expect(evaluate([rule({ path: 'name', op: 'equals', value: 'engineer' })], job).eligible).toBe(false);
    expect(evaluate([rule({ path: 'name', op: 'equals', value: 'engineer', case_insensitive: true })], job).eligible).toBe(true);
    expect(evaluate([rule({ path: 'name', op: 'matches', pattern: '^ENGINEER$', case_insensitive: true })], job).eligible).toBe(true);
    expect(evaluate([rule({ path: 'location.city', op: 'one_of', values: ['PARIS'], case_insensitive: true })], job).eligible).toBe(true);
  });

  it('treats a numeric string as its number (providers send salaries both ways)', () => {
    const record = { ...job, custom_fields: { salary: '45000', level: 3 } };
    expect(evaluate([rule({ path: 'custom_fields.salary', op: 'greater_than', value: 40_000 })], record).eligible).toBe(true);
    expect(evaluate([rule({ path: 'custom_fields.salary', op: 'equals', value: 45_000 })], record).eligible).toBe(true);
    expect(evaluate([rule({ path: 'custom_fields.level', op: 'one_of', values: ['3'] })], record).eligible).toBe(true);
    expect(evaluate([rule({ path: 'name', op: 'greater_than', value: 1 })], record).eligible).toBe(false);
  });

  it('compares dates as instants, whatever their offset, and never a non-date', () => {
    const record = { ...job, opened_at: '2024-03-01T10:00:00+02:00', custom_fields: { start: '2024-03-01', code: 'ENG' } };
    expect(evaluate([rule({ path: 'opened_at', op: 'greater_than', value: '2024-03-01T07:59:59Z' })], record).eligible).toBe(true);
    expect(evaluate([rule({ path: 'opened_at', op: 'less_than', value: '2024-03-01T08:00:01Z' })], record).eligible).toBe(true);
    expect(evaluate([rule({ path: 'custom_fields.start', op: 'less_than', value: '2024-03-02' })], record).eligible).toBe(true);
    expect(evaluate([rule({ path: 'custom_fields.code', op: 'less_than', value: '2099-01-01' })], record).eligible).toBe(false);
  });

  it('reads "within the last N days" from the injected clock, and never counts the future', () => {
    const record = { ...job, remote_updated_at: '2024-05-20T00:00:00.000Z' };
    const when: Rule['when'] = { path: 'remote_updated_at', op: 'within_last_days', days: 14 };
    expect(evaluate([rule(when)], record, { now: new Date('2024-06-01T00:00:00Z') }).eligible).toBe(true);
    expect(evaluate([rule(when)], record, { now: () => Date.parse('2024-06-05T00:00:00Z') }).eligible).toBe(false);
    expect(evaluate([rule(when)], record, { now: Date.parse('2024-05-19T00:00:00Z') }).eligible).toBe(false);
  });

  it('matches long values in bounded time with a pattern that would hang RegExp', () => {
    const record = { ...job, description: `${'a'.repeat(20_000)}!` };
    const result = evaluate([rule({ path: 'description', op: 'matches', pattern: '^(a+)+$' })], record);
    expect(result.eligible).toBe(false);
    expect(result.unmatched[0]?.failed[0]?.reason).toMatch(/^description is 'a{60}…', expected to match \/\^\(a\+\)\+\$\/$/);
  });
});

describe('rules: validation', () => {
  const cases: [unknown, string, (string | number)[]][] = [
    [[{ id: 'a', name: 'A', active: true, when: { path: 'x', op: 'equal', value: 1 } }], 'rules[0] ("a").when.op', [0, 'when', 'op']],
    [[{ id: 'a', name: 'A', active: true, when: { all: [{ path: 'x', op: 'equals' }] } }], 'rules[0] ("a").when.all[0].value', [0, 'when', 'all', 0, 'value']],
    [[{ id: 'a', name: 'A', active: true, when: { any: [{ not: { path: 'x', op: 'matches', pattern: '(a)\\1' } }] } }], 'rules[0] ("a").when.any[0].not.pattern', [0, 'when', 'any', 0, 'not', 'pattern']],
    [[{ id: 'a', name: 'A', active: true, when: { path: 'a..b', op: 'exists' } }], 'rules[0] ("a").when.path', [0, 'when', 'path']],
    [[{ id: 'a', name: 'A', active: true, when: { path: 'x', op: 'exists', extra: 1 } }], 'rules[0] ("a").when', [0, 'when']],
    [[{ id: 'a', name: 'A', active: true, when: { path: 'x', op: 'greater_than', value: 'yesterday' } }], 'rules[0] ("a").when.value', [0, 'when', 'value']],
    [[{ id: 'a', name: 'A', active: 'yes', when: { path: 'x', op: 'exists' } }], 'rules[0] ("a").active', [0, 'active']],
    [[{ id: 'a', name: 'A', active: true, when: { alll: [] } }], 'rules[0] ("a").when', [0, 'when']],
    [[{ id: 'a', name: 'A', active: true, when: { path: 'x', op: 'exists' } }, { id: 'a', name: 'B', active: true, when: { path: 'x', op: 'exists' } }], 'rules[1] ("a").id', [1, 'id']],
    [{ id: 'a' }, 'rules', []],
  ];

  it.each(cases)('refuses %j with a ValidationError pointing at the field', (input, where, path) => {
    let caught: unknown;
    try {
      evaluate(input, job);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(RuleValidationError);
    expect(caught).toBeInstanceOf(ValidationError);
    const error = caught as RuleValidationError;
    expect(error.problems[0]?.where).toBe(where);
    expect(error.problems[0]?.path).toEqual(path);
    expect(error.issues[0]?.path).toEqual(path);
    expect(error.message).toContain(where);
  });

  it('refuses rules nested deeper than the limits, without exhausting the stack', () => {
    let deep: Rule['when'] = { path: 'x', op: 'exists' };
    for (let level = 0; level < 9; level += 1) deep = { not: deep };
    expect(() => parseRules([rule(deep)])).toThrow(/at most 8 levels/);
    let hostile: unknown = { path: 'x', op: 'exists' };
    for (let level = 0; level < 100_000; level += 1) hostile = { not: hostile };
    expect(() => parseRules([{ id: 'a', name: 'A', active: true, when: hostile }])).toThrow(/Nested more than 64 levels/);
  });

  it('takes rules as JSON text would give them, and returns JSON-serialisable results', () => {
    const rules = [rule({ all: [{ path: 'status', op: 'equals', value: 'OPEN' }, { path: 'location.city', op: 'one_of', values: ['Lyon'] }] })];
    const fromJson: unknown = JSON.parse(JSON.stringify(rules));
    const result = evaluate(fromJson, job);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    expect(result).toEqual(evaluate(rules, job));
  });

  it('compiles once for many records, and a compiled list is not changed by editing its copy', () => {
    const compiled = compileRules([rule({ path: 'status', op: 'equals', value: 'OPEN' })]);
    expect(compiled.activeCount).toBe(1);
    expect(() => ((compiled.rules as Rule[])[0] = rule({ path: 'status', op: 'equals', value: 'CLOSED' }))).toThrow(TypeError);
    expect(evaluate(compiled, job).eligible).toBe(true);
    expect(evaluate(compiled, { ...job, status: 'CLOSED' }).eligible).toBe(false);
  });
});

describe('rules over records synced from the Teamtailor sandbox', () => {
  let sandbox: Sandbox;
  let jobs: Job[];
  let candidates: Candidate[];

  beforeAll(async () => {
    sandbox = await startSandbox('teamtailor', { records: 60, seed: 3 });
    const { connector, close } = sandboxConnector(sandbox);
    jobs = [];
    for await (const record of connector.syncJobs()) jobs.push(record);
    candidates = [];
    for await (const record of connector.syncCandidates()) candidates.push(record);
    await close();
  });
  afterAll(() => sandbox.close());

  it('selects the open jobs in Stockholm, with a reason for each other job', () => {
    const rules = compileRules([
      rule({ all: [{ path: 'status', op: 'equals', value: 'OPEN' }, { path: 'location.city', op: 'one_of', values: ['Stockholm'] }] }, { id: 'sthlm', name: 'Open in Stockholm' }),
    ]);
    const results = jobs.map((record) => ({ record, result: evaluate(rules, record) }));
    const expected = jobs.filter((record) => record.status === 'OPEN' && record.location?.city === 'Stockholm').map((record) => record.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(jobs.length);
    expect(results.filter(({ result }) => result.eligible).map(({ record }) => record.id)).toEqual(expected);
    for (const { record, result } of results.filter(({ result }) => !result.eligible)) {
      const reasons = result.unmatched[0]?.failed.map((failure) => failure.reason) ?? [];
      expect(reasons.length).toBeGreaterThan(0);
      if (record.location?.city !== 'Stockholm') expect(reasons).toContain(`location.city is '${record.location?.city}', expected one of Stockholm`);
    }
  });

  it('reads custom fields, list fields and remote_data of synced candidates', () => {
    const rules = compileRules([
      rule(
        {
          all: [
            { path: 'custom_fields.notice_period', op: 'starts_with', value: '1' },
            { path: 'email_addresses.email_address', op: 'matches', pattern: '@example\\.com$' },
            { path: 'remote_data.attributes.first-name', op: 'exists' },
          ],
        },
        { id: 'short-notice', name: 'One-month notice' },
      ),
    ]);
    const eligible = candidates.filter((record) => evaluate(rules, record).eligible).map((record) => record.id);
    const expected = candidates.filter((record) => String(record.custom_fields.notice_period).startsWith('1')).map((record) => record.id);
    expect(expected.length).toBeGreaterThan(0);
    expect(eligible).toEqual(expected);
  });

  it('finds candidates changed within the last days by the sandbox clock', () => {
    const now = sandbox.now();
    const rules = compileRules([rule({ path: 'remote_updated_at', op: 'within_last_days', days: 20 })]);
    const eligible = candidates.filter((record) => evaluate(rules, record, { now }).eligible).length;
    const expected = candidates.filter((record) => now - Date.parse(record.remote_updated_at as string) <= 20 * 86_400_000).length;
    expect(expected).toBeGreaterThan(0);
    expect(eligible).toBe(expected);
  });
});
