/**
 * Webhook sending for sandboxes: `sandbox.webhooks.subscribe(url, { secret, events })` makes every
 * change to the sandbox's data that the provider reports (an edit, a stage move, a delete) POST the
 * provider's payload, signed the provider's way, to `url`.
 *
 * Deliveries go through one bounded queue, one at a time, in the order the changes happened. Like
 * Teamtailor, the sandbox never retries a failed delivery (it records it). The signature timestamp
 * is the real clock (not the sandbox clock), because the receiver checks it against its own.
 * @module
 */
import { Agent, request } from 'undici';
import { UnsupportedError } from '../../core/errors.js';
import { webhookSupport } from '../../webhooks/support.js';
import type { WebhookProvider } from '../../webhooks/types.js';
import type { StoreChange } from './store.js';
import type { SandboxContext, SandboxWebhookPayload, SandboxWebhookShapes, WebhookSubscribeOptions } from './types.js';

/** One delivery attempt, as the sandbox recorded it. */
export interface WebhookDeliveryRecord {
  /** The subscription's id. */
  subscription: string;
  /** The provider event name. */
  event: string;
  /** The receiver's HTTP status, or null when no answer came. */
  status: number | null;
  /** Why no answer came (connection refused, timeout, queue full, sandbox closed), or null. */
  error: string | null;
}

/** A subscription made with {@link SandboxWebhooks.subscribe}. */
export interface WebhookSubscription {
  /** Its id (in delivery records). */
  readonly id: string;
  /** The URL deliveries go to. */
  readonly url: string;
  /** Stops deliveries to it (queued ones are still sent). */
  unsubscribe(): void;
}

/** The webhook sender of a sandbox. */
export interface SandboxWebhooks {
  /** The event names this sandbox can send (empty for a provider without webhooks). */
  readonly events: readonly string[];
  /** Sends the provider's webhooks for every later change to `url`. Throws for a provider without webhooks. */
  subscribe(url: string, options: WebhookSubscribeOptions): WebhookSubscription;
  /** The latest delivery records (at most 1,000), oldest first. */
  readonly deliveries: readonly WebhookDeliveryRecord[];
  /** Resolves when every queued delivery has been attempted. */
  flush(): Promise<void>;
  /** Stops sending: waits up to `graceMs` (default 2 s) for the queue, then aborts and drops the rest. */
  close(graceMs?: number): Promise<void>;
}

interface Subscription {
  id: string;
  url: string;
  options: WebhookSubscribeOptions;
  events: ReadonlySet<string>;
  active: boolean;
}

interface QueuedDelivery {
  subscription: Subscription;
  payload: SandboxWebhookPayload;
  rawBody: Buffer;
}

/** Most deliveries waiting; past it, new ones are dropped and recorded as such. */
const MAX_QUEUE = 1000;
/** Most delivery records kept. */
const MAX_RECORDS = 1000;
/** Longest wait for one receiver's answer. */
const DELIVERY_TIMEOUT_MS = 5000;

