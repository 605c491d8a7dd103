/**
 * Stable opaque ids. A unified `id` encodes the provider, the kind of record and the provider's
 * identity for it (one part, or several for composite identities such as "stage X of job Y"), so
 * every action can take back the ids that reads return and recover the provider's identity
 * without a lookup. Ids are base64url, so they are safe in URLs and file names.
 *
 * Methods also take the provider's own id for a kind of record: an {@link IdScheme} says, per
 * provider and kind, how many identity parts the kind has and how a provider id (the `remote_id`
 * the records carry) splits into them. The two forms cannot be confused: a unified id decodes to
 * our JSON envelope, a provider id does not.
 */
import { ValidationError } from './errors.js';

/**
 * Encodes a provider identity into an opaque unified id.
 * @param provider the provider (`'teamtailor'`)
 * @param kind the kind of record (`'candidate'`, `'job_stage'`...)
 * @param parts the provider's identity: one id, or several for a composite identity
 */
export function encodeId(provider: string, kind: string, ...parts: (string | number)[]): string {
  if (parts.length === 0) throw new TypeError('encodeId needs at least one identity part');
  // Every record carries a few ids, so the common case skips `JSON.stringify` and the UTF-8
  // encoder: when every piece is printable ASCII without `"` or `\\`, the JSON text is written
  // directly and encoded byte for byte. The text, and so the id, is the same either way
  // (test/core/ids.test.ts). The id comes out of `Buffer` as one flat string, which keeps the
  // map lookups and hashes that use it cheap (a string built by concatenation is flattened there).
  let text: string | null = PLAIN_ASCII.test(provider) && PLAIN_ASCII.test(kind) ? `["${provider}","${kind}"` : null;
  for (let index = 0; index < parts.length && text !== null; index += 1) {
    const part = String(parts[index]);
    text = PLAIN_ASCII.test(part) ? `${text},"${part}"` : null;
  }
  if (text !== null) return Buffer.from(`${text}]`, 'latin1').toString('base64url');
  return Buffer.from(JSON.stringify([provider, kind, ...parts.map(String)]), 'utf8').toString('base64url');
}

/** Printable ASCII without `"` and `\\`: `JSON.stringify` writes it between quotes unchanged, one byte per character. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;

/** Decodes an id of any kind, or returns null when it is not one of ours. */
export function tryDecode(id: string): string[] | null {
  if (typeof id !== 'string' || !/^[A-Za-z0-9_-]+$/.test(id)) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(id, 'base64url').toString('utf8'));
    if (Array.isArray(value) && value.length >= 2 && value.every((part) => typeof part === 'string')) return value;
  } catch {
    // not JSON: not one of our ids
  }
  return null;
}

/** How many identity parts a kind has. */
export type IdArity = 1 | 2 | 3;

/** The identity parts of a kind with `N` parts, as a tuple. */
export type IdParts<N extends IdArity> = { 1: [string]; 2: [string, string]; 3: [string, string, string] }[N];

/** Where an id was given, for the error when it is refused. */
export interface IdContext {
  /** The input field (`'application_id'`, `'id'`). */
  field: string;
  /** The method (`'moveApplicationToStage'`). */
  operation: string;
}

/** How one kind of record is identified. */
export interface IdKindRule {
  /** Identity parts in the unified id (default 1). */
  parts?: IdArity;
  /**
   * The provider's own id (as the records' `remote_id` carries it) → identity parts, or null when
   * the text is not of that form. Default: the whole text for one part; split at `:` for more.
   */
  fromRemote?: (remoteId: string) => readonly string[] | null;
  /** Indexes of parts that may be empty (an application whose vacancy is not known yet). */
  optional?: readonly number[];
  /** The accepted provider-id form in words (`'<jobId>:<contactId>'`), for errors and docs. */
  form?: string;
}

