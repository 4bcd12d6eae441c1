import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { container, loaderErrors, loadLoader, paramsOf, resetPage, tick } from "./setup.ts";

vi.mock("../../../loader/log.ts", async (importOriginal) =>
  (await import("./setup.ts")).logWithLocalHelpers(importOriginal as never),
);

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  resetPage();
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** Mounts `attributes` on a fresh page and returns the iframe's query parameters. */
async function paramsFor(attributes: Record<string, string>, id = "") {
  const element = container(attributes, id);
  document.body.append(element);
  await loadLoader();
  return paramsOf(element.querySelector("iframe"));
}

const { channel: _c, origin: _o, ...none } = { channel: "", origin: "" };

describe("attribute parsing", () => {
  it("maps every attribute to its iframe parameter through one table", async () => {
    const params = await paramsFor({
      "plan-id": "plan_abc",
      "session-id": "ch_xyz",
      theme: "dark",
      "theme-accent-color": "#FF6243",
      locale: "pt-BR",
      "prefill-email": "buyer@example.com",
      "prefill-name": "Ana Souza",
      "hide-price": "",
      "hide-submit-button": "",
      "hide-tos": "true",
      "affiliate-code": "partner_42",
    });
    const { channel, origin, ...rest } = params;
    expect(channel).toMatch(/^\d+(,\d+){3}$/);
    expect(origin).toBe(location.origin);
    expect(rest).toEqual({
      ...none,
      plan: "plan_abc",
      session: "ch_xyz",
      theme: "dark",
      accent: "FF6243",
      locale: "pt-BR",
      email: "buyer@example.com",
      name: "Ana Souza",
      hide_price: "1",
      hide_submit: "1",
      hide_tos: "1",
      affiliate: "partner_42",
    });
    expect(loaderErrors(errors)).toEqual([]);
  });

  it("accepts `session` as an alias of `session-id`, and a session without a plan", async () => {
    expect((await paramsFor({ "plan-id": "plan_abc", session: "ch_alias" })).session).toBe(
      "ch_alias",
    );
    resetPage();
    const { mount } = await loadLoader();
    const div = document.body.appendChild(document.createElement("div"));
    expect(mount(div, { sessionId: "ch_only" })).not.toBeNull();
    expect(paramsOf(div.querySelector("iframe")).session).toBe("ch_only");
  });

  it("passes only the parameters that were set (defaults are the checkout's)", async () => {
    const { channel, origin, ...rest } = await paramsFor({ "plan-id": "plan_abc" });
    expect(rest).toEqual({ plan: "plan_abc" });
  });

  it("forwards the page's utm_* parameters unless skip-utm is set", async () => {
    history.replaceState(null, "", "/?utm_source=news&utm_campaign=fall&ref=x");
    const params = await paramsFor({ "plan-id": "plan_abc" });
    expect(params).toMatchObject({ utm_source: "news", utm_campaign: "fall" });
    expect(params.ref).toBeUndefined();

    resetPage();
    history.replaceState(null, "", "/?utm_source=news");
    expect((await paramsFor({ "plan-id": "plan_abc", "skip-utm": "" })).utm_source).toBeUndefined();
  });

  it("reports each bad optional value once, naming element and attribute, and uses the default", async () => {
    const params = await paramsFor(
      {
        "plan-id": "plan_abc",
        theme: "neon",
        "theme-accent-color": "red",
        locale: "en US",
        "prefill-email": "not an email",
        "affiliate-code": "a b",
      },
      "buy",
    );
    expect(params.theme).toBeUndefined();
    expect(params.accent).toBeUndefined();
    expect(params.locale).toBeUndefined();
    expect(params.email).toBeUndefined();
    expect(params.affiliate).toBeUndefined();
    await vi.waitFor(() => expect(loaderErrors(errors)).toHaveLength(5));
    const messages = loaderErrors(errors);
    expect(messages[0]).toBe(
      '#buy: data-whop-checkout-theme="neon" is invalid (expected to match /^(light|dark|system)$/); it is ignored and the default applies.',
    );
    expect(messages[1]).toContain('#buy: data-whop-checkout-theme-accent-color="red" is invalid');
    expect(messages[2]).toContain('data-whop-checkout-locale="en US"');
    expect(messages[3]).toContain('data-whop-checkout-prefill-email="not an email"');
    expect(messages[4]).toContain('data-whop-checkout-affiliate-code="a b"');
  });

  it("mounts nothing for a bad or missing id, keeps the fallback and names the element", async () => {
    const empty = container({ "plan-id": "" }, "empty");
    empty.innerHTML = '<a href="/buy">Buy</a>';
    const bad = container({ "plan-id": "plan_abc", "session-id": "sess_1" });
    document.body.append(empty, bad);
    const { mount } = await loadLoader();
    const detached = document.body.appendChild(document.createElement("section"));
    expect(mount(detached, { theme: "dark" })).toBeNull();

    expect(document.querySelectorAll("iframe")).toHaveLength(0);
    expect(empty.querySelector("a")).not.toBeNull();
    await vi.waitFor(() => expect(loaderErrors(errors)).toHaveLength(3));
    const messages = loaderErrors(errors);
    expect(messages[0]).toBe(
      '#empty: data-whop-checkout-plan-id="" is invalid (expected to match /^plan_[A-Za-z0-9]{1,64}$/); nothing was mounted.',
    );
    expect(messages[1]).toContain('<div>: data-whop-checkout-session-id="sess_1" is invalid');
    expect(messages[2]).toContain('<section>: data-whop-checkout-plan-id="" is invalid');
    // Rejected elements are not reported again on every later change of the page.
    document.body.append(document.createElement("p"));
    await tick();
    expect(loaderErrors(errors)).toHaveLength(3);
  });

  it("takes the same settings as camelCase options in mount()", async () => {
    const { mount } = await loadLoader();
    const div = document.body.appendChild(document.createElement("div"));
    const handle = mount(div, {
      planId: "plan_abc",
      themeAccentColor: "00aa11",
      hidePrice: true,
      hideTos: false,
      prefillName: "Ana",
      origin: "https://checkout.example",
    });
    expect(handle?.iframe.src.startsWith("https://checkout.example/embed/checkout?")).toBe(true);
    const { channel, origin, ...rest } = paramsOf(handle!.iframe);
    expect(rest).toEqual({ plan: "plan_abc", accent: "00aa11", hide_price: "1", name: "Ana" });
  });
});
