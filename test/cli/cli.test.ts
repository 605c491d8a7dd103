/**
 * The `unified-ats` command, called in-process through `main(argv, env)`: usage errors and their
 * exit codes, `check` and `sync` against loopback sandboxes, and the demo's claim that every delta
 * sync delivers exactly the records it edited.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/index.js';
import { ExitCode } from '../../src/cli/exit-codes.js';
import { startSandbox } from '../../src/testing/index.js';
import type { Sandbox } from '../../src/testing/index.js';

let out = '';
let err = '';
let sandbox: Sandbox | undefined;
let folder: string | undefined;

beforeEach(() => {
  out = '';
  err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await sandbox?.close();
  sandbox = undefined;
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
});

describe('help', () => {
  it('lists every option of every provider, --base-url included, with the environment variable rule it states', async () => {
    const { providerOptionSources } = await import('../../src/cli/credentials.js');
    const printed: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string | Uint8Array) => {
      printed.push(String(chunk));
      return true;
    }) as typeof process.stdout.write;
    try {
      expect(await main(['--help'], {})).toBe(ExitCode.ok);
    } finally {
      process.stdout.write = write;
    }
    const help = printed.join('');
    for (const [provider, sources] of Object.entries(providerOptionSources)) {
      const line = help.split('\n').find((text) => text.trimStart().startsWith(`${provider} `));
      expect(line, provider).toBeDefined();
      expect(line).toContain('--base-url');
      for (const source of sources) {
        expect(line).toContain(`--${source.flag}`);
        // The help states one naming rule for the environment; every option must follow it.
        expect(source.env).toBe(`${provider.toUpperCase()}_${source.flag.toUpperCase().replace(/-/g, '_')}`);
      }
    }
  });
});

describe('usage errors', () => {
  it('no command prints the help and exits 2; --help exits 0', async () => {
    expect(await main([], {})).toBe(ExitCode.usage);
    expect(out).toContain('Usage:');
    expect(await main(['--help'], {})).toBe(ExitCode.ok);
  });

  it('an unknown command, provider, flag, mode or model exits 2 with a message', async () => {
    expect(await main(['frobnicate'], {})).toBe(ExitCode.usage);
    expect(err).toContain('Unknown command "frobnicate"');
    expect(await main(['sync', 'workday'], {})).toBe(ExitCode.usage);
    expect(err).toContain('Unknown provider "workday"');
    expect(await main(['sync', 'teamtailor', '--no-such-flag'], {})).toBe(ExitCode.usage);
    expect(await main(['sync', 'teamtailor', '--api-key', 'k', '--mode', 'sideways'], {})).toBe(ExitCode.usage);
    expect(err).toContain('--mode must be delta or full');
    expect(await main(['sync', 'teamtailor', '--api-key', 'k', '--models', 'candidates,widgets'], {})).toBe(ExitCode.usage);
    expect(err).toContain('widgets');
  });

  it('missing credentials name both the flag and the environment variable', async () => {
    expect(await main(['check', 'flatchr', '--api-key', 'k'], {})).toBe(ExitCode.usage);
    expect(err).toContain('--company-id (or FLATCHR_COMPANY_ID)');
  });
});

describe('check', () => {
  it('reports connected (exit 0) with the key from the environment, invalid_credentials (exit 3) with a wrong key', async () => {
    sandbox = await startSandbox('teamtailor', { records: 5 });
    const env = { TEAMTAILOR_API_KEY: sandbox.credentials.apiKey, TEAMTAILOR_BASE_URL: sandbox.url };
    expect(await main(['check', 'teamtailor'], env)).toBe(ExitCode.ok);
    expect(out).toContain('teamtailor: connected');
    expect(await main(['check', 'teamtailor', '--api-key', 'wrong-key-123'], env)).toBe(ExitCode.auth);
    expect(out).toContain('invalid_credentials');
    expect(out + err).not.toContain('wrong-key-123');
  });
});

describe('sync', () => {
  it('writes JSON Lines per model plus state; the second run is a delta with only the edit', async () => {
    sandbox = await startSandbox('teamtailor', { records: 30 });
    folder = mkdtempSync(join(tmpdir(), 'unified-ats-cli-'));
    const args = ['sync', 'teamtailor', '--out', folder, '--models', 'jobs,candidates,applications', '--api-key', sandbox.credentials.apiKey as string, '--base-url', sandbox.url];
    expect(await main(args, {})).toBe(ExitCode.ok);
    expect(readdirSync(folder).sort()).toEqual(['.state', 'applications.jsonl', 'candidates.jsonl', 'jobs.jsonl']);
    const lines = () => readFileSync(join(folder as string, 'candidates.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { op: string; record: { remote_id: string } });
    expect(lines()).toHaveLength(30);
    const edited = sandbox.editCandidate(4);
    expect(await main(args, {})).toBe(ExitCode.ok);
    const after = lines();
    expect(after).toHaveLength(31);
    expect(after[30]).toMatchObject({ op: 'upsert', record: { remote_id: edited } });
    expect(out).toContain('status: ok');
  });
});

describe('demo', () => {
  it('runs every provider and reports deltas equal to the edits (exit 0)', async () => {
    expect(await main(['demo', '--records', '20'], {})).toBe(ExitCode.ok);
    for (const provider of ['teamtailor', 'gem', 'crelate', 'flatchr', 'jarvi']) expect(out).toMatch(new RegExp(`\\n${provider}\\s+\\d+\\s+3\\s+3\\s`));
    expect(out).toContain('Every delta sync delivered exactly the records the demo edited.');
  });

  it('rejects a bad --records value', async () => {
    expect(await main(['demo', '--records', 'many'], {})).toBe(ExitCode.usage);
  });
});
