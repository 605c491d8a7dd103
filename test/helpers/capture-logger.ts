import type { Logger } from '../../src/core/logger.js';

/** A logger that keeps every call as one JSON line, so tests can search what was logged. */
export interface CapturedLogger extends Logger {
  /** Every log call, serialised as `{ level, message, fields }`. */
  readonly lines: string[];
}

/** Creates a {@link CapturedLogger}. */
export function captureLogger(): CapturedLogger {
  const lines: string[] = [];
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    lines.push(JSON.stringify({ level, message, fields }));
  };
  return { lines, debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
