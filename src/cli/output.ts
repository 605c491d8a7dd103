/**
 * Terminal output: plain tables and a progress line that redraws itself on a TTY and prints
 * plain lines otherwise (logs, CI).
 */

/** Renders rows as an aligned text table. */
export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cells = [headers, ...rows].map((row) => row.map(String));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
  const line = (row: readonly string[]) => row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd();
  return [line(cells[0] ?? []), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n');
}

/** A progress reporter. */
export interface Progress {
  update(message: string): void;
  done(message?: string): void;
}

/** A progress line: redrawn in place on a TTY, one line per update (throttled) otherwise. */
export function progress(stream: NodeJS.WriteStream): Progress {
  let last = 0;
  return {
    update(message) {
      if (stream.isTTY) {
        stream.write(`\r\x1b[2K${message}`);
        return;
      }
      const now = Date.now();
      if (now - last >= 1000) {
        last = now;
        stream.write(`${message}\n`);
      }
    },
    done(message) {
      if (stream.isTTY) stream.write('\r\x1b[2K');
      if (message) stream.write(`${message}\n`);
    },
  };
}
