/**
 * The user token (JWT) some Flatchr writes need: comments are created "as a user", with a token
 * from `POST /user/login` (email + password), not with the API key. The token is asked
 * for lazily on the first such write, kept for the connector's life, and asked for again once
 * after a 401 (its lifetime, about a week, is INFERRED). The token is added to the transport's
 * secrets as soon as it arrives, so no error or log can print it.
 */
import { AuthError, ConfigError } from '../../core/errors.js';
import { parseOrThrow } from '../../core/parse.js';
import type { HttpClient } from '../../core/http.js';
import { flatchrDescriptor as descriptor } from './descriptor.js';
import { loginBodySchema } from './wire.js';

/** The acting user's credentials. */
export interface FlatchrUserCredentials {
  email: string;
  password: string;
}

/** A lazily created user session. */
export interface UserSession {
  /** Whether user credentials were configured. */
  readonly configured: boolean;
  /** Runs `call` with the user's `Authorization` header, logging in first and once more after a 401. */
  withUser<T>(call: (headers: Record<string, string>) => Promise<T>, signal?: AbortSignal): Promise<T>;
}

/**
 * Creates the session.
 * @param secrets the transport's (mutable) secrets list: the token is pushed into it
 */
export function createUserSession(client: HttpClient, credentials: FlatchrUserCredentials | null, secrets: string[]): UserSession {
  let token: Promise<string> | null = null;

  /** https://developers.flatchr.io/en/docs/QuickStart/Login — POST /user/login. */
  const login = async (signal?: AbortSignal): Promise<string> => {
    if (!credentials) {
      throw new ConfigError('This Flatchr write needs a user: pass userEmail and userPassword to createFlatchrConnector.', {
        provider: descriptor.provider,
        operation: 'login',
      });
    }
    const response = await client.request({
      method: 'POST',
      path: '/user/login',
      json: { email: credentials.email, password: credentials.password },
      operation: 'POST /user/login',
      // Logging in twice is harmless.
      idempotent: true,
      signal,
    });
    const value = parseOrThrow(loginBodySchema, response.body, { provider: descriptor.provider, operation: 'POST /user/login', what: 'a login answer without a token' }).token;
    secrets.push(value);
    return value;
  };

  const current = (signal?: AbortSignal) => {
    token ??= login(signal).catch((error: unknown) => {
      token = null;
      throw error;
    });
    return token;
  };

  return {
    configured: credentials !== null,
    async withUser(call, signal) {
      const first = await current(signal);
      try {
        return await call({ authorization: `Bearer ${first}` });
      } catch (error) {
        if (!(error instanceof AuthError) || error.status !== 401) throw error;
        // The JWT expired (INFERRED lifetime ~1 week): log in again, once.
        token = null;
        const second = await current(signal);
        return call({ authorization: `Bearer ${second}` });
      }
    },
  };
}
