/**
 * A recording run: performs a plan's requests through a connector's own transport
 * (`connector.passthrough`, so auth, version header, rate limit and retries are the real ones),
 * redacts each exchange, and writes one fixture file per step. A step that fails is reported and
 * skipped; nothing unredacted is ever written.
 * @module
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PassthroughRequest, PassthroughResponse } from '../../core/reader.js';
import { parseFixture, type RecordedExchange } from '../fixtures.js';
import type { RecordingStep } from './plan.js';
import { Pseudonymiser } from './pseudonymiser.js';
import { redactExchange } from './redact-exchange.js';

/** What a recording run needs. */
export interface RecordingOptions {
  /** The connector's passthrough (or anything with its shape). */
  passthrough: (request: PassthroughRequest) => Promise<PassthroughResponse>;
  /** The requests to make. */
  plan: readonly RecordingStep[];
  /** Every credential in use, to be kept out of the output. */
  secrets: readonly string[];
  /** The base URL the connector talks to. */
  baseUrl: string;
  /** The documented base URL links are rewritten to. */
  canonicalBaseUrl: string;
  /** Folder to write `<name>.json` files to (created if missing). */
  outDir: string;
  /** Share one across runs to keep pseudonyms consistent; a fresh one by default. */
  pseudonymiser?: Pseudonymiser;
}

/** The outcome of a run. */
export interface RecordingResult {
  /** Files written. */
  written: string[];
  /** Steps that failed, with a redacted reason (error messages are redacted at construction). */
  failed: { name: string; reason: string }[];
  /** The run's pseudonymiser (its tables stay in memory; they are never written). */
  pseudonymiser: Pseudonymiser;
}

/** Runs a recording plan and writes redacted fixtures. */
export async function runRecording(options: RecordingOptions): Promise<RecordingResult> {
  const pseudonymiser = options.pseudonymiser ?? new Pseudonymiser();
  const written: string[] = [];
  const failed: RecordingResult['failed'] = [];
  await mkdir(options.outDir, { recursive: true });
  // Sequential on purpose: a recording is a handful of requests and should not burst a tenant's budget.
  for (const step of options.plan) {
    let response: PassthroughResponse;
    try {
      response = await options.passthrough({ method: 'GET', path: step.path, query: step.query });
    } catch (error) {
      failed.push({ name: step.name, reason: error instanceof Error ? error.message : 'unknown error' });
      continue;
    }
    const raw: RecordedExchange = {
      request: { method: 'GET', path: step.path, query: step.query },
      response: { status: response.status, headers: response.headers, body: response.body },
    };
    const redacted = redactExchange(raw, {
      pseudonymiser,
      secrets: options.secrets,
      baseUrl: options.baseUrl,
      canonicalBaseUrl: options.canonicalBaseUrl,
    });
    // Validate before writing, so a file on disk is always a loadable fixture.
    parseFixture(redacted, step.name);
    const file = join(options.outDir, `${step.name}.json`);
    await writeFile(file, `${JSON.stringify(redacted, null, 2)}\n`, 'utf8');
    written.push(file);
  }
  return { written, failed, pseudonymiser };
}
