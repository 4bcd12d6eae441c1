/**
 * Nothing stored lets anyone recover a card: after purchases of every kind through the real
 * app, no table or column (on either engine) and no byte of the SQLite files (database, -wal,
 * -shm) holds a card number, a CVC, or any unkeyed hash of them or of the request body; nor do
 * the answers or the logs.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, it, vi } from "vitest";
import { DEMO, seedDemo } from "../../src/server/seed.ts";
import { describeEachEngine, type Engine, type TestDatabase } from "../support/engines.ts";
import { createCheckoutAppFor, DEMO_ORIGIN, listPayments, postJson } from "../support/test-app.ts";

/** Known cards, each with a CVC of its own so a stray copy names the purchase it came from. */
const CARDS = {
  success: { number: "4242424242424242", exp_month: 11, exp_year: 2033, cvc: "4821" },
  spaced: { number: "5555 5555 5555 4444", exp_month: 3, exp_year: 2035, cvc: "9173" },
  decline: { number: "4000000000000002", exp_month: 7, exp_year: 2031, cvc: "6358" },
  challenge: { number: "4000-0000-0000-3220", exp_month: 1, exp_year: 2032, cvc: "2947" },
  invalid: { number: "378282246310005", exp_month: 13, exp_year: 2032, cvc: "5102" },
  retried: { number: "4242424242424242", exp_month: 9, exp_year: 2034, cvc: "8064" },
};
type Card = (typeof CARDS)[keyof typeof CARDS];

const body = (card: Card, email = "buyer@example.com") => ({
  plan_id: DEMO.oneTimePlan,
  email,
  card,
});

const DIGESTS = ["sha256", "sha1", "md5"] as const;

/** Every string an unkeyed function of the card or of the body it came in would leave. */
function forbiddenValues(card: Card, sent: object[]): string[] {
  const digits = card.number.replace(/\D/g, "");
  const month = String(card.exp_month);
  const paddedMonth = month.padStart(2, "0");
  const year = String(card.exp_year);
  const inputs = [
    digits,
    card.number,
    `${digits}${month}${year}${card.cvc}`,
    `${digits}${paddedMonth}${year}${card.cvc}`,
    `${digits}${paddedMonth}${year.slice(2)}${card.cvc}`,
    `${digits}|${month}|${year}|${card.cvc}`,
    `${digits}:${month}:${year}:${card.cvc}`,
    JSON.stringify({ ...card, number: digits }),
    JSON.stringify(card),
    ...sent.map((request) => JSON.stringify(request)),
    // The body as validated: the number without its spaces or dashes.
    ...sent.map((request) =>
      JSON.stringify({ ...request, card: { ...card, number: digits } }).replace(/\s/g, ""),
    ),
    ...sent.map((request) => JSON.stringify({ ...request, card: { ...card, number: digits } })),
  ];
  const hashes = inputs.flatMap((input) =>
    DIGESTS.flatMap((digest) => {
      const hash = createHash(digest).update(input).digest();
      return [hash.toString("hex"), hash.toString("base64"), hash.toString("base64url")];
    }),
  );
  return [...new Set([digits, ...hashes])];
}

/** The tables of the database, as each engine lists them. */
const TABLES: Record<Engine["name"], string> = {
  sqlite: "SELECT name FROM sqlite_master WHERE type = 'table'",
  postgres:
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()",
};