/** How one provider's records are identified, by kind. Kinds not listed have one part. */
export interface IdScheme {
  provider: string;
  /** The provider's name for people (`'Crelate'`). */
  label: string;
  /** Adjusts every part (Crelate and Jarvi lower-case their UUIDs). */
  normalise?: (part: string) => string;
  kinds?: Readonly<Record<string, IdKindRule>>;
  /**
   * The form every part of the provider's own ids has (Crelate: a GUID), with its name in words.
   * A provider id given to a method that does not match is a `ValidationError` before any request.
   */
  partForm?: { pattern: RegExp; words: string };
}

/** `a crelate application id` / `not a unified-ats id`, for messages (never the id itself). */
function described(parts: string[] | null): string {
  return parts ? `a ${parts[0]} ${parts[1]} id` : 'not a unified-ats id';
}

function refuse(context: IdContext & { provider: string }, reason: string): ValidationError {
  return new ValidationError(`Invalid input for ${context.operation}: ${context.field}: ${reason}`, {
    provider: context.provider,
    operation: context.operation,
    issues: [{ path: [context.field], code: 'invalid_id' }],
    source: 'input',
    field: context.field,
    reason,
  });
}

/** A part that can never be a provider id: empty, `.` or `..` (they would escape a URL path segment). */
export function isUnusableIdPart(part: string): boolean {
  return part.trim() === '' || part === '.' || part === '..';
}

/** Checks the parts of an id: the kind's number of parts, none unusable (unless optional and empty). */
function checkParts(parts: readonly string[], arity: IdArity, optional: readonly number[], refuseWith: (reason: string) => ValidationError): void {
  if (parts.length !== arity) throw refuseWith(`expected ${arity} identity part(s), got ${parts.length}`);
  parts.forEach((part, index) => {
    if ((part === '' && optional.includes(index)) || !isUnusableIdPart(part)) return;
    throw refuseWith(`identity part ${index + 1} is empty, "." or "..", which no provider id is`);
  });
}

/** Checks that every non-empty part of a provider id has the scheme's `partForm`, when it has one. */
function checkPartForm(scheme: IdScheme, parts: readonly string[], refuseWith: (reason: string) => ValidationError): void {
  const form = scheme.partForm;
  if (!form) return;
  parts.forEach((part, index) => {
    if (part !== '' && !form.pattern.test(part)) throw refuseWith(`identity part ${index + 1} is not ${form.words}, which every ${scheme.label} id is`);
  });
}

/** `parts` (already checked to have `arity` entries) as the tuple of that arity. */
function tupleOf(parts: readonly string[], arity: 1): IdParts<1>;
function tupleOf(parts: readonly string[], arity: 2): IdParts<2>;
function tupleOf(parts: readonly string[], arity: IdArity): IdParts<IdArity>;
function tupleOf(parts: readonly string[], arity: IdArity): IdParts<IdArity> {
  const [first = '', second = '', third = ''] = parts;
  if (arity === 1) return [first];
  return arity === 2 ? [first, second] : [first, second, third];
}

/**
 * Decodes a unified id back to the provider's identity parts, as a tuple of `parts` (default 1).
 * Throws a `ValidationError` (`source: 'input'`) when the id is not an id of that provider and
 * kind (a candidate id passed where an application id belongs) or has an unusable part.
 */
export function decodeId(id: string, provider: string, kind: string, options?: DecodeOptions & { parts?: 1 }): IdParts<1>;
export function decodeId(id: string, provider: string, kind: string, options: DecodeOptions & { parts: 2 }): IdParts<2>;
export function decodeId(id: string, provider: string, kind: string, options: DecodeOptions & { parts?: IdArity } = {}): IdParts<IdArity> {
  const context = { provider, field: options.field ?? 'id', operation: options.operation ?? 'decodeId' };
  const parsed = tryDecode(id);
  if (!parsed || parsed[0] !== provider || parsed[1] !== kind) {
    throw refuse(context, `expected a ${provider} ${kind} id, got ${described(parsed)}`);
  }
  const arity = options.parts ?? 1;
  checkParts(parsed.slice(2), arity, options.optional ?? [], (reason) => refuse(context, reason));
  return tupleOf(parsed.slice(2), arity);
}

