/**
 * The baselines of P1: the same request URLs the SDK sent, replayed with plain undici.
 * B0 reads the body as text (the transport ceiling), B1 adds `JSON.parse`, B2 adds the connector's
 * wire-schema `safeParse` of each item. Same headers and the same Agent settings as the SDK.
 */
import { Agent, request } from 'undici';
import { candidateSchema } from '../src/connectors/teamtailor/wire.js';
import { teamtailorDescriptor } from '../src/connectors/teamtailor/descriptor.js';
import { LoopGuard } from './statistics.js';
import type { LoggedRequest } from './sandbox-client.js';

/** B0, B1 or B2. */
export type BaselineLevel = 0 | 1 | 2;

/** Replays `paths` (path and query under the sandbox's base URL) and returns the items seen. */
export async function replayBaseline(level: BaselineLevel, baseUrl: string, apiKey: string, paths: readonly string[], timeoutMs: number): Promise<number> {
  const agent = new Agent({ connections: 8, keepAliveTimeout: 10_000 });
  const headers = { authorization: `Token token=${apiKey}`, 'x-api-version': teamtailorDescriptor.apiVersion, accept: teamtailorDescriptor.contentType };
  const guard = new LoopGuard({ maxItems: paths.length, timeoutMs, label: `baseline B${level}` });
  let items = 0;
  try {
    for (const path of paths) {
      guard.tick();
      const response = await request(`${baseUrl}${path}`, { dispatcher: agent, headers, signal: guard.signal });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`baseline B${level}: ${response.statusCode} for ${path}`);
      if (level === 0) continue;
      const document = JSON.parse(text) as { data: unknown[] };
      items += document.data.length;
      if (level === 1) continue;
      for (const item of document.data) {
        if (!candidateSchema.safeParse(item).success) throw new Error('baseline B2: an item failed the wire schema');
      }
    }
  } finally {
    await agent.close();
  }
  return items;
}

/** How a baseline reads one connector's candidate lists: where the items are, and their wire schema. */
export interface WireReader {
  /** The list items of a parsed response body (the connector's envelope). */
  items(document: unknown): unknown[];
  /** The connector's wire schema for one candidate item. */
  schema: { safeParse(value: unknown): { success: boolean } };
}

/**
 * Replays logged requests (method, path and query, the SDK's headers and body) with plain undici,
 * one after the other as the SDK sends them: B0 reads the body as text, B1 adds `JSON.parse`, B2
 * adds the wire schema's `safeParse` of each list item. Returns the items seen (0 for B0).
 */
export async function replayRequests(
  level: BaselineLevel,
  baseUrl: string,
  requests: readonly LoggedRequest[],
  reader: WireReader,
  timeoutMs: number,
): Promise<number> {
  const agent = new Agent({ connections: 8, keepAliveTimeout: 10_000 });
  const guard = new LoopGuard({ maxItems: requests.length, timeoutMs, label: `baseline B${level}` });
  let items = 0;
  try {
    for (const logged of requests) {
      guard.tick();
      const response = await request(`${baseUrl}${logged.path}`, {
        dispatcher: agent,
        method: logged.method as 'GET' | 'POST',
        headers: logged.headers,
        ...(logged.body === null ? {} : { body: logged.body }),
        signal: guard.signal,
      });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new Error(`baseline B${level}: ${response.statusCode} for ${logged.method} ${logged.path}`);
      if (level === 0) continue;
      const list = reader.items(JSON.parse(text));
      items += list.length;
      if (level === 1) continue;
      for (const item of list) {
        if (!reader.schema.safeParse(item).success) throw new Error('baseline B2: an item failed the wire schema');
      }
    }
  } finally {
    await agent.close();
  }
  return items;
}
