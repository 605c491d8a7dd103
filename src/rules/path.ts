/**
 * Field paths of rule conditions: parsing, display, and reading the values a path reaches in a
 * record.
 *
 * A path is a string such as `location.city`, `remote_data.attributes.first-name` or
 * `custom_fields["team.size"]` (brackets with a JSON string for keys that hold dots or brackets;
 * `[0]` for a list position), or the same as a list of segments (`["custom_fields", "team.size"]`).
 *
 * Lists fan out: a segment applied to a list is applied to every element, and a path that ends on a
 * list yields its elements, so `tags.name` reaches every tag's name and a condition holds when
 * *any* reached value satisfies it (see docs/rules.md, "Lists").
 * @module
 */

/** One step of a path: an object key, or a list position. */
export type PathSegment = string | number;

/** The most segments a path may have. */
export const MAX_PATH_SEGMENTS = 32;
/** The most values one path collects from a record (lists beyond are cut, so cost stays bounded). */
export const MAX_PATH_VALUES = 1000;
/** How deep nested lists are flattened at the end of a path. */
const MAX_FLATTEN_DEPTH = 4;

/** Why a path string could not be read. */
export class PathSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PathSyntaxError';
  }
}

/** Parses a path string (or checks a segment list) into segments; throws {@link PathSyntaxError}. */
export function parsePath(path: string | readonly PathSegment[]): PathSegment[] {
  const segments = typeof path === 'string' ? parsePathString(path) : [...path];
  if (segments.length === 0) throw new PathSyntaxError('A path needs at least one segment');
  if (segments.length > MAX_PATH_SEGMENTS) throw new PathSyntaxError(`A path has at most ${MAX_PATH_SEGMENTS} segments`);
  for (const segment of segments) {
    if (typeof segment === 'number' ? !Number.isInteger(segment) || segment < 0 : segment === '') {
      throw new PathSyntaxError('Path segments are non-empty keys or list positions (0, 1, ...)');
    }
  }
  return segments;
}

function parsePathString(text: string): PathSegment[] {
  const segments: PathSegment[] = [];
  let position = 0;
  let expectKey = true;
  while (position < text.length) {
    const char = text[position];
    if (char === '[') {
      const end = bracketEnd(text, position);
      const inner = text.slice(position + 1, end);
      if (/^\d+$/.test(inner)) segments.push(Number(inner));
      else if (inner.startsWith('"')) {
        try {
          segments.push(JSON.parse(inner) as string);
        } catch {
          throw new PathSyntaxError(`Bad quoted key ${inner} in path "${text}"`);
        }
      } else throw new PathSyntaxError(`Brackets hold a position ([0]) or a quoted key (["a.b"]) in path "${text}"`);
      position = end + 1;
      expectKey = false;
    } else if (char === '.') {
      if (expectKey) throw new PathSyntaxError(`Empty segment in path "${text}"`);
      position += 1;
      expectKey = true;
      if (position === text.length) throw new PathSyntaxError(`Path "${text}" ends with "."`);
    } else {
      if (!expectKey) throw new PathSyntaxError(`Expected "." or "[" after "]" in path "${text}"`);
      const match = /^[^.[\]]+/.exec(text.slice(position)) as RegExpExecArray;
      segments.push(match[0]);
      position += match[0].length;
      expectKey = false;
    }
  }
  return segments;
}

/** Index of the `]` closing the bracket at `start`, skipping quoted text. */
function bracketEnd(text: string, start: number): number {
  let inString = false;
  for (let index = start + 1; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = true;
    else if (char === ']') return index;
  }
  throw new PathSyntaxError(`Unclosed "[" in path "${text}"`);
}

/** The canonical display form of a path (`custom_fields["team.size"]`, `tags[0].name`). */
export function formatPath(segments: readonly PathSegment[]): string {
  return segments
    .map((segment, index) => {
      if (typeof segment === 'number') return `[${segment}]`;
      if (/^[^.[\]"\s]+$/.test(segment)) return index === 0 ? segment : `.${segment}`;
      return `[${JSON.stringify(segment)}]`;
    })
    .join('');
}

/** What a path reaches in a record. */
export interface PathValues {
  /** The non-null values reached (lists flattened), at most {@link MAX_PATH_VALUES}. */
  values: unknown[];
  /** True when the path led somewhere, even to `null` or an empty list; false when absent. */
  present: boolean;
}

/** Reads the values `segments` reach in `record`, fanning out over lists. */
export function readPath(record: unknown, segments: readonly PathSegment[]): PathValues {
  let current: unknown[] = [record];
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) step(value, segment, next, 0);
    current = next;
    if (current.length === 0) return { values: [], present: false };
  }
  const values: unknown[] = [];
  for (const value of current) flatten(value, values, 0);
  return { values, present: true };
}

function step(value: unknown, segment: PathSegment, out: unknown[], depth: number): void {
  if (out.length >= MAX_PATH_VALUES || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    const position = typeof segment === 'number' ? segment : /^\d+$/.test(segment) ? Number(segment) : null;
    if (position !== null) {
      if (position < value.length) out.push(value[position]);
      return;
    }
    if (depth >= MAX_FLATTEN_DEPTH) return;
    for (const element of value) step(element, segment, out, depth + 1);
    return;
  }
  const key = String(segment);
  // Own keys only: `constructor` or `__proto__` never reach the prototype.
  if (Object.hasOwn(value, key)) out.push((value as Record<string, unknown>)[key]);
}

function flatten(value: unknown, out: unknown[], depth: number): void {
  if (out.length >= MAX_PATH_VALUES || value === null || value === undefined) return;
  if (Array.isArray(value) && depth < MAX_FLATTEN_DEPTH) {
    for (const element of value) flatten(element, out, depth + 1);
    return;
  }
  out.push(value);
}
