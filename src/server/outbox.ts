/**
 * The sending side of a durable outbox (webhook deliveries, receipt emails): rows are written in
 * the transaction of the change they report, and a worker polls for the due ones, claims them
 * for a lease, attempts each, and records the outcome with an exponential back-off. Everything
 * it knows lives in the database, so a restart picks up where the last process stopped, and
 * several instances share the work (a claimed row is leased to one of them).
 */
import { type Logger, log } from "./log.ts";

export interface OutboxTiming {
  /** How often the outbox is polled for due rows. */
  pollMs: number;
  /** First retry delay; each further attempt doubles it, up to `maxDelayMs`. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts before a row is given up on (it is kept, marked failed). */
  maxAttempts: number;
  /** How long a claimed row stays claimed; must exceed the time one attempt may take. */
  leaseMs: number;
  batchSize: number;
}

export const OUTBOX_DEFAULTS: OutboxTiming = {
  pollMs: 500,
  baseDelayMs: 5_000,
  maxDelayMs: 3_600_000,
  maxAttempts: 12,
  leaseMs: 30_000,
  batchSize: 20,
};

/** Delay before the attempt that follows `attempts` failed ones: base × 2^(attempts − 1). */
export const retryDelay = (attempts: number, baseMs: number, maxMs: number) =>
  Math.min(maxMs, baseMs * 2 ** Math.max(0, attempts - 1));

/**
 * Polls one outbox: `claim` leases the due rows, `attempt` sends one and records how it ended
 * (using `retryAt` for a failure). A subclass says what a row is and how it is sent.
 */
export abstract class OutboxWorker<Row extends { attempts: number }> {
  protected readonly timing: OutboxTiming;
  protected readonly logger: Logger;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;

  /** `failure` is the log message of a poll that failed (the database did not answer). */
  constructor(
    private readonly failure: string,
    options: Partial<OutboxTiming> & { logger?: Logger },
  ) {
    const { logger = log, ...timing } = options;
    this.timing = { ...OUTBOX_DEFAULTS, ...timing };
    this.logger = logger;
  }

  protected abstract claim(limit: number, leaseMs: number, now: number): Promise<Row[]>;
  protected abstract attempt(row: Row): Promise<void>;

  /**
   * When to try `row` again after its attempt now failed, or null to give up: its attempts
   * (this one included) have reached `maxAttempts`.
   */
  protected retryAt(row: Row): number | null {
    const attempts = row.attempts + 1;
    const { maxAttempts, baseDelayMs, maxDelayMs } = this.timing;
    return attempts >= maxAttempts
      ? null
      : Date.now() + retryDelay(attempts, baseDelayMs, maxDelayMs);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const tick = async () => {
      this.running = this.runOnce().catch((error) =>
        this.logger.error({ err: (error as Error).message }, this.failure),
      );
      await this.running;
      if (!this.stopped) this.timer = setTimeout(tick, this.timing.pollMs);
    };
    this.timer = setTimeout(tick, 0);
  }

  /** Stops polling and waits for the attempts in flight. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Attempts every row due now, in parallel; resolves with how many were attempted. */
  async runOnce(now = Date.now()): Promise<number> {
    const due = await this.claim(this.timing.batchSize, this.timing.leaseMs, now);
    await Promise.all(due.map((row) => this.attempt(row)));
    return due.length;
  }
}
