/**
 * Request paths built from ids. Every id placed in a path goes through here: an empty part, `.`
 * or `..` would address another resource (`DELETE /vacancy/v/applicant/..` is the vacancy
 * itself), so it is refused with a `ValidationError` before any request; everything else is
 * percent-encoded, so `/`, `?` and `#` inside an id stay inside its segment.
 * @module
 */
import { ValidationError } from './errors.js';

/** One path segment, percent-encoded; empty, `.` and `..` are refused. */
export function pathSegment(value: string | number, context: { provider: string; operation: string }): string {
  const text = String(value);
  if (text === '' || text === '.' || text === '..') {
    const reason = 'an id placed in a request path is empty, "." or "..", which would address another resource';
    throw new ValidationError(`Refusing to build the ${context.provider} request path ${context.operation}: ${reason}`, {
      provider: context.provider,
      operation: context.operation,
      issues: [{ path: [], code: 'invalid_path_segment' }],
      reason,
    });
  }
  return encodeURIComponent(text);
}

/** A template tag for one provider's paths. */
export type PathTemplate = (strings: TemplateStringsArray, ...segments: (string | number)[]) => string;

/**
 * A template tag that checks and encodes every interpolated value as one path segment:
 * ``providerPath('gem')`/candidates/${id}/notes` ``. The literal parts are kept as written.
 */
export function providerPath(provider: string): PathTemplate {
  return (strings, ...segments) => {
    const operation = strings.join('{}');
    return strings.reduce((path, literal, index) => {
      const segment = segments[index - 1];
      return path + (segment === undefined ? '' : pathSegment(segment, { provider, operation })) + literal;
    });
  };
}
