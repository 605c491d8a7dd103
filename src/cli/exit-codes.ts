/**
 * Exit codes of the `unified-ats` command, stable so scripts can act on them.
 */
export const ExitCode = {
  /** Everything worked. */
  ok: 0,
  /** The run failed (a provider error, a bug). */
  failed: 1,
  /** Bad usage: unknown command, unknown provider, bad or missing flags. */
  usage: 2,
  /** The credentials were rejected or lack permissions. */
  auth: 3,
  /** The provider rate-limited the run; it stopped cleanly and can resume later. */
  rateLimited: 4,
  /** The provider could not be reached. */
  unreachable: 5,
} as const;

/** A usage problem: printed with the help hint, exits with `ExitCode.usage`. */
export class UsageError extends Error {}
