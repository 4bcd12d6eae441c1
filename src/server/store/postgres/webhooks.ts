import { newId } from "../../ids.ts";
import type { WebhookOutbox } from "../interface.ts";
import type { DeliveryRecord, DueDelivery, EndpointRecord, WebhookEventType } from "../records.ts";
import { toDelivery, toDueDelivery, toEndpoint } from "../rows.ts";
import { eventPayload, newWebhookSecret, subscribers } from "../webhooks.ts";
import type { Sql, Statement } from "./sql.ts";

const DELIVERY_COLUMNS = `d.*, e.type AS event_type, e.company_id, e.payload, w.url, w.secret,
  w.previous_secret, w.previous_secret_expires_at`;
const DELIVERY_JOINS = `JOIN webhook_events e ON e.id = d.event_id
  JOIN webhook_endpoints w ON w.id = d.endpoint_id`;

/** Webhook endpoints and the durable outbox of events waiting to be delivered to them. */
export class PgWebhooks implements WebhookOutbox {
  constructor(private readonly sql: Sql) {}

  async addEndpoint(input: Parameters<WebhookOutbox["addEndpoint"]>[0]): Promise<EndpointRecord> {
    const row = await this.sql.row(
      `INSERT INTO webhook_endpoints (id, company_id, url, secret, events)
       VALUES ($1, $2, $3, $4, $5) RETURNING *`,
      [
        newId("wh"),
        input.company_id,
        input.url,
        input.secret ?? newWebhookSecret(),
        JSON.stringify(input.events ?? []),
      ],
    );
    return toEndpoint(row!);
  }

  async getEndpoint(id: string): Promise<EndpointRecord | null> {
    const row = await this.sql.row("SELECT * FROM webhook_endpoints WHERE id = $1", [id]);
    return row ? toEndpoint(row) : null;
  }

  /**
   * Gives the endpoint a new secret; the current one keeps signing (beside the new one) until
   * `now + overlapMs`. Returns the endpoint, or null when there is none.
   */
  async rotateSecret(
    id: string,
    overlapMs: number,
    now = Date.now(),
  ): Promise<EndpointRecord | null> {
    const row = await this.sql.row(
      `UPDATE webhook_endpoints SET previous_secret = secret, previous_secret_expires_at = $1,
         secret = $2 WHERE id = $3 RETURNING *`,
      [now + overlapMs, newWebhookSecret(), id],
    );
    return row ? toEndpoint(row) : null;
  }

  /** Deletes the endpoint and its deliveries (the events stay); false when there is none. */
  async deleteEndpoint(id: string): Promise<boolean> {
    return this.sql.atomic(async (sql) => {
      await sql.run("DELETE FROM webhook_deliveries WHERE endpoint_id = $1", [id]);
      return (await sql.run("DELETE FROM webhook_endpoints WHERE id = $1", [id])) > 0;
    });
  }

  async listEndpoints(companyId: string): Promise<EndpointRecord[]> {
    const { text, params } = endpointsOf(companyId);
    return (await this.sql.rows(text, params)).map(toEndpoint);
  }

  /** As the SQLite `WebhookStore.enqueue`: nothing is written when no endpoint subscribes. */
  async enqueue(
    companyId: string,
    type: WebhookEventType,
    data: unknown,
    now = Date.now(),
  ): Promise<string | null> {
    const endpoints = await this.listEndpoints(companyId);
    const event = eventWrites(companyId, type, data, endpoints, now);
    if (event.statements.length > 0) await this.sql.together(event.statements);
    return event.id;
  }

  /**
   * Claims up to `limit` due deliveries for `leaseMs`, in one statement. FOR UPDATE SKIP LOCKED
   * passes over rows another instance is claiming at this moment, and the lease set here keeps
   * them out of every later claim until it lapses: each delivery is attempted by one instance
   * at a time. A lease never settled (the instance died mid-send) lapses and the delivery is
   * sent again: at-least-once delivery, which receivers de-duplicate by `webhook-id`.
   */
  async claimDue(limit: number, leaseMs: number, now = Date.now()): Promise<DueDelivery[]> {
    const rows = await this.sql.rows(
      `WITH claimed AS (
         UPDATE webhook_deliveries SET locked_until = $2
         WHERE id IN (
           SELECT id FROM webhook_deliveries
           WHERE status = 'pending' AND next_attempt_at <= $1
             AND (locked_until IS NULL OR locked_until <= $1)
           ORDER BY next_attempt_at, seq LIMIT $3
           FOR UPDATE SKIP LOCKED)
         RETURNING *)
       SELECT ${DELIVERY_COLUMNS} FROM claimed d ${DELIVERY_JOINS}
       ORDER BY d.next_attempt_at, d.seq`,
      [now, now + leaseMs, limit],
    );
    return rows.map((row) => toDueDelivery(row, now));
  }

