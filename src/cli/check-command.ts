/**
 * `unified-ats check <provider>`: runs `checkConnection()` and exits with a code scripts can use.
 */
import { createConnector, type ProviderName } from '../connectors/index.js';
import { ExitCode } from './exit-codes.js';

/** Runs the check; returns the exit code. */
export async function checkCommand(provider: ProviderName, options: Record<string, string>, out: NodeJS.WriteStream): Promise<number> {
  const connector = createConnector(provider, options as never);
  try {
    const result = await connector.checkConnection();
    out.write(`${provider}: ${result.status} — ${result.detail}\n`);
    switch (result.status) {
      case 'connected':
        return ExitCode.ok;
      case 'invalid_credentials':
      case 'missing_permissions':
        return ExitCode.auth;
      case 'rate_limited':
        return ExitCode.rateLimited;
      default:
        return ExitCode.unreachable;
    }
  } finally {
    await connector.close();
  }
}
