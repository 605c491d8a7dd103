/**
 * A dispatcher that gives every response its own provider clock: each request, in send order,
 * gets a distinct `Date` header (replacing the server's), and the log says which request got
 * which clock. The real transport and a real server (a sandbox on loopback) run underneath; only
 * the header changes, so a test can tell exactly which responses a page's `serverTime` came from.
 */
import { Agent, type Dispatcher } from 'undici';

/** One request as sent, with the clock its response carries. */
export interface StampedRequest {
  /** The request's position in send order (0 first). */
  seq: number;
  method: string;
  /** The path and query, decoded. */
  path: string;
  /** The clock given to its response, as the UTC ISO string the transport reads it as. */
  serverTime: string;
}

/** The dispatcher and its log. */
export interface StampedClock {
  dispatcher: Dispatcher;
  requests: StampedRequest[];
  close(): Promise<void>;
}

/** Where the clocks start: 2024-01-01T00:00:00Z. */
const BASE_MS = Date.UTC(2024, 0, 1);

/**
 * The `seq`-th request's clock, a whole number of seconds after 2024-01-01, distinct for every
 * request. `order` `'rising'`: each later request answers with a later clock; `'shuffled'`: a fixed
 * permutation (within blocks of 101 requests), so neither the first nor the last response of a
 * group is reliably the earliest.
 */
export function clockOf(seq: number, order: 'rising' | 'shuffled'): number {
  const second = order === 'rising' ? seq : Math.floor(seq / 101) * 101 + ((seq % 101) * 37) % 101;
  return BASE_MS + second * 1000;
}

/** A dispatcher (on a fresh Agent) that stamps each response's `Date` with its request's clock. */
export function stampedClock(order: 'rising' | 'shuffled' = 'rising'): StampedClock {
  const requests: StampedRequest[] = [];
  const agent = new Agent();
  const dispatcher = agent.compose((dispatch) => (options, handler) => {
    const seq = requests.length;
    const ms = clockOf(seq, order);
    requests.push({ seq, method: String(options.method), path: decodeURIComponent(String(options.path)), serverTime: new Date(ms).toISOString() });
    const date = new Date(ms).toUTCString();
    const stamped = new Proxy(handler, {
      get(target, property) {
        const legacy = target as Dispatcher.DispatchHandler & { onHeaders?: (status: number, raw: Buffer[], resume: () => void, text: string) => boolean };
        if (property === 'onHeaders' && legacy.onHeaders) {
          return (status: number, raw: Buffer[], resume: () => void, text: string) => legacy.onHeaders!(status, withDate(raw, date), resume, text);
        }
        if (property === 'onResponseStart' && target.onResponseStart) {
          return (controller: Dispatcher.DispatchController, status: number, headers: Record<string, string | string[]>, text: string) =>
            target.onResponseStart!(controller, status, { ...headers, date }, text);
        }
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    return dispatch(options, stamped);
  });
  return { dispatcher, requests, close: () => agent.close() };
}

/** Raw header pairs with `date` replaced (or added). */
function withDate(raw: Buffer[], date: string): Buffer[] {
  const out: Buffer[] = [];
  for (let index = 0; index + 1 < raw.length; index += 2) {
    if ((raw[index] as Buffer).toString('latin1').toLowerCase() === 'date') continue;
    out.push(raw[index] as Buffer, raw[index + 1] as Buffer);
  }
  out.push(Buffer.from('date'), Buffer.from(date));
  return out;
}
