/**
 * `checkConnection()`: one cheap request that every valid key can make, then one permission probe
 * per resource a sync reads, so a key that authenticates but cannot read what a sync needs (a
 * Teamtailor key without the Admin scope, a Jarvi public key passed as the private one) answers
 * `missing_permissions` naming the models, instead of `connected`. Probes are data in each
 * connector's descriptor; a provider without key scopes has none.
 */
import { AtsError, AuthError, NotFoundError, RateLimitError } from '../../core/errors.js';
import type { HttpClient, HttpRequest } from '../../core/http.js';
import type { ConnectionStatus } from '../../core/reader.js';
import type { ModelName } from '../../models/registry.js';

/** One request that only succeeds when the key may read `models`. */
export interface PermissionProbe {
  /** The models read from this request's resource. */
  models: readonly ModelName[];
  /** The cheapest request on that resource (one record). */
  request: Pick<HttpRequest, 'method' | 'path' | 'query'>;
  /** The transport to probe with, when the connector has several (Jarvi's public key); default the main one. */
  client?: HttpClient;
}

/** What `checkConnection` needs from a connector. */
export interface ConnectionCheck {
  client: HttpClient;
  /** The cheapest request every valid key can make. */
  request: Pick<HttpRequest, 'method' | 'path' | 'query'>;
  /**
   * The provider's default API root. `request` is a path every account can read, so a 404 there
   * means `baseUrl` is not the API's root (a web address, a missing version segment): the detail
   * says so and names this root.
   */
  apiRoot?: string;
  /** The models `request` itself reads, named when it answers 403 with `forbiddenMeans: 'missing_permissions'`. */
  requestModels?: readonly ModelName[];
  /** What a 403 on `request` means (some gateways answer 403 for a bad key). */
  forbiddenMeans: 'missing_permissions' | 'invalid_credentials';
  /** Probes, run after `request` succeeded, for the models the connector reads. */
  probes: readonly PermissionProbe[];
  /** Why credentials can be rejected besides a wrong or expired key (Teamtailor: another region). */
  invalidCredentialsHint?: string;
  /** What kind of key reads everything, for the `missing_permissions` detail. */
  permissionHint?: string;
  /** Whether the connector reads `model` (probes of other models are skipped). */
  reads: (model: ModelName) => boolean;
}

/** Most probes one check makes, whatever a descriptor lists. */
const MAX_PROBES = 12;

/** Runs the check; never throws for auth, rate-limit or network problems (an abort does throw). */
export async function checkConnection(check: ConnectionCheck, signal?: AbortSignal): Promise<ConnectionStatus> {
  const { client } = check;
  try {
    await client.request({ ...check.request, operation: 'checkConnection', signal });
  } catch (error) {
    return classify(check, error, signal);
  }
  const missing = new Set<ModelName>();
  const refused: string[] = [];
  const unverified: string[] = [];
  for (const probe of check.probes.filter((entry) => entry.models.some(check.reads)).slice(0, MAX_PROBES)) {
    try {
      await (probe.client ?? client).request({ ...probe.request, operation: `checkConnection ${probe.request.method} ${probe.request.path}`, signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof RateLimitError) return rateLimited(client, error);
      if (error instanceof AuthError) {
        for (const model of probe.models) if (check.reads(model)) missing.add(model);
        refused.push(`${error.status} on ${probe.request.method} ${probe.request.path}`);
      } else {
        unverified.push(probe.models.join(', '));
      }
    }
  }
  if (missing.size > 0) {
    const models = [...missing];
    return {
      status: 'missing_permissions',
      detail: `The ${client.provider} key is valid but cannot read ${models.join(', ')} (${refused.join('; ')}).${check.permissionHint ? ` ${check.permissionHint}` : ''}`,
      missing_models: models,
    };
  }
  const note = unverified.length > 0 ? ` Could not verify the permission to read ${unverified.join('; ')} (the probe failed for another reason).` : '';
  return { status: 'connected', detail: `Connected to ${client.provider}.${note}` };
}

function classify(check: ConnectionCheck, error: unknown, signal?: AbortSignal): ConnectionStatus {
  const { client } = check;
  if (signal?.aborted) throw error;
  if (error instanceof AuthError) {
    if (error.status === 403 && check.forbiddenMeans === 'missing_permissions') {
      const models = (check.requestModels ?? []).filter(check.reads);
      return {
        status: 'missing_permissions',
        detail: `The ${client.provider} key is valid but lacks a permission${models.length > 0 ? ` to read ${models.join(', ')}` : ''}: ${error.message}${check.permissionHint ? ` ${check.permissionHint}` : ''}`,
        ...(models.length > 0 ? { missing_models: models } : {}),
      };
    }
    return {
      status: 'invalid_credentials',
      detail: `${client.provider} rejected the credentials (a wrong or expired key${check.invalidCredentialsHint ? `, ${check.invalidCredentialsHint}` : ''}): ${error.message}`,
    };
  }
  if (error instanceof RateLimitError) return rateLimited(client, error);
  if (error instanceof NotFoundError) {
    const { method, path } = check.request;
    return {
      status: 'unreachable',
      detail: `${client.provider} answered ${error.status} to ${method} ${path}, which every account can read: the address is not the root of the ${client.provider} API. Check the baseUrl option${check.apiRoot ? ` (the default is ${check.apiRoot})` : ''}.`,
    };
  }
  const message = error instanceof AtsError ? error.message : 'unknown error';
  return { status: 'unreachable', detail: `Could not reach ${client.provider}: ${message}` };
}

function rateLimited(client: HttpClient, error: RateLimitError): ConnectionStatus {
  return { status: 'rate_limited', detail: `${client.provider} is rate limiting this key: ${error.message}` };
}
