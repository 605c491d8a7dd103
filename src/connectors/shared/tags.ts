/**
 * Tags for providers whose tags are bare names without ids (Teamtailor, Gem): the lower-cased,
 * trimmed name is the identity.
 */
import { encodeId } from '../../core/ids.js';

/** The unified id of a name-only tag. */
export function nameTagId(provider: string, name: string): string {
  return encodeId(provider, 'tag', name.trim().toLowerCase());
}

/** Distinct non-empty tag names (case-insensitive), in first-seen order, as first written. */
export function uniqueTags(tags: readonly string[] | null | undefined): string[] {
  const seen = new Map<string, string>();
  for (const tag of tags ?? []) {
    const trimmed = tag.trim();
    if (trimmed && !seen.has(trimmed.toLowerCase())) seen.set(trimmed.toLowerCase(), trimmed);
  }
  return [...seen.values()];
}
