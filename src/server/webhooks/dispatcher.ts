import { Webhook } from "standardwebhooks";
import type { Logger } from "../log.ts";
import { OUTBOX_DEFAULTS, type OutboxTiming, OutboxWorker } from "../outbox.ts";
import type { WebhookOutbox } from "../store/interface.ts";
import type { DueDelivery } from "../store/records.ts";
import { postWebhook } from "./target.ts";

interface DispatcherOptions extends Partial<OutboxTiming> {
  webhooks: WebhookOutbox;
  /** A receiver gets this long to answer; `leaseMs` must exceed it. */
  timeoutMs?: number;
  /** Lets deliveries go to private addresses (local development; see target.ts). */
  allowPrivateTargets?: boolean;
  /** Where each attempt's log line goes (log.ts). */
  logger?: Logger;
}

/** Timings the environment may override (config.ts). */
export const DISPATCH_DEFAULTS = {
  pollMs: OUTBOX_DEFAULTS.pollMs,
  baseDelayMs: OUTBOX_DEFAULTS.baseDelayMs,
  timeoutMs: 10_000,
  leaseMs: OUTBOX_DEFAULTS.leaseMs,
};

/**
 * Sends the webhook outbox (outbox.ts): signs each delivery with Standard Webhooks headers
 * (`webhook-id` is the event id, the same on every retry so receivers can de-duplicate), retries
 * failures with exponential back-off, and gives up after `maxAttempts`.
 */
export class WebhookDispatcher extends OutboxWorker<DueDelivery> {
  private readonly webhooks: WebhookOutbox;
  private readonly timeoutMs: number;
  private readonly allowPrivateTargets: boolean;

  constructor({
    webhooks,
    timeoutMs = DISPATCH_DEFAULTS.timeoutMs,
    allowPrivateTargets = false,
    ...options
  }: DispatcherOptions) {
    super("webhook dispatch failed", options);
    this.webhooks = webhooks;
    this.timeoutMs = timeoutMs;
    this.allowPrivateTargets = allowPrivateTargets;
  }

  protected claim(limit: number, leaseMs: number, now: number) {
    return this.webhooks.claimDue(limit, leaseMs, now);
  }

  protected async attempt(delivery: DueDelivery): Promise<void> {
    const started = performance.now();
    // One line per attempt: which delivery, how it ended; never the URL (it may hold a token)
    // or the payload.
    const logAttempt = (outcome: string, statusCode: number | null, error?: string) =>
      this.logger.info(
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
        timeoutMs: this.timeoutMs,
        allowPrivate: this.allowPrivateTargets,
      });
      if (statusCode >= 200 && statusCode < 300) {
        await this.webhooks.markDelivered(delivery.id, statusCode);
        logAttempt("delivered", statusCode);
        return;
      }
      error = `receiver answered ${statusCode}`;
    } catch (failure) {
      error = (failure as Error).message || String(failure);
    }
    const retryAt = this.retryAt(delivery);
    await this.webhooks.markAttemptFailed(delivery.id, { statusCode, error, retryAt });
    logAttempt(retryAt === null ? "failed" : "retry", statusCode, error);
  }
}
