/**
 * `npm run record -- teamtailor [--out <folder>]`: records redacted fixtures from a real account.
 *
 * Reads `TEAMTAILOR_API_KEY` (an Admin key; only GET requests are made) and optional
 * `TEAMTAILOR_BASE_URL` (for the NA/AU regions), writes to `fixtures/teamtailor/recorded/` by
 * default. Ids and personal data are pseudonymised consistently across the files of one run, and
 * the key is removed; review the files before committing them all the same.
 */
import { join } from 'node:path';
import { createTeamtailorConnector } from '../src/connectors/teamtailor/index.js';
import { teamtailorBaseUrls } from '../src/connectors/teamtailor/descriptor.js';
import { recordingPlans, runRecording } from '../src/testing/recorder/index.js';

async function main(argv: string[]): Promise<number> {
  const [provider, ...rest] = argv;
  if (provider !== 'teamtailor') {
    console.error(`Usage: npm run record -- <provider> [--out <folder>]. Providers: ${Object.keys(recordingPlans).join(', ')}`);
    return 2;
  }
  const outIndex = rest.indexOf('--out');
  const outDir = outIndex >= 0 && rest[outIndex + 1] ? (rest[outIndex + 1] as string) : join('fixtures', provider, 'recorded');
  const apiKey = process.env.TEAMTAILOR_API_KEY;
  if (!apiKey) {
    console.error('Set TEAMTAILOR_API_KEY (an Admin-scope key). Optional: TEAMTAILOR_BASE_URL for the na/au regions.');
    return 2;
  }
  const baseUrl = process.env.TEAMTAILOR_BASE_URL ?? teamtailorBaseUrls.eu;
  const connector = createTeamtailorConnector({ apiKey, baseUrl });
  try {
    // The delta step asks for what changed in the last 30 days.
    const deltaFrom = new Date(Date.now() - 30 * 86_400_000).toISOString();
    const result = await runRecording({
      passthrough: (request) => connector.passthrough(request),
      plan: recordingPlans.teamtailor(deltaFrom),
      secrets: [apiKey],
      baseUrl,
      canonicalBaseUrl: teamtailorBaseUrls.eu,
      outDir,
    });
    for (const file of result.written) console.log(`wrote ${file}`);
    for (const failure of result.failed) console.error(`skipped ${failure.name}: ${failure.reason}`);
    console.log('Review the files before committing: pseudonymisation is rule-based.');
    return result.failed.length > 0 ? 1 : 0;
  } finally {
    await connector.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : 'recording failed');
    process.exitCode = 1;
  },
);