  async markDelivered(id: string, statusCode: number): Promise<void> {
    await this.sql.run(
      `UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1,
         last_status_code = $1, last_error = NULL, locked_until = NULL, delivered_at = iso_now()
       WHERE id = $2`,
      [statusCode, id],
    );
  }

  /** Records a failed attempt; `retryAt` null gives up on the delivery. */
  async markAttemptFailed(
    id: string,
    result: { statusCode: number | null; error: string; retryAt: number | null },
  ): Promise<void> {
    await this.sql.run(
      `UPDATE webhook_deliveries SET attempts = attempts + 1, last_status_code = $1,
         last_error = $2, locked_until = NULL,
         status = CASE WHEN $3::bigint IS NULL THEN 'failed' ELSE 'pending' END,
         next_attempt_at = COALESCE($3::bigint, next_attempt_at)
       WHERE id = $4`,
      [result.statusCode, result.error.slice(0, 500), result.retryAt, id],
    );
  }

  async getDelivery(id: string): Promise<DeliveryRecord | null> {
    const row = await this.sql.row(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d ${DELIVERY_JOINS} WHERE d.id = $1`,
      [id],
    );
    return row ? toDelivery(row) : null;
  }

  async listDeliveries(
    filter: { company_id?: string; status?: DeliveryRecord["status"] } = {},
    limit = 100,
  ): Promise<DeliveryRecord[]> {
    const rows = await this.sql.rows(
      `SELECT ${DELIVERY_COLUMNS} FROM webhook_deliveries d ${DELIVERY_JOINS}
       WHERE ($1::text IS NULL OR e.company_id = $1)
         AND ($2::text IS NULL OR d.status = $2)
       ORDER BY d.created_at DESC, d.seq DESC LIMIT $3`,
      [filter.company_id ?? null, filter.status ?? null, limit],
    );
    return rows.map(toDelivery);
  }

  /** Queues a delivery to be sent again now, whatever happened to it before. */
  async replay(id: string, now = Date.now()): Promise<DeliveryRecord | null> {
    await this.sql.run(
      `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, next_attempt_at = $1,
         locked_until = NULL WHERE id = $2`,
      [now, id],
    );
    return this.getDelivery(id);
  }
}

/** The company's webhook endpoints, oldest first (`toEndpoint` reads each row). */
export const endpointsOf = (companyId: string): Statement => ({
  text: "SELECT * FROM webhook_endpoints WHERE company_id = $1 ORDER BY created_at, seq",
  params: [companyId],
});

/**
 * The writes that record an event of `type` about `data`: the event, and a pending delivery to
 * each of `endpoints` (the company's, from `endpointsOf`) subscribed to it; none, and a null
 * id, when none is (see the SQLite `WebhookStore.enqueue`). For `Sql.together`, so an event and
 * its deliveries take one round trip, beside the change they announce.
 */
export function eventWrites(
  companyId: string,
  type: WebhookEventType,
  data: unknown,
  endpoints: EndpointRecord[],
  now: number,
): { id: string | null; statements: Statement[] } {
  const targets = subscribers(endpoints, type);
  if (targets.length === 0) return { id: null, statements: [] };
  const id = newId("msg");
  const statements: Statement[] = [
    {
      text: `INSERT INTO webhook_events (id, company_id, type, payload) VALUES ($1, $2, $3, $4)
             RETURNING id`,
      params: [id, companyId, type, eventPayload(type, data, now)],
    },
  ];
  for (const endpoint of targets) {
    statements.push({
      text: `INSERT INTO webhook_deliveries (id, event_id, endpoint_id, next_attempt_at)
             VALUES ($1, $2, $3, $4) RETURNING id`,
      params: [newId("msg"), id, endpoint.id, now],
    });
  }
  return { id, statements };
}
