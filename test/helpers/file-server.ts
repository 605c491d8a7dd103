/**
 * A loopback HTTP server serving one file, for tests of attachments given by URL (downloaded by the
 * SDK for providers that take bytes only). Counts requests; `status` other than 200 answers that
 * status with an empty body.
 */
import { createServer } from 'node:http';

/** A running file server. */
export interface FileServer {
  /** The file's URL. */
  url: string;
  /** Requests served. */
  requests: number;
  close(): Promise<void>;
}

/** Serves `bytes` at `/<name>` on 127.0.0.1. */
export async function serveFile(name: string, bytes: Uint8Array, options: { status?: number; contentType?: string } = {}): Promise<FileServer> {
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    state.requests += 1;
    if (options.status && options.status !== 200) {
      res.writeHead(options.status).end();
      return;
    }
    res.writeHead(200, { 'content-type': options.contentType ?? 'application/pdf', 'content-length': String(bytes.length) });
    res.end(Buffer.from(bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/${encodeURIComponent(name)}`,
    get requests() {
      return state.requests;
    },
    set requests(value: number) {
      state.requests = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