/** Each stored value as text: every column of every row of every table. */
async function everyStoredValue(engine: Engine, db: TestDatabase) {
  const tables = (await db.query(TABLES[engine.name])) as { name: string }[];
  expect(tables.map((table) => table.name)).toContain("idempotency_keys");
  const values = [];
  for (const { name } of tables) {
    for (const row of await db.query(`SELECT * FROM "${name}"`)) {
      for (const [column, value] of Object.entries(row)) {
        values.push({
          where: `${name}.${column}`,
          text: Buffer.isBuffer(value) ? value.toString("latin1") : String(value),
        });
      }
    }
  }
  return values;
}

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describeEachEngine("card data", (engine) => {
  it("is never stored, logged or answered: no number, no CVC, no unkeyed hash", async () => {
    const dir = mkdtempSync(join(tmpdir(), "card-data-"));
    dirs.push(dir);
    // A file, not memory, for SQLite: its bytes on disk are searched too.
    const database = await engine.fresh(dir);
    const logged: string[] = [];
    for (const method of ["log", "info", "warn", "error", "debug"] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        logged.push(args.map((arg) => String((arg as Error)?.stack ?? arg)).join(" "));
      });
    }
    const db = await engine.attach(database.target);
    const { store } = db;
    await seedDemo(store, DEMO_ORIGIN);
    const app = createCheckoutAppFor(store);
    await store.webhooks.addEndpoint({ company_id: DEMO.company, url: "http://127.0.0.1:9/hook" });

    const sent = new Map<Card, object[]>();
    const answers: string[] = [];
    const pay = async (card: Card, headers: Record<string, string> = {}, email?: string) => {
      const request = body(card, email);
      sent.set(card, [...(sent.get(card) ?? []), request]);
      const response = await app.request("/api/v1/payments", postJson(request, headers));
      const text = await response.text();
      answers.push(text);
      return { status: response.status, json: () => JSON.parse(text) };
    };

    expect((await pay(CARDS.success)).status).toBe(201);
    expect((await pay(CARDS.spaced, { "Idempotency-Key": "spaced-1" })).status).toBe(201);
    expect((await pay(CARDS.decline, { "Idempotency-Key": "decline-1" })).status).toBe(402);
    const challenged = await pay(CARDS.challenge, { "Idempotency-Key": "challenge-1" });
    expect(challenged.status).toBe(202);
    const settled = await app.request(
      `/api/v1/payments/${challenged.json().payment_id}/challenge`,
      postJson({ outcome: "approve" }),
    );
    expect(settled.status).toBe(201);
    answers.push(await settled.text());
    // A retry replays the stored answer; another body under the same key is refused.
    expect((await pay(CARDS.retried, { "Idempotency-Key": "retry-1" })).status).toBe(201);
    expect((await pay(CARDS.retried, { "Idempotency-Key": "retry-1" })).status).toBe(201);
    const conflict = await pay(CARDS.retried, { "Idempotency-Key": "retry-1" }, "o@example.com");
    expect(conflict.status).toBe(409);
    // Refused before any charge: the error names the field, never echoes the card.
    const invalid = await pay(CARDS.invalid, { "Idempotency-Key": "invalid-1" });
    expect(invalid.status).toBe(400);
    expect(invalid.json().error.field).toBe("card.exp_month");
    expect(await listPayments(db)).toHaveLength(5);
    expect((await store.getStoredResponse(DEMO.company, "retry-1"))?.request_hash).toMatch(
      /^[\da-f]{64}$/,
    );

    const stored = await everyStoredValue(engine, db);
    const bytes: { where: string; text: string }[] = [];
    if (engine.name === "sqlite") {
      // Read while the database is open, so the write-ahead log and its index still exist.
      const files = ["", "-wal", "-shm"].map((suffix) => `${database.target}${suffix}`);
      expect(files.every((file) => existsSync(file))).toBe(true);
      bytes.push(...files.map((file) => ({ where: file, text: readFileSync(file, "latin1") })));
    }
    await db.close();
    if (engine.name === "sqlite") {
      bytes.push({ where: "closed database", text: readFileSync(database.target, "latin1") });
    }
    await database.drop();

    const places = [
      ...stored,
      ...bytes,
      ...answers.map((text, index) => ({ where: `answer ${index}`, text })),
      ...logged.map((text, index) => ({ where: `log line ${index}`, text })),
    ];
    const found: string[] = [];
    for (const card of Object.values(CARDS)) {
      // The CVC is a few digits, which ids and times may hold by chance: it is looked for as
      // the whole value of a column, as a JSON string, or after a `cvc` key.
      const forbidden = [
        ...forbiddenValues(card, sent.get(card) ?? []),
        `"${card.cvc}"`,
        `cvc=${card.cvc}`,
      ];
      for (const { where, text } of places) {
        for (const value of forbidden) if (text.includes(value)) found.push(`${where}: ${value}`);
        if (text === card.cvc) found.push(`${where}: the CVC ${card.cvc}`);
      }
    }
    for (const { where, text } of places) {
      if (text.includes('"cvc"')) found.push(`${where}: a "cvc" key`);
    }
    expect(found).toEqual([]);
    // Brand, last four and the rest of what a payment keeps in clear.
    expect(
      stored.filter(({ where }) => where === "payments.card_last4").map((v) => v.text),
    ).toEqual(expect.arrayContaining(["4242", "4444", "0002", "3220"]));
  });
});
