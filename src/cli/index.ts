/**
 * The `unified-ats` command: `demo`, `sync <provider>`, `check <provider>`.
 * Credentials come from flags or the environment; exit codes are in `exit-codes.ts`.
 */
import { parseArgs } from 'node:util';
import { providers, type ProviderName } from '../connectors/index.js';
import { AtsError, AuthError, RateLimitError } from '../core/errors.js';
import { modelNames, type ModelName } from '../models/registry.js';
import { checkCommand } from './check-command.js';
import { credentialFlags, providerOptionSources, resolveProviderOptions } from './credentials.js';
import { demoCommand } from './demo-command.js';
import { ExitCode, UsageError } from './exit-codes.js';
import { syncCommand } from './sync-command.js';
import { workerCommand } from './worker-command.js';

const HELP = `unified-ats — one typed API over many applicant tracking systems

Usage:
  unified-ats demo [--records N]             sandboxes for every provider: full sync, edits, delta sync, a write
  unified-ats sync <provider> [options]      sync an account into a folder (JSON Lines per model + state)
  unified-ats check <provider> [options]     check the credentials (checkConnection)
  unified-ats worker --resolver <module>     run a fleet worker (unified-ats worker --help)

Sync options:
  --out <folder>        where to write (default ./ats-output/<provider>)
  --mode delta|full     delta (default) or full (also detects deletions)
  --models a,b          only these models (${modelNames.join(', ')})

Credentials: a flag, or the environment variable <PROVIDER>_<FLAG> (--api-key of teamtailor: TEAMTAILOR_API_KEY)
${credentialHelp()}

Providers available in this build: ${providers.join(', ')}
Exit codes: 0 ok, 1 failed, 2 usage, 3 credentials rejected, 4 rate limited, 5 unreachable.
`;

/** One line per provider, from the option table itself, so the help never drifts from it. */
function credentialHelp(): string {
  return Object.entries(providerOptionSources)
    .map(([provider, sources]) => {
      const flags = sources.map((source) => `--${source.flag}${source.required ? ' (required)' : ''}`);
      return `  ${provider.padEnd(11)} ${flags.join(', ')}`;
    })
    .join('\n');
}

/** Runs the CLI with `argv` (without node and script); returns the exit code. */
export async function main(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    if (argv[0] === 'worker') return await workerCommand(argv.slice(1), env);
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        out: { type: 'string' },
        mode: { type: 'string' },
        models: { type: 'string' },
        records: { type: 'string' },
        ...Object.fromEntries(credentialFlags.map((flag) => [flag, { type: 'string' as const }])),
      },
    });
    const [command, providerArgument] = positionals;
    if (values.help || !command) {
      process.stdout.write(HELP);
      return command || values.help ? ExitCode.ok : ExitCode.usage;
    }
    if (command === 'demo') {
      const records = values.records === undefined ? 100 : Number(values.records);
      if (!Number.isInteger(records) || records < 1 || records > 100_000) throw new UsageError('--records must be a whole number from 1 to 100000');
      return await demoCommand(process.stdout, { records });
    }
    if (command !== 'sync' && command !== 'check') throw new UsageError(`Unknown command "${command}"`);
    const provider = parseProvider(providerArgument);
    const options = resolveProviderOptions(provider, values as Record<string, string | undefined>, env);
    if (command === 'check') return await checkCommand(provider, options, process.stdout);
    const mode = values.mode ?? 'delta';
    if (mode !== 'delta' && mode !== 'full') throw new UsageError('--mode must be delta or full');
    return await syncCommand(
      { provider, options, folder: values.out ?? `./ats-output/${provider}`, mode, models: parseModels(values.models) },
      process.stdout,
      process.stderr,
    );
  } catch (error) {
    return reportError(error);
  }
}

function parseProvider(value: string | undefined): ProviderName {
  if (!value) throw new UsageError(`Name a provider: ${providers.join(', ')}`);
  if (!(providers as string[]).includes(value)) throw new UsageError(`Unknown provider "${value}". Available: ${providers.join(', ')}`);
  return value as ProviderName;
}

function parseModels(value: string | undefined): ModelName[] | undefined {
  if (value === undefined) return undefined;
  const models = value.split(',').map((model) => model.trim()).filter(Boolean);
  const unknown = models.filter((model) => !(modelNames as string[]).includes(model));
  if (unknown.length > 0) throw new UsageError(`Unknown model(s): ${unknown.join(', ')}`);
  return models as ModelName[];
}

function reportError(error: unknown): number {
  if (error instanceof UsageError || (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'))) {
    process.stderr.write(`unified-ats: ${error.message}\nRun "unified-ats --help" for usage.\n`);
    return ExitCode.usage;
  }
  process.stderr.write(`unified-ats: ${error instanceof Error ? error.message : String(error)}\n`);
  if (error instanceof AuthError) return ExitCode.auth;
  if (error instanceof RateLimitError) return ExitCode.rateLimited;
  return error instanceof AtsError ? ExitCode.failed : ExitCode.failed;
}
