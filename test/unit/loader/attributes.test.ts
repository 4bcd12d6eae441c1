import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { asAttribute, isSet, settingsOf } from "../../../loader/attributes.ts";
import { RESERVED_HEIGHT } from "../../../loader/mount.ts";
import { MAX_UTM_KEYS, MAX_UTM_VALUE } from "../../../src/settings.ts";
import {
  container,
  loaderErrorCalls,
  loaderErrors,
  loadLoader,
  paramsOf,
  resetPage,
  tick,
} from "./setup.ts";

// loader.js imports loader-api.js (its error sentences) from the checkout origin; the sources
// stand in for it.
vi.mock("/loader-api.js", () => import("../../../loader/api.ts"));

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  resetPage();
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** Mounts `attributes` on a fresh page and returns the iframe's query parameters. */
async function paramsFor(attributes: Record<string, string>) {
  const element = container(attributes);
  document.body.append(element);
  await loadLoader();
  return paramsOf(element.querySelector("iframe"));
}

/** The query parameters without the page's `origin` (the channel id is in the fragment). */
function settingsIn(params: Record<string, string>) {
  const { origin, ...rest } = params;
  expect(origin).toBe(location.origin);
  return rest;
}

describe("settings", () => {
  it("reads a container's data-whop-checkout-* attributes by option name", () => {
    const element = container({
      "plan-id": "plan_abc",
      "theme-accent-color": "red",
      "hide-tos": "",
    });
    element.setAttribute("data-other", "x");
    element.setAttribute("title", "Buy");
    expect(settingsOf(element)).toEqual({
      planId: "plan_abc",
      themeAccentColor: "red",
      hideTos: "",
    });
  });

  it("names options as the attributes they stand for, in console messages", () => {
    expect(asAttribute("themeAccentColor", "red")).toBe(
      'data-whop-checkout-theme-accent-color="red"',
    );
    expect(asAttribute("planId", "")).toBe('data-whop-checkout-plan-id=""');
  });

  it("treats a present attribute or `true` as a set flag, and false or absence as unset", () => {
    expect([true, "", "false", "1"].map(isSet)).toEqual([true, true, true, true]);
    expect([false, undefined, null].map(isSet)).toEqual([false, false, false]);
  });

  it("forwards every attribute unchanged under its option name, flags with their value", async () => {
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
      "return-url": "https://shop.example/thanks",
      identifier: "main",
      "on-complete": "thankBuyer",
      // Settings the loader does not know yet travel too; the checkout decides.
      "future-setting": "on",
    });
    expect(settingsIn(params)).toEqual({
      planId: "plan_abc",
      sessionId: "ch_xyz",
      theme: "dark",
      themeAccentColor: "#FF6243",
      locale: "pt-BR",
      prefillEmail: "buyer@example.com",
      prefillName: "Ana Souza",
      hidePrice: "",
      hideSubmitButton: "",
      hideTos: "true",
      affiliateCode: "partner_42",
      returnUrl: "https://shop.example/thanks",
      identifier: "main",
      onComplete: "thankBuyer",
      futureSetting: "on",
    });
    expect(loaderErrors(errors)).toEqual([]);
  });

  it("leaves the checking of optional values to the checkout: no loader error, value unchanged", async () => {
    const params = await paramsFor({
      "plan-id": "plan_abc",
      theme: "neon",
      "theme-accent-color": "red",
      locale: "en US",
      "prefill-email": "not an email",
    });
    expect(settingsIn(params)).toEqual({
      planId: "plan_abc",
      theme: "neon",
      themeAccentColor: "red",
      locale: "en US",
      prefillEmail: "not an email",
    });
    expect(loaderErrors(errors)).toEqual([]);
  });

  it("passes only the settings that were given (defaults are the checkout's)", async () => {
    const element = container({ "plan-id": "plan_abc" });
    element.setAttribute("data-other", "x");
    element.className = "checkout";
    document.body.append(element);
    await loadLoader();
    expect(settingsIn(paramsOf(element.querySelector("iframe")))).toEqual({ planId: "plan_abc" });
  });

  it("accepts `session` as an alias of `session-id`, and a session without a plan", async () => {
    expect((await paramsFor({ "plan-id": "plan_abc", session: "ch_alias" })).session).toBe(
      "ch_alias",
    );
    resetPage();
    const { mount } = await loadLoader();
    const div = document.body.appendChild(document.createElement("div"));
    expect(mount(div, { sessionId: "ch_only" })).not.toBeNull();
    expect(settingsIn(paramsOf(div.querySelector("iframe")))).toEqual({ sessionId: "ch_only" });
  });

  it("forwards only the utm_* parameters the checkout origin keeps, cut to their length", async () => {
    const keys = Array.from({ length: 12 }, (_, index) => `utm_k${"x".repeat(index)}`);
    const page = new URLSearchParams([
      ["utm_source", "s".repeat(20_000)],
      ["utm_BAD", "no"],
      [`utm_${"a".repeat(40)}`, "too long a key"],
      ...keys.map((key) => [key, "v"]),
    ]);
    history.replaceState(null, "", `/?${page}`);
    const params = await paramsFor({ "plan-id": "plan_abc" });
    const utm = Object.keys(params).filter((key) => key.startsWith("utm_"));
    expect(utm).toEqual(["utm_source", ...keys.slice(0, MAX_UTM_KEYS - 1)]);
    expect(params.utm_source).toBe("s".repeat(MAX_UTM_VALUE));
  });

  it("forwards the page's utm_* parameters unless skip-utm is set", async () => {
    history.replaceState(null, "", "/?utm_source=news&utm_campaign=fall&ref=x");
    const params = await paramsFor({ "plan-id": "plan_abc" });
    expect(params).toMatchObject({ utm_source: "news", utm_campaign: "fall" });
    expect(params.ref).toBeUndefined();

    resetPage();
    history.replaceState(null, "", "/?utm_source=news");
    expect((await paramsFor({ "plan-id": "plan_abc", "skip-utm": "" })).utm_source).toBeUndefined();

    const { mount } = await loadLoader();
    const skipped = document.body.appendChild(document.createElement("div"));
    const kept = document.body.appendChild(document.createElement("div"));
    mount(skipped, { planId: "plan_abc", skipUtm: true });
    mount(kept, { planId: "plan_abc", skipUtm: false });
    expect(paramsOf(skipped.querySelector("iframe")).utm_source).toBeUndefined();
    expect(paramsOf(kept.querySelector("iframe")).utm_source).toBe("news");
  });

  it("mounts nothing for a malformed id, keeps the fallback and names attribute and element", async () => {
    const empty = container({ "plan-id": "" });
    empty.innerHTML = '<a href="/buy">Buy</a>';
    const badSession = container({ "plan-id": "plan_abc", "session-id": "sess_1" });
    document.body.append(empty, badSession);
    const { mount, embeds } = await loadLoader();
    const section = document.body.appendChild(document.createElement("section"));
    expect(mount(section, { planId: "nope", theme: "dark" })).toBeNull();

    expect(document.querySelectorAll("iframe")).toHaveLength(0);
    expect(empty.querySelector("a")).not.toBeNull();
    // Put in words by loader-api.js: at once for mount(), once imported for the attributes
    // (whichever comes first).
    await vi.waitFor(() => expect(loaderErrorCalls(errors)).toHaveLength(3));
    expect(loaderErrorCalls(errors)).toEqual(
      expect.arrayContaining([
        ['data-whop-checkout-plan-id="nope" is not a valid id; nothing was mounted.', section],
        ['data-whop-checkout-plan-id="" is not a valid id; nothing was mounted.', empty],
        [
          'data-whop-checkout-session-id="sess_1" is not a valid id; nothing was mounted.',
          badSession,
        ],
      ]),
    );
    expect(embeds.get(empty)).toBeNull();

    // Rejected elements are not reported again on every later change of the page…
    document.body.append(document.createElement("p"));
    await tick();
    expect(loaderErrors(errors)).toHaveLength(3);

    // …and mount once their id is fixed.
    empty.setAttribute("data-whop-checkout-plan-id", "plan_fixed");
    await tick();
    expect(paramsOf(empty.querySelector("iframe")).planId).toBe("plan_fixed");
    expect(loaderErrors(errors)).toHaveLength(3);
  });

  it("mounts without any id and leaves saying why to the checkout", async () => {
    const { mount } = await loadLoader();
    const div = document.body.appendChild(document.createElement("div"));
    const handle = mount(div, { theme: "dark" });
    expect(handle).not.toBeNull();
    expect(settingsIn(paramsOf(div.querySelector("iframe")))).toEqual({ theme: "dark" });
    expect(errors).not.toHaveBeenCalled();
  });

  it('forwards mount() options as they are: strings, `true` as "true", nothing else', async () => {
    const { mount } = await loadLoader();
    const div = document.body.appendChild(document.createElement("div"));
    const options = {
      planId: "plan_abc",
      themeAccentColor: "00aa11",
      hidePrice: true,
      hideTos: false,
      prefillName: "Ana",
      prefillEmail: undefined,
      onComplete: () => {},
      onStateChange: "trackState",
      origin: "https://checkout.example",
    };
    const handle = mount(div, options)!;
    expect(handle.iframe.src.startsWith("https://checkout.example/embed/checkout?")).toBe(true);
    // `origin` is the checkout's; the parameter of that name is the page's own.
    expect(settingsIn(paramsOf(handle.iframe))).toEqual({
      planId: "plan_abc",
      themeAccentColor: "00aa11",
      hidePrice: "true",
      prefillName: "Ana",
      onStateChange: "trackState",
    });
    expect(handle.settings).toEqual(options);
  });

  it("builds a sandboxed iframe sized by attributes, never by inline style", async () => {
    const { mount } = await loadLoader();
    const div = document.body.appendChild(document.createElement("div"));
    div.innerHTML = "<p>Loading…</p>";
    const { iframe } = mount(div, { planId: "plan_abc" })!;
    // Unseen, before the fallback content, until the checkout says hello.
    expect([...div.children]).toEqual([iframe, div.querySelector("p")]);
    expect(iframe.hidden).toBe(true);
    const sandbox = iframe.getAttribute("sandbox")!.split(" ");
    expect(sandbox).toEqual(expect.arrayContaining(["allow-scripts", "allow-forms"]));
    expect(sandbox).not.toContain("allow-top-navigation");
    expect(iframe.getAttribute("title")).toBe("Checkout");
    expect(iframe.getAttribute("width")).toBe("100%");
    expect(iframe.getAttribute("height")).toBe(String(RESERVED_HEIGHT));
    expect(iframe.frameBorder).toBe("0");
    expect(iframe.hasAttribute("scrolling")).toBe(false);
    expect(iframe.hasAttribute("style")).toBe(false);
  });
});