/** Creates the webhook sender for a sandbox; `shapes` is undefined for a provider without webhooks. */
export function createSandboxWebhooks(provider: string, shapes: SandboxWebhookShapes | undefined, context: SandboxContext): SandboxWebhooks {
  const subscriptions: Subscription[] = [];
  const queue: QueuedDelivery[] = [];
  const records: WebhookDeliveryRecord[] = [];
  // Made at the first subscription: most sandboxes never send a webhook.
  let agent: Agent | null = null;
  const aborter = new AbortController();
  let sending: Promise<void> | null = null;
  let closed = false;
  let sequence = 0;

  const record = (entry: WebhookDeliveryRecord) => {
    records.push(entry);
    if (records.length > MAX_RECORDS) records.splice(0, records.length - MAX_RECORDS);
  };

  const onChange = (change: StoreChange) => {
    if (closed || !shapes || !subscriptions.some((subscription) => subscription.active)) return;
    for (const payload of shapes.fromChange(change, context)) {
      // Serialised now: the body shows the record as it was at the change, not at sending time.
      const rawBody = Buffer.from(JSON.stringify(payload.body), 'utf8');
      for (const subscription of subscriptions) {
        if (!subscription.active || !subscription.events.has(payload.event)) continue;
        if (queue.length >= MAX_QUEUE) {
          record({ subscription: subscription.id, event: payload.event, status: null, error: 'queue full: delivery dropped' });
          continue;
        }
        queue.push({ subscription, payload, rawBody });
      }
    }
    sending ??= send().finally(() => {
      sending = null;
    });
  };
  // Listening starts with the first subscription: until then edits cost nothing extra.
  let stopListening: (() => void) | null = null;

  const send = async () => {
    // Yield first, so a burst of changes made in one tick is queued before the first POST.
    await Promise.resolve();
    while (queue.length > 0 && !aborter.signal.aborted) {
      const delivery = queue.shift() as QueuedDelivery;
      const { subscription, payload, rawBody } = delivery;
      const signed = (shapes as SandboxWebhookShapes).sign({ rawBody, url: subscription.url, recordId: payload.recordId, nowMs: Date.now(), options: subscription.options });
      try {
        const response = await request(signed.url, {
          method: 'POST',
          body: rawBody,
          headers: { 'content-type': 'application/json', 'user-agent': `${provider}-sandbox-webhooks`, ...signed.headers },
          dispatcher: agent as Agent,
          signal: aborter.signal,
        });
        await response.body.dump();
        record({ subscription: subscription.id, event: payload.event, status: response.statusCode, error: null });
      } catch (error) {
        record({ subscription: subscription.id, event: payload.event, status: null, error: (error as Error).message.slice(0, 200) });
      }
    }
  };

  const flush = async () => {
    while (sending) await sending;
  };

  return {
    events: shapes?.events ?? [],
    deliveries: records,
    subscribe(url, options) {
      if (!shapes) {
        const reason = webhookSupport[provider as WebhookProvider]?.note ?? `${provider} has no webhooks.`;
        throw new UnsupportedError(`The ${provider} sandbox sends no webhooks. ${reason}`, { provider, operation: 'sandbox.webhooks.subscribe' });
      }
      if (closed) throw new Error('The sandbox is closed');
      const target = new URL(url);
      if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new Error(`Webhook URLs are http(s), got ${target.protocol}`);
      if (typeof options?.secret !== 'string' || options.secret === '') throw new Error('A webhook subscription needs a secret');
      const unknown = (options.events ?? []).filter((event) => !shapes.events.includes(event));
      if (unknown.length > 0) throw new Error(`The ${provider} sandbox does not send ${unknown.join(', ')}; it sends ${shapes.events.join(', ')}`);
      stopListening ??= context.store.onChange(onChange);
      agent ??= new Agent({ headersTimeout: DELIVERY_TIMEOUT_MS, bodyTimeout: DELIVERY_TIMEOUT_MS, connectTimeout: DELIVERY_TIMEOUT_MS });
      sequence += 1;
      const subscription: Subscription = { id: `webhook-${sequence}`, url, options: { ...options }, events: new Set(options.events ?? shapes.events), active: true };
      subscriptions.push(subscription);
      return {
        id: subscription.id,
        url,
        unsubscribe: () => {
          subscription.active = false;
        },
      };
    },
    flush,
    async close(graceMs = 2000) {
      if (closed) return;
      closed = true;
      stopListening?.();
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, graceMs);
      });
      await Promise.race([flush(), grace]);
      clearTimeout(timer);
      for (const dropped of queue.splice(0)) record({ subscription: dropped.subscription.id, event: dropped.payload.event, status: null, error: 'sandbox closed: delivery dropped' });
      aborter.abort();
      await sending?.catch(() => undefined);
      const sender = agent;
      if (sender) await sender.close().catch(() => sender.destroy());
    },
  };
}
