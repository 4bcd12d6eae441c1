import { Webhook } from "standardwebhooks";
import { type Logger, log } from "../log.ts";
import type { WebhookOutbox } from "../store/interface.ts";
import type { DueDelivery } from "../store/records.ts";
import { postWebhook } from "./target.ts";

interface DispatcherOptions {
  webhooks: WebhookOutbox;
  /** How often the outbox is polled for due deliveries. */
  pollMs?: number;
  /** First retry delay; each further attempt doubles it, up to `maxDelayMs`. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Attempts before a delivery is marked failed (it can still be replayed). */
  maxAttempts?: number;
  /** A receiver gets this long to answer. */
  timeoutMs?: number;
  /** How long a claimed delivery stays claimed; must exceed `timeoutMs`. */
  leaseMs?: number;
  batchSize?: number;
  /** Lets deliveries go to private addresses (local development; see target.ts). */
  allowPrivateTargets?: boolean;
  /** Where each attempt's log line goes (log.ts). */
  logger?: Logger;
}

/** Delay before the attempt that follows `attempts` failed ones: base × 2^(attempts − 1). */
export const retryDelay = (attempts: number, baseMs: number, maxMs: number) =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));

/** Timings the environment may override (config.ts). */
export const DISPATCH_DEFAULTS = {
  pollMs: 500,
  baseDelayMs: 5_000,
  timeoutMs: 10_000,
  leaseMs: 30_000,
};

/**
 * Sends the outbox: signs each delivery with Standard Webhooks headers (`webhook-id` is the
 * event id, the same on every retry so receivers can de-duplicate), retries failures with
 * exponential back-off, and gives up after `maxAttempts`. Everything it knows lives in the
 * database, so a restart picks up exactly where the last process stopped.
 */
export class WebhookDispatcher {
  private readonly options: Required<DispatcherOptions>;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  constructor(options: DispatcherOptions) {
    this.options = {
      ...DISPATCH_DEFAULTS,
      maxDelayMs: 3_600_000,
      maxAttempts: 12,
      batchSize: 20,
      allowPrivateTargets: false,
      logger: log,
      ...options,
    };
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      this.running = this.runOnce().catch((error) =>
        this.options.logger.error({ err: (error as Error).message }, "webhook dispatch failed"),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, this.options.pollMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops polling and waits for the deliveries in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Sends every delivery due now, in parallel; resolves with how many were attempted. */
  async runOnce(now = Date.now()): Promise<number> {
    const due = await this.options.webhooks.claimDue(
      this.options.batchSize,
      this.options.leaseMs,
      now,
    );
    await Promise.all(due.map((delivery) => this.send(delivery)));
    return due.length;
  }

  private async send(delivery: DueDelivery): Promise<void> {
    const { webhooks, timeoutMs, maxAttempts, baseDelayMs, maxDelayMs, allowPrivateTargets } =
      this.options;
    const started = performance.now();
    // One line per attempt: which delivery, how it ended; never the URL (it may hold a token)
    // or the payload.
    const logAttempt = (outcome: string, statusCode: number | null, error?: string) =>
      this.options.logger.info(
        {
          delivery_id: delivery.id,
          event_id: delivery.event_id,
          endpoint_id: delivery.endpoint_id,
          attempt: delivery.attempts + 1,
          status_code: statusCode,
          outcome,
          ms: Math.round(performance.now() - started),
          ...(error ? { error } : {}),
        },
        "webhook attempt",
      );
    let statusCode: number | null = null;
    let error: string;
    try {
      const sentAt = new Date();
      // One `v1,…` signature per valid secret, space-separated as Standard Webhooks allows, so
      // a receiver holding either secret of a rotation accepts the delivery.
      const signature = delivery.secrets
        .map((secret) => new Webhook(secret).sign(delivery.event_id, sentAt, delivery.payload))
        .join(" ");
      // Checks the address it connects to, whatever the URL's name resolves to now.
      statusCode = await postWebhook({
        url: delivery.url,
        headers: {
          "Content-Type": "application/json",
          "User-Agent": "whop-checkout-webhooks/1",
          "webhook-id": delivery.event_id,
          "webhook-timestamp": String(Math.floor(sentAt.getTime() / 1000)),
          "webhook-signature": signature,
        },
        body: delivery.payload,
        timeoutMs,
        allowPrivate: allowPrivateTargets,
      });
      if (statusCode >= 200 && statusCode < 300) {
        await webhooks.markDelivered(delivery.id, statusCode);
        logAttempt("delivered", statusCode);
        return;
      }
      error = `receiver answered ${statusCode}`;
    } catch (failure) {
      error = (failure as Error).message || String(failure);
    }
    const attempts = delivery.attempts + 1;
    const retryAt =
      attempts >= maxAttempts ? null : Date.now() + retryDelay(attempts, baseDelayMs, maxDelayMs);
    await webhooks.markAttemptFailed(delivery.id, { statusCode, error, retryAt });
    logAttempt(retryAt === null ? "failed" : "retry", statusCode, error);
  }
}
