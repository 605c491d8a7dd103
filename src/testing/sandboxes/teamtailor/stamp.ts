/**
 * Teamtailor timestamps: rendered with the company's UTC offset (+01:00), as Teamtailor does.
 * Shared by the sandbox's API and its webhooks.
 * @module
 */

/** An epoch-ms time as Teamtailor renders it (`2026-01-01T01:00:00.000+01:00`). */
export function stamp(ms: number): string {
  const shifted = new Date(ms + 3_600_000).toISOString();
  return `${shifted.slice(0, -1)}+01:00`;
}
