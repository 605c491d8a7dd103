/**
 * A unified `Location` from the parts a provider has (the others are null), so mappers name only
 * what they know.
 */
import type { Location } from '../../models/location.js';

/** The parts of a location a provider gives; missing or empty parts become null. */
export type LocationParts = { [K in keyof Location]?: string | null | undefined };

const part = (value: string | null | undefined): string | null => (value === undefined || value === null || value.trim() === '' ? null : value);

/** A full `Location` from some of its parts, or null when no part has a value. */
export function toLocation(parts: LocationParts): Location | null {
  const location: Location = {
    name: part(parts.name),
    street_1: part(parts.street_1),
    street_2: part(parts.street_2),
    city: part(parts.city),
    state: part(parts.state),
    zip_code: part(parts.zip_code),
    country: part(parts.country),
    raw: part(parts.raw),
  };
  return Object.values(location).some((value) => value !== null) ? location : null;
}
