// Delivers webhooks for store changes like Shopify: signed POSTs, same webhook id on every retry,
// retries with backoff after a non-2xx answer or a timeout, each attempt recorded.
import { createHmac, randomUUID } from "node:crypto";
import { WEBHOOK_TOPICS, type EmulatorStore, type StoreChange, type WebhookTopic } from "../store/store";
import { payloadFor } from "./payloads";

/** Shopify's schedule: 8 retries over about 4 hours. Tests pass milliseconds. */
export const SHOPIFY_RETRY_SCHEDULE_MS = [
  60_000, 120_000, 300_000, 600_000, 1_200_000, 2_400_000, 3_600_000, 6_000_000,
];

export interface ConfiguredWebhooks {
  url: string;
  /** Topics as "orders/create" or the GraphQL enum "ORDERS_CREATE". */
  topics: string[];
}

export interface DispatcherOptions {
  store: EmulatorStore;
  clientSecret: string;
  apiVersion: string;
  shopDomain: string;
  configured?: ConfiguredWebhooks;
  retrySchedule?: number[];
  timeoutMs?: number;
}

export const topicEnum = (topic: WebhookTopic) => topic.toUpperCase().replace("/", "_");

/** "ORDERS_CREATE" or "orders/create" → "orders/create"; throws for topics the emulator never sends. */
export function normaliseTopic(value: string): WebhookTopic {
  const t = WEBHOOK_TOPICS.find((x) => x === value || topicEnum(x) === value);
  if (!t)
    throw new Error(`Webhook topic "${value}" is not emitted by the emulator; use one of ${WEBHOOK_TOPICS.join(", ")}`);
  return t;
}

export function signWebhook(body: string, secret: string): string {
  return createHmac("sha256", secret).update(body, "utf8").digest("base64");
}

interface Target {
  uri: string;
  includeFields: string[];
}

export class WebhookDispatcher {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly configuredTopics: Set<WebhookTopic>;
  private readonly listener = (change: StoreChange) => this.onChange(change);
  private closed = false;

  constructor(private readonly opts: DispatcherOptions) {
    this.configuredTopics = new Set((opts.configured?.topics ?? []).map(normaliseTopic));
    opts.store.events.on("change", this.listener);
  }

  private targets(topic: WebhookTopic): Target[] {
    const rows = this.opts.store.all(
      "SELECT uri, include_fields FROM webhook_subscriptions WHERE topic = ?",
      topicEnum(topic),
    );
    const targets: Target[] = rows.map((r) => ({
      uri: String(r.uri),
      includeFields: JSON.parse(String(r.include_fields)),
    }));
    if (this.opts.configured && this.configuredTopics.has(topic))
      targets.push({ uri: this.opts.configured.url, includeFields: [] });
    return targets;
  }

  private onChange(change: StoreChange): void {
    if (this.closed) return;
    const targets = this.targets(change.topic);
    if (!targets.length) return;
    const payload = payloadFor(this.opts.store, change);
    if (!payload) return;
    const eventId = randomUUID();
    const triggeredAt = new Date().toISOString();
    for (const t of targets) {
      const body = JSON.stringify(
        t.includeFields.length
          ? Object.fromEntries(Object.entries(payload).filter(([k]) => t.includeFields.includes(k)))
          : payload,
      );
      this.attempt({ uri: t.uri, topic: change.topic, body, webhookId: randomUUID(), eventId, triggeredAt }, 0);
    }
  }

  private attempt(
    d: { uri: string; topic: WebhookTopic; body: string; webhookId: string; eventId: string; triggeredAt: string },
    attempt: number,
  ): void {
    const p = this.post(d).then(({ ok, status, error }) => {
      this.opts.store.run(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, topic, uri, attempt, status_code, error, ok, " +
          "payload_bytes, attempted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        d.webhookId,
        d.eventId,
        d.topic,
        d.uri,
        attempt + 1,
        status,
        error,
        ok ? 1 : 0,
        Buffer.byteLength(d.body),
        new Date().toISOString(),
      );
      const schedule = this.opts.retrySchedule ?? SHOPIFY_RETRY_SCHEDULE_MS;
      if (!ok && attempt < schedule.length && !this.closed) {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.attempt(d, attempt + 1);
        }, schedule[attempt]);
        this.timers.add(timer);
      }
    });
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async post(d: {
    uri: string;
    topic: WebhookTopic;
    body: string;
    webhookId: string;
    eventId: string;
    triggeredAt: string;
  }) {
    try {
      const res = await fetch(d.uri, {
        method: "POST",
        body: d.body,
        signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Hmac-Sha256": signWebhook(d.body, this.opts.clientSecret),
          "X-Shopify-Topic": d.topic,
          "X-Shopify-Shop-Domain": this.opts.shopDomain,
          "X-Shopify-Webhook-Id": d.webhookId,
          "X-Shopify-API-Version": this.opts.apiVersion,
          "X-Shopify-Triggered-At": d.triggeredAt,
          "X-Shopify-Event-Id": d.eventId,
        },
      });
      await res.arrayBuffer().catch(() => undefined);
      return { ok: res.ok, status: res.status, error: res.ok ? null : `HTTP ${res.status}` };
    } catch (err) {
      return {
        ok: false,
        status: null,
        error: (err as Error).name === "TimeoutError" ? "timeout" : String((err as Error).message),
      };
    }
  }

  /** Resolves once no delivery is in flight and no retry is scheduled. */
  async idle(): Promise<void> {
    while (this.inFlight.size || this.timers.size) {
      if (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
      else await new Promise((r) => setTimeout(r, 5));
    }
  }

  close(): void {
    this.closed = true;
    this.opts.store.events.off("change", this.listener);
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
