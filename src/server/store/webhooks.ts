import { randomBytes } from "node:crypto";
import { newId } from "../ids.ts";
import type { Db, Synchronous } from "./database.ts";
import type { WebhookOutbox } from "./interface.ts";
import type { DeliveryRecord, DueDelivery, EndpointRecord, WebhookEventType } from "./records.ts";
import { type Row, toDelivery, toDueDelivery, toEndpoint } from "./rows.ts";

const DELIVERY_SELECT = `SELECT d.*, e.type AS event_type, e.company_id, e.payload, w.url,
    w.secret, w.previous_secret, w.previous_secret_expires_at
  FROM webhook_deliveries d
  JOIN webhook_events e ON e.id = d.event_id
  JOIN webhook_endpoints w ON w.id = d.endpoint_id`;

/** A Standard Webhooks secret: `whsec_` and base64 of 24 random bytes. */
export const newWebhookSecret = () => `whsec_${randomBytes(24).toString("base64")}`;

/** Webhook endpoints and the durable outbox of events waiting to be delivered to them. */
/** The JSON body of an event, exactly as it is signed and sent. */
export const eventPayload = (type: WebhookEventType, data: unknown, now: number) =>
  JSON.stringify({ type, timestamp: new Date(now).toISOString(), data });

/** Whether `endpoint` should receive events of `type`. */
const isSubscribed = (endpoint: EndpointRecord, type: WebhookEventType) =>
  endpoint.enabled && (endpoint.events.length === 0 || endpoint.events.includes(type));

/** The endpoints that receive events of `type`: one delivery each. */
export const subscribers = (endpoints: EndpointRecord[], type: WebhookEventType) =>
  endpoints.filter((endpoint) => isSubscribed(endpoint, type));

export class WebhookStore implements Synchronous<WebhookOutbox> {
  constructor(private readonly db: Db) {}

  addEndpoint(input: {
    company_id: string;
    url: string;
    events?: WebhookEventType[];
    secret?: string;
  }): EndpointRecord {
    const id = newId("wh");
    this.db
      .prepare(
        "INSERT INTO webhook_endpoints (id, company_id, url, secret, events) VALUES (?, ?, ?, ?, ?)",
      )
      .run(
        id,
        input.company_id,
        input.url,
        input.secret ?? newWebhookSecret(),
        JSON.stringify(input.events ?? []),
      );
    return this.getEndpoint(id)!;
  }

  getEndpoint(id: string): EndpointRecord | null {
    const row = this.db.prepare("SELECT * FROM webhook_endpoints WHERE id = ?").get(id) as
      | Row
      | undefined;
    return row ? toEndpoint(row) : null;
  }

  /**
   * Gives the endpoint a new secret; the current one keeps signing (beside the new one) until
   * `now + overlapMs`. Returns the endpoint, or null when there is none.
   */
  rotateSecret(id: string, overlapMs: number, now = Date.now()): EndpointRecord | null {
    this.db
      .prepare(
        `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = ?,
           secret = ? WHERE id = ?`,
      )
      .run(now + overlapMs, newWebhookSecret(), id);
    return this.getEndpoint(id);
  }

  /** Deletes the endpoint and its deliveries (the events stay); false when there is none. */
  deleteEndpoint(id: string): boolean {
    return this.db.transaction(() => {
      this.db.prepare("DELETE FROM webhook_deliveries WHERE endpoint_id = ?").run(id);
      return this.db.prepare("DELETE FROM webhook_endpoints WHERE id = ?").run(id).changes > 0;
    })();
  }

  listEndpoints(companyId: string): EndpointRecord[] {
    return (
      this.db
        .prepare("SELECT * FROM webhook_endpoints WHERE company_id = ? ORDER BY created_at, rowid")
        .all(companyId) as Row[]
    ).map(toEndpoint);
  }

  /**
   * Records an event and one pending delivery per subscribed endpoint, and answers the event's
   * id. Call it inside the transaction that makes the change, so the event exists exactly when
   * the change does. When no endpoint subscribes, nothing is written and the answer is null:
   * an event is only ever read through its deliveries, and an endpoint added later receives
   * only later events.
   */
  enqueue(
    companyId: string,
    type: WebhookEventType,
    data: unknown,
    now = Date.now(),
  ): string | null {
    const targets = subscribers(this.listEndpoints(companyId), type);
    if (targets.length === 0) return null;
    const id = newId("msg");
    this.db
      .prepare("INSERT INTO webhook_events (id, company_id, type, payload) VALUES (?, ?, ?, ?)")
      .run(id, companyId, type, eventPayload(type, data, now));
    for (const endpoint of targets) {
      this.db
        .prepare(
          `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, next_attempt_at)
           VALUES (?, ?, ?, ?)`,
        )
        .run(newId("msg"), id, endpoint.id, now);
    }
    return id;
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs`. A claim that is never settled (the
   * process died mid-send) lapses, and the delivery is sent again: at-least-once delivery,
   * which receivers de-duplicate with the `webhook-id` header.
   */
  claimDue(limit: number, leaseMs: number, now = Date.now()): DueDelivery[] {
    return this.db.transaction(() => {
      const rows = this.db
        .prepare(
          `${DELIVERY_SELECT}
           WHERE d.status = 'pending' AND d.next_attempt_at <= ?
             AND (d.locked_until IS NULL OR d.locked_until <= ?)
           ORDER BY d.next_attempt_at, d.rowid LIMIT ?`,
        )
        .all(now, now, limit) as Row[];
      const lock = this.db.prepare("UPDATE webhook_deliveries SET locked_until = ? WHERE id = ?");
      for (const row of rows) lock.run(now + leaseMs, row.id);
      return rows.map((row) => toDueDelivery(row, now));
    })();
  }

  markDelivered(id: string, statusCode: number): void {
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1,
           last_status_code = ?, last_error = NULL, locked_until = NULL,
           delivered_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE id = ?`,
      )
      .run(statusCode, id);
  }

  /** Records a failed attempt; `retryAt` null gives up on the delivery. */
  markAttemptFailed(
    id: string,
    result: { statusCode: number | null; error: string; retryAt: number | null },
  ): void {
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = ?,
           last_error = ?, locked_until = NULL,
           status = CASE WHEN ? IS NULL THEN 'failed' ELSE 'pending' END,
           next_attempt_at = COALESCE(?, next_attempt_at)
         WHERE id = ?`,
      )
      .run(result.statusCode, result.error.slice(0, 500), result.retryAt, result.retryAt, id);
  }

  getDelivery(id: string): DeliveryRecord | null {
    const row = this.db.prepare(`${DELIVERY_SELECT} WHERE d.id = ?`).get(id) as Row | undefined;
    return row ? toDelivery(row) : null;
  }

  listDeliveries(
    filter: { company_id?: string; status?: DeliveryRecord["status"] } = {},
    limit = 100,
  ): DeliveryRecord[] {
    return (
      this.db
        .prepare(
          `${DELIVERY_SELECT}
           WHERE (@company_id IS NULL OR e.company_id = @company_id)
             AND (@status IS NULL OR d.status = @status)
           ORDER BY d.created_at DESC, d.rowid DESC LIMIT @limit`,
        )
        .all({
          company_id: filter.company_id ?? null,
          status: filter.status ?? null,
          limit,
        }) as Row[]
    ).map(toDelivery);
  }

  /** Queues a delivery to be sent again now, whatever happened to it before. */
  replay(id: string, now = Date.now()): DeliveryRecord | null {
    this.db
      .prepare(
        `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?,
           locked_until = NULL WHERE id = ?`,
      )
      .run(now, id);
    return this.getDelivery(id);
  }
}
