/**
 * The same requests answered by the app over SQLite and over PostgreSQL give the same bytes,
 * once generated ids and clock readings are masked: the engine never shows through the API.
 */
import { expect, it } from "vitest";
import { ID_PREFIXES } from "../../src/protocol/ids.ts";
import { createApiKey } from "../../src/server/catalog.ts";
import { DEMO, seedDemo } from "../../src/server/seed.ts";
import { describePostgres, ENGINES, type Engine } from "../support/engines.ts";
import {
  addPromo,
  challengeCard,
  createCheckoutAppFor,
  declineCard,
  postJson,
  purchase,
} from "../support/test-app.ts";

const ID = new RegExp(`\\b(${ID_PREFIXES.join("|")})_[A-Za-z0-9]{8,}`, "g");
const TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;
const REQUEST_ID = /"request_id":"[^"]*"/g;
const mask = (text: string) =>
  text.replace(ID, "$1_*").replace(TIME, "<time>").replace(REQUEST_ID, '"request_id":"*"');

/** Status and body of each request in a scripted session, masked. */
async function transcript(engine: Engine): Promise<string[]> {
  const db = await engine.open();
  try {
    await seedDemo(db.store, "http://localhost:4000");
    await addPromo(db.store, { code: "HALF", percent_off: 50, max_redemptions: 1 });
    const { key } = await createApiKey(db.store, DEMO.company, "parity");
    const app = createCheckoutAppFor(db.store);
    const authed = { headers: { Authorization: `Bearer ${key}` } };
    const requests: [string, RequestInit?][] = [
      [`/api/v1/plans/${DEMO.oneTimePlan}`],
      [`/api/v1/plans/${DEMO.oneTimePlan}/quote`, postJson({ promo_code: "HALF" })],
      ["/api/v1/payments", postJson(purchase({ promo_code: "HALF" }), { "Idempotency-Key": "k1" })],
      ["/api/v1/payments", postJson(purchase({ promo_code: "HALF" }), { "Idempotency-Key": "k1" })],
      ["/api/v1/payments", postJson(purchase({ promo_code: "HALF" }))],
      ["/api/v1/payments", postJson(purchase({ card: declineCard }))],
      ["/api/v1/payments", postJson(purchase({ card: challengeCard }))],
      ["/api/v1/payments?limit=10", authed],
      ["/api/v1/memberships", authed],
      ["/api/v1/promo_codes", authed],
      [`/api/v1/checkout_sessions/${DEMO.session}`, authed],
    ];
    const answers: string[] = [];
    for (const [path, init] of requests) {
      const response = await app.request(path, init);
      answers.push(`${path} ${response.status} ${mask(await response.text())}`);
    }
    return answers;
  } finally {
    await db.close();
  }
}

describePostgres("engine parity", () => {
  it("answers byte for byte the same on SQLite and PostgreSQL", async () => {
    const [sqlite, postgres] = await Promise.all(ENGINES.map(transcript));
    expect(postgres).toEqual(sqlite);
    expect(sqlite!.join("\n")).toContain('"amount":2450');
  });
});
