/**
 * The optional structured logger. The SDK never writes to the console; it calls the logger the
 * user injected, with a short message and a flat object of fields that are already redacted.
 */

/** A structured logger (pino, winston and console all fit with a one-line adapter). */
export interface Logger {
  debug?(message: string, fields?: Record<string, unknown>): void;
  info?(message: string, fields?: Record<string, unknown>): void;
  warn?(message: string, fields?: Record<string, unknown>): void;
  error?(message: string, fields?: Record<string, unknown>): void;
}

/** A logger that drops everything. */
export const silentLogger: Logger = {};
