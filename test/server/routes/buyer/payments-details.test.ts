import { afterEach, expect, it } from "vitest";
import { silentLog } from "../../../../src/server/log.ts";
import { DEMO } from "../../../../src/server/seed.ts";
import { WebhookDispatcher } from "../../../../src/server/webhooks/dispatcher.ts";
import { describeEachEngine } from "../../../support/engines.ts";
import { startReceiver } from "../../../support/receiver.ts";
import { addPlan, countRows, merchantApps, postJson, purchase } from "../../../support/test-app.ts";

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const SHIPPING = {
  name: " Ada Lovelace ",
  line1: "10 Downing Street",
  city: "London",
  postal_code: "sw1a  2aa",
  country: "GB",
};
const BILLING = {
  line1: "1600 Amphitheatre Parkway",
  line2: "Building 40",
  city: "Mountain View",
  state: "CA",
  postal_code: "94043",
  country: "US",
};

describeEachEngine("buyer details of POST /api/v1/payments", (engine) => {
  const createApp = merchantApps(engine);

  it("stores both addresses and the phone (E.164), returns them and sends them in the webhook", async () => {
    const { app, store, db, call } = await createApp();
    const endpoint = await store.webhooks.addEndpoint({
      company_id: DEMO.company,
      url: "http://x",
      events: ["payment.succeeded"],
    });
    const receiver = await startReceiver(endpoint.secret);
    closers.push(() => receiver.close());
    await db.query("UPDATE webhook_endpoints SET url = ? WHERE id = ?", [
      receiver.url,
      endpoint.id,
    ]);

    const response = await app.request(
      "/api/v1/payments",
      postJson(
        purchase({
          plan_id: DEMO.journalPlan,
          country: "US",
          billing_address: BILLING,
          shipping_address: SHIPPING,
          // A national number, read with the shipping country (GB).
          phone: "020 7946 0018",
        }),
      ),
    );
    expect(response.status).toBe(201);
    const { payment } = await response.json();
    const expected = {
      country: "US",
      billing_address: { ...BILLING },
      shipping_address: {
        ...SHIPPING,
        name: "Ada Lovelace",
        postal_code: "SW1A 2AA",
        line2: null,
        state: null,
      },
      phone: "+442079460018",
    };
    const details = await (await call("GET", `/payments/${payment.id}`)).json();
    expect(details.payment).toMatchObject(expected);

    const [row] = await db.query("SELECT billing_address, shipping_address, phone FROM payments");
    expect(JSON.parse(row!.shipping_address as string)).toEqual(expected.shipping_address);
    expect(row!.phone).toBe("+442079460018");

    const dispatcher = new WebhookDispatcher({
      logger: silentLog,
      allowPrivateTargets: true,
      webhooks: store.webhooks,
      baseDelayMs: 10,
    });
    await dispatcher.runOnce();
    const [event] = await receiver.waitFor(1);
    expect(event).toMatchObject({ type: "payment.succeeded", verified: true });
    expect(event!.data).toMatchObject({ id: payment.id, ...expected });
  });

  it("answers 400 naming what the plan requires and is missing, storing nothing", async () => {
    const { app, db } = await createApp();
    const plan = await addPlan(db.store, { collect_address: true });
    const cases: [Record<string, unknown>, string][] = [
      [{ plan_id: DEMO.journalPlan, phone: "+442079460018" }, "shipping_address"],
      [{ plan_id: DEMO.journalPlan, shipping_address: SHIPPING }, "phone"],
      [{ plan_id: plan.id, country: "US" }, "billing_address"],
    ];
    for (const [body, field] of cases) {
      const answer = await app.request("/api/v1/payments", postJson(purchase(body)));
      expect(answer.status, field).toBe(400);
      const { error } = await answer.json();
      expect(error, field).toMatchObject({ code: "invalid_request", field });
      expect(error.message, field).toContain(`${field} is required`);
    }
    expect(await countRows(db, "payments")).toBe(0);
  });

  it("checks postal codes and regions by country, and phone numbers with their full metadata", async () => {
    const { app } = await createApp();
    const refused = async (body: Record<string, unknown>) => {
      const answer = await app.request("/api/v1/payments", postJson(purchase(body)));
      expect(answer.status).toBe(400);
      return (await answer.json()).error as { field: string; message: string };
    };
    const shipped = (shipping: object, phone = "+442079460018") => ({
      plan_id: DEMO.journalPlan,
      shipping_address: { ...SHIPPING, ...shipping },
      phone,
    });
    expect(await refused(shipped({ postal_code: "123" }))).toMatchObject({
      code: "invalid_request",
      field: "shipping_address.postal_code",
      message: "shipping_address.postal_code is not a valid postal code in GB.",
    });
    expect(await refused(shipped({ postal_code: "" }))).toMatchObject({
      field: "shipping_address.postal_code",
      message: "shipping_address.postal_code is required for an address in GB.",
    });
    // A US address needs its state; a German one does not.
    expect(
      await refused({ billing_address: { ...BILLING, state: undefined }, country: "US" }),
    ).toMatchObject({
      field: "billing_address.state",
      message: "billing_address.state is required for an address in US.",
    });
    expect(await refused(shipped({ city: "  " }))).toMatchObject({
      field: "shipping_address.city",
    });
    expect(await refused(shipped({ name: undefined }))).toMatchObject({
      field: "shipping_address.name",
    });
    expect(await refused(shipped({ country: "gb" }))).toMatchObject({
      field: "shipping_address.country",
    });
    expect(await refused(shipped({ extra: 1 }))).toMatchObject({
      field: "shipping_address.extra",
    });
    // The right length for the UK, but no UK number starts with 0 after its country code.
    expect(await refused(shipped({}, "+44 0000 000000"))).toMatchObject({ field: "phone" });
    expect(await refused(shipped({}, "12"))).toMatchObject({ field: "phone" });
    // The billing address's country is the payment's.
    expect(await refused({ country: "DE", billing_address: BILLING })).toMatchObject({
      field: "billing_address.country",
    });
  });

  it("takes a German address without a region, and the billing country from the address", async () => {
    const { app, call } = await createApp();
    const answer = await app.request(
      "/api/v1/payments",
      postJson(
        purchase({
          billing_address: {
            line1: "Unter den Linden 1",
            city: "Berlin",
            postal_code: "10117",
            country: "DE",
          },
          phone: "030 901820",
        }),
      ),
    );
    expect(answer.status).toBe(201);
    const { payment } = await answer.json();
    expect((await (await call("GET", `/payments/${payment.id}`)).json()).payment).toMatchObject({
      country: "DE",
      billing_address: { city: "Berlin", state: null, line2: null, postal_code: "10117" },
      shipping_address: null,
      phone: "+4930901820",
    });
  });

  it("leaves the details null when none are asked for or given", async () => {
    const { app, call } = await createApp();
    const { payment } = await (
      await app.request("/api/v1/payments", postJson(purchase({ country: "FR" })))
    ).json();
    expect((await (await call("GET", `/payments/${payment.id}`)).json()).payment).toMatchObject({
      country: "FR",
      billing_address: null,
      shipping_address: null,
      phone: null,
    });
  });

  it("lets a merchant create a plan that asks for them, shown to buyers with the plan", async () => {
    const { app, call } = await createApp();
    const created = await call("POST", "/plans", {
      product_id: DEMO.product,
      plan_type: "one_time",
      base_currency: "usd",
      initial_price: 2500,
      collect_address: true,
      collect_phone: true,
    });
    expect(created.status).toBe(201);
    const { plan } = await created.json();
    expect(plan).toMatchObject({
      collect_address: true,
      collect_shipping: false,
      collect_phone: true,
    });
    const view = await (await app.request(`/api/v1/plans/${plan.id}`)).json();
    expect(view.plan).toMatchObject({
      collect_address: true,
      collect_shipping: false,
      collect_phone: true,
    });
    const bad = await call("POST", "/plans", {
      product_id: DEMO.product,
      plan_type: "one_time",
      base_currency: "usd",
      initial_price: 2500,
      collect_shipping: "yes",
    });
    expect((await bad.json()).error).toMatchObject({ field: "collect_shipping" });
  });
});