/** Where a decoded id came from, and which of its parts may be empty. */
export interface DecodeOptions extends Partial<IdContext> {
  optional?: readonly number[];
}

/** The rule of `kind` in `scheme`, with its defaults. */
function ruleOf(scheme: IdScheme, kind: string): Required<Pick<IdKindRule, 'parts' | 'optional'>> & IdKindRule {
  const rule = scheme.kinds?.[kind] ?? {};
  return { ...rule, parts: rule.parts ?? 1, optional: rule.optional ?? [] };
}

/** Splits a provider id into the identity parts of `kind`, normalised; null when it is not of that form. */
export function remoteParts(scheme: IdScheme, kind: string, remoteId: string): string[] | null {
  const rule = ruleOf(scheme, kind);
  const split = rule.fromRemote ? rule.fromRemote(remoteId) : defaultSplit(remoteId, rule.parts);
  if (!split || split.length !== rule.parts) return null;
  const normalise = scheme.normalise ?? ((part: string) => part);
  return split.map((part) => (part === '' ? part : normalise(part)));
}

function defaultSplit(remoteId: string, parts: IdArity): string[] | null {
  if (parts === 1) return [remoteId];
  const pieces = remoteId.split(':');
  return pieces.length === parts ? pieces : null;
}

/**
 * Reads an id given to a method: a unified id of `kind`, or the provider's own id of that kind.
 * Returns the identity parts as a tuple of the kind's arity.
 */
export function resolveId(scheme: IdScheme, kind: string, arity: 1, id: unknown, context: IdContext): IdParts<1>;
export function resolveId(scheme: IdScheme, kind: string, arity: 2, id: unknown, context: IdContext): IdParts<2>;
export function resolveId(scheme: IdScheme, kind: string, arity: IdArity, id: unknown, context: IdContext): IdParts<IdArity>;
export function resolveId(scheme: IdScheme, kind: string, arity: IdArity, id: unknown, context: IdContext): IdParts<IdArity> {
  const where = { ...context, provider: scheme.provider };
  const rule = ruleOf(scheme, kind);
  if (rule.parts !== arity) throw new TypeError(`${scheme.provider} ${kind} ids have ${rule.parts} part(s), not ${arity}`);
  if (typeof id !== 'string' || id.trim() === '') throw refuse(where, 'must be a non-empty id');
  const refuseWith = (reason: string) => refuse(where, reason);
  const decoded = tryDecode(id);
  if (decoded) {
    if (decoded[0] !== scheme.provider || decoded[1] !== kind) {
      throw refuse(where, `expected a ${scheme.provider} ${kind} id (a unified id, or a ${scheme.label} id${rule.form ? ` of the form ${rule.form}` : ''}), got ${described(decoded)}`);
    }
    checkParts(decoded.slice(2), arity, rule.optional, refuseWith);
    return tupleOf(decoded.slice(2), arity);
  }
  const parts = remoteParts(scheme, kind, id);
  if (!parts) throw refuse(where, `not a unified id, and not a ${scheme.label} ${kind} id of the form ${rule.form ?? '<id>'}`);
  checkParts(parts, arity, rule.optional, refuseWith);
  checkPartForm(scheme, parts, refuseWith);
  return tupleOf(parts, arity);
}

/**
 * The unified id of a record from its provider id (`remote_id`), the same id the connector's
 * records carry. Throws a `ValidationError` when the text is not an id of that form.
 */
export function unifiedIdOf(scheme: IdScheme, kind: string, remoteId: string): string {
  const rule = ruleOf(scheme, kind);
  const where = { provider: scheme.provider, field: 'remoteId', operation: 'unifiedId' };
  const parts = typeof remoteId === 'string' ? remoteParts(scheme, kind, remoteId) : null;
  if (!parts) throw refuse(where, `not a ${scheme.label} ${kind} id of the form ${rule.form ?? '<id>'}`);
  checkParts(parts, rule.parts, rule.optional, (reason) => refuse(where, reason));
  checkPartForm(scheme, parts, (reason) => refuse(where, reason));
  return encodeId(scheme.provider, kind, ...parts);
}
