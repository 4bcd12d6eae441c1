import { createTransport } from "nodemailer";
import type { Logger } from "../log.ts";
import { type OutboxTiming, OutboxWorker } from "../outbox.ts";
import type { ReceiptOutbox } from "../store/interface.ts";
import type { ReceiptEmailRecord } from "../store/records.ts";

/** The mail server of SMTP_URL (config.ts): its URL, and the address receipts come from. */
export interface SmtpSettings {
  /** smtp:// or smtps://, credentials included; never logged. */
  url: string;
  from: string;
}

/** The From address when SMTP_URL names none. */
export const DEFAULT_FROM = "receipts@localhost";

interface SenderOptions extends Partial<OutboxTiming> {
  receipts: ReceiptOutbox;
  smtp: SmtpSettings;
  /** How long the mail server gets to connect, greet and answer each step; under `leaseMs`. */
  timeoutMs?: number;
  /** Where each attempt's log line goes (log.ts). */
  logger?: Logger;
}

/**
 * Sends the receipt email outbox (outbox.ts) through the mail server: one message per receipt,
 * retried with exponential back-off until the server accepts it, given up after `maxAttempts`
 * (the message stays in the database, `failed`). Each message has the same Message-ID on every
 * attempt, so one delivered twice (a lease that lapsed mid-send) reads as one.
 */
export class ReceiptSender extends OutboxWorker<ReceiptEmailRecord> {
  private readonly receipts: ReceiptOutbox;
  private readonly from: string;
  private readonly transport: ReturnType<typeof createTransport>;

  constructor({ receipts, smtp, timeoutMs = 10_000, ...options }: SenderOptions) {
    // One SMTP conversation is several steps, each with its own timeout: a longer lease than a
    // webhook's keeps a slow send from being claimed again while it runs.
    super("receipt email dispatch failed", { leaseMs: 120_000, ...options });
    this.receipts = receipts;
    this.from = smtp.from;
    this.transport = createTransport({
      url: smtp.url,
      connectionTimeout: timeoutMs,
      greetingTimeout: timeoutMs,
      socketTimeout: timeoutMs,
    });
  }

  protected claim(limit: number, leaseMs: number, now: number) {
    return this.receipts.claimDue(limit, leaseMs, now);
  }

  protected async attempt(email: ReceiptEmailRecord): Promise<void> {
    const started = performance.now();
    // One line per attempt: which receipt, how it ended; never the address or the message.
    const logAttempt = (outcome: string, failure?: { code?: string; responseCode?: number }) =>
      this.logger.info(
        {
          receipt_id: email.receipt_id,
          attempt: email.attempts + 1,
          outcome,
          ms: Math.round(performance.now() - started),
          ...(failure ? { error: failure.code ?? "error", smtp_code: failure.responseCode } : {}),
        },
        "receipt email attempt",
      );
    let failure: (Error & { code?: string; responseCode?: number }) | null = null;
    try {
      await this.transport.sendMail({
        from: { name: email.sender_name, address: this.from },
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: `<${email.receipt_id}@${this.from.split("@")[1]}>`,
      });
    } catch (error) {
      failure = error as Error;
    }
    if (!failure) {
      await this.receipts.markSent(email.receipt_id);
      logAttempt("sent");
      return;
    }
    const retryAt = this.retryAt(email);
    await this.receipts.markAttemptFailed(email.receipt_id, {
      error: failure.message || String(failure),
      retryAt,
    });
    logAttempt(retryAt === null ? "failed" : "retry", failure);
  }

  /** Stops polling, waits for the messages in flight, then closes the mail connection. */
  override async stop(): Promise<void> {
    await super.stop();
    this.transport.close();
  }
}
