/**
 * Helpers for Teamtailor sandbox tests: a connector on a sandbox, and a log of every request URL
 * it sends (an undici interceptor, so the log is what went on the wire).
 */
import { Agent, type Dispatcher } from 'undici';
import { createTeamtailorConnector, type TeamtailorConnectorOptions } from '../../../src/connectors/teamtailor/index.js';
import { TEAMTAILOR_SANDBOX_KEY } from '../../../src/testing/sandboxes/teamtailor/sandbox.js';
import type { SandboxServer as Sandbox } from '../../../src/testing/index.js';

/** A connector on `sandbox` plus the request log. */
export interface SandboxConnector {
  connector: ReturnType<typeof createTeamtailorConnector>;
  /** `METHOD path?query` (decoded), relative to the sandbox base URL, in send order. */
  requests: string[];
  close(): Promise<void>;
}

/** Builds a connector on the sandbox with no client-side rate limit and fast retries. */
export function sandboxConnector(sandbox: Pick<Sandbox, 'url'>, options: Partial<TeamtailorConnectorOptions> = {}): SandboxConnector {
  const requests: string[] = [];
  const agent = new Agent();
  const recording: Dispatcher = agent.compose((dispatch) => (request, handler) => {
    requests.push(`${request.method} ${decodeURIComponent(String(request.path)).replace(/^\/v1/, '')}`);
    return dispatch(request, handler);
  });
  const connector = createTeamtailorConnector({
    apiKey: TEAMTAILOR_SANDBOX_KEY,
    baseUrl: sandbox.url,
    rateLimit: false,
    retry: { baseDelayMs: 5 },
    dispatcher: recording,
    ...options,
  });
  return {
    connector,
    requests,
    close: async () => {
      await connector.close();
      await agent.close();
    },
  };
}
