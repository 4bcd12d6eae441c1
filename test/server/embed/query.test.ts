import { describe, expect, it } from "vitest";
import { readEmbedQuery, resolveReturnUrl } from "../../../src/server/embed/query.ts";

const HOST = "https://shop.example";

describe("embed settings, as the checkout origin reads them", () => {
  it("reads every setting the loader forwards, under its option name", () => {
    const config = readEmbedQuery(
      new URLSearchParams({
        planId: "plan_A1",
        sessionId: "ch_B2",
        theme: "dark",
        themeAccentColor: "#0A7CFF",
        themeBackgroundColor: "#FFF",
        themeBorderRadius: "12px",
        themeHighContrast: "",
        themeButtonText: " Unlock results ",
        themeFont: "serif",
        locale: "pt-BR",
        prefillEmail: "a@b.co",
        prefillName: " Ada ",
        prefillAddressLine1: "1 Main St",
        prefillAddressLine2: "Apt 4",
        prefillAddressCity: "Springfield",
        prefillAddressState: "IL",
        prefillAddressPostalCode: "62701",
        prefillAddressCountry: "us",
        prefillShippingName: "Ada L",
        prefillShippingAddressLine1: "2 Side St",
        prefillShippingAddressLine2: "Unit 9",
        prefillShippingAddressCity: "Toronto",
        prefillShippingAddressState: "ON",
        prefillShippingAddressPostalCode: "M5V 3L9",
        prefillShippingAddressCountry: "CA",
        collectAddress: "",
        collectShipping: "true",
        collectPhoneNumbers: "true",
        hideAddress: "",
        hideEmail: "",
        disableEmail: "true",
        promoCode: "LAUNCH20",
        hidePrice: "",
        hideSubmitButton: "true",
        hideTos: "",
        affiliateCode: "creator-7",
        returnUrl: "/thanks?from=embed",
        identifier: "main",
        onComplete: "bought",
        onStateChange: "changed",
        skipRedirect: "",
        skipUtm: "true",
        utm_source: "news",
        utm_campaign: "spring",
        channel: "1,2,3,4",
        origin: HOST,
      }),
    );
    expect(config).toEqual({
      planId: "plan_A1",
      sessionId: "ch_B2",
      // The background colour decides the palette: white wants the light one.
      theme: "light",
      style: {
        "--accent": "#0a7cff",
        "--accent-text": "#111318",
        "--bg": "#ffffff",
        "--muted": "var(--text)",
        "--border": "var(--text)",
        "--radius": "12px",
        "--font": expect.stringMatching(/^ui-serif, /),
      },
      themeButtonText: "Unlock results",
      prefillEmail: "a@b.co",
      prefillName: "Ada",
      details: { address: true, shipping: true, phone: true },
      prefillDetails: {
        "billing_address.line1": "1 Main St",
        "billing_address.line2": "Apt 4",
        "billing_address.city": "Springfield",
        "billing_address.state": "IL",
        "billing_address.postal_code": "62701",
        country: "US",
        "shipping_address.name": "Ada L",
        "shipping_address.line1": "2 Side St",
        "shipping_address.line2": "Unit 9",
        "shipping_address.city": "Toronto",
        "shipping_address.state": "ON",
        "shipping_address.postal_code": "M5V 3L9",
        "shipping_address.country": "CA",
      },
      hideAddress: true,
      country: "US",
      hideEmail: true,
      disableEmail: true,
      promoCode: "LAUNCH20",
      hidePrice: true,
      hideSubmitButton: true,
      hideTos: true,
      affiliateCode: "creator-7",
      returnUrl: `${HOST}/thanks?from=embed`,
      skipRedirect: true,
      utm: { utm_source: "news", utm_campaign: "spring" },
      channel: "1,2,3,4",
      origin: HOST,
      warnings: [],
    });
  });

  it("uses defaults when nothing is set, and accepts `session` for a session-only embed", () => {
    const config = readEmbedQuery(`?session=ch_Only1&origin=${HOST}`);
    expect(config).toMatchObject({
      planId: null,
      sessionId: "ch_Only1",
      theme: "system",
      style: {},
      themeButtonText: null,
      prefillEmail: "",
      prefillName: "",
      details: null,
      prefillDetails: {},
      hideAddress: false,
      country: "US",
      hideEmail: false,
      disableEmail: false,
      promoCode: null,
      hidePrice: false,
      hideSubmitButton: false,
      hideTos: false,
      affiliateCode: null,
      returnUrl: null,
      skipRedirect: false,
      warnings: [],
    });
  });

  it("drops each bad value with one warning naming the attribute and what applies instead", () => {
    const config = readEmbedQuery(
      "?planId=plan_A1&theme=neon&themeAccentColor=red&locale=xx-YY&prefillEmail=nope" +
        "&affiliateCode=a%20b&returnUrl=javascript:alert(1)&sessionId=sess_1",
    );
    expect(config).toMatchObject({
      planId: "plan_A1",
      sessionId: null,
      theme: "system",
      style: {},
      prefillEmail: "",
      affiliateCode: null,
      returnUrl: null,
    });
    expect(config.warnings).toEqual([
      'data-whop-checkout-session-id="sess_1" is not a checkout session id (ch_…).',
      'data-whop-checkout-theme="neon" is not light, dark or system; the default (system) applies.',
      'data-whop-checkout-theme-accent-color="red" is not a hex colour (#rgb or #rrggbb); the default accent applies.',
      `data-whop-checkout-locale="xx-YY" is not one of the checkout's languages (en, es, fr, de, it, nl, pl, tr, pt-BR, ja, ko, zh-CN, ar, he); the buyer's browser language applies.`,
      'data-whop-checkout-prefill-email="nope" is not an email address; the field starts empty.',
      'data-whop-checkout-affiliate-code="a b" must be 1 to 64 letters, digits, _ or -; no affiliate is credited.',
      `data-whop-checkout-return-url="javascript:alert(1)" is not an http(s) URL or a path; the platform's redirect setting applies.`,
    ]);
  });

  it("checks the appearance settings: colour or transparent, bounded radius and label, known fonts", () => {
    expect(readEmbedQuery("?planId=plan_A1&themeBackgroundColor=Transparent")).toMatchObject({
      style: { "--bg": "transparent" },
      warnings: [],
    });
    expect(readEmbedQuery("?planId=plan_A1&themeBorderRadius=0").style).toEqual({
      "--radius": "0px",
    });
    const bad = readEmbedQuery(
      "?planId=plan_A1&themeBackgroundColor=blue&themeBorderRadius=30px&themeFont=comic" +
        `&themeButtonText=${"x".repeat(41)}`,
    );
    expect(bad).toMatchObject({ style: {}, themeButtonText: null });
    expect(bad.warnings).toEqual([
      'data-whop-checkout-theme-background-color="blue" is not a hex colour (#rgb or #rrggbb) or transparent; the theme\'s background applies.',
      'data-whop-checkout-theme-border-radius="30px" is not a length from 0 to 24 px; the default (10px) applies.',
      `data-whop-checkout-theme-button-text="${"x".repeat(41)}" must be 1 to 40 characters of text; the default label applies.`,
      'data-whop-checkout-theme-font="comic" is not system, serif, mono or rounded; the default (system) applies.',
    ]);
    for (const label of ["", "   ", "<b>Pay</b>", "Pay\u0007"]) {
      const query = new URLSearchParams({ planId: "plan_A1", themeButtonText: label });
      expect(readEmbedQuery(query).themeButtonText).toBeNull();
    }
    for (const radius of ["-1", "1e1", "12em", "24.5"]) {
      const query = new URLSearchParams({ planId: "plan_A1", themeBorderRadius: radius });
      expect(readEmbedQuery(query).style).toEqual({});
    }
  });

  it("answers the platform embed's settings this checkout lacks with what to do instead", () => {
    const { warnings } = readEmbedQuery(
      "?planId=plan_A1&environment=sandbox&redirectUrl=/done&adaptivePricing=true" +
        "&setupFutureUsage=off_session&stateId=s1&wuid=w1&styleContainerPaddingTop=8",
    );
    expect(warnings).toEqual([
      'data-whop-checkout-environment="sandbox" is not supported by this checkout; it is ignored: there is one environment per checkout origin (test mode here); choose it with the loader\'s origin.',
      'data-whop-checkout-redirect-url="/done" is not supported by this checkout; it is ignored: use data-whop-checkout-return-url instead.',
      `data-whop-checkout-adaptive-pricing="true" is not supported by this checkout; it is ignored: prices show and are charged in the plan's own currency.`,
      'data-whop-checkout-setup-future-usage="off_session" is not supported by this checkout; it is ignored: payment methods are not saved for later charges.',
      'data-whop-checkout-state-id="s1" is not supported by this checkout; it is ignored: there is no redirect-based sign-in to resume.',
      'data-whop-checkout-wuid="w1" is not supported by this checkout; it is ignored: buyers are not tracked across sites.',
      'data-whop-checkout-style-container-padding-top="8" is not supported by this checkout; it is ignored: give the container element its padding on your page instead.',
    ]);
  });

  it("quotes at most 80 characters of a bad value", () => {
    const { warnings } = readEmbedQuery(`?planId=plan_A1&prefillName=${"x".repeat(500)}`);
    expect(warnings).toEqual([
      `data-whop-checkout-prefill-name="${"x".repeat(80)}…" must be 1 to 200 characters; the field starts empty.`,
    ]);
  });

  it("says when there is nothing to sell", () => {
    expect(readEmbedQuery("?theme=dark").warnings).toEqual([
      'Neither data-whop-checkout-plan-id="…" nor data-whop-checkout-session-id="…" is set: there is nothing to sell.',
    ]);
  });

  it("names unknown settings, with the likely intended one", () => {
    const { warnings } = readEmbedQuery("?planId=plan_A1&hidePrize=&colour=red");
    expect(warnings).toEqual([
      'data-whop-checkout-hide-prize="" is not a checkout setting; it is ignored. Did you mean data-whop-checkout-hide-price="…"?',
      'data-whop-checkout-colour="red" is not a checkout setting; it is ignored.',
    ]);
  });

  it("accepts 3-digit accents and languages by their base language", () => {
    const config = readEmbedQuery("?planId=plan_A1&themeAccentColor=0af&locale=es-MX");
    expect(config.style["--accent"]).toBe("#00aaff");
    expect(config.warnings).toEqual([]);
  });

  it("forwards at most 10 utm parameters of at most 200 characters", () => {
    const many = Array.from({ length: 12 }, (_, i) => `utm_k${"x".repeat(i)}=${"v".repeat(300)}`);
    const { utm, warnings } = readEmbedQuery(`?planId=plan_A1&${many.join("&")}`);
    expect(Object.keys(utm)).toHaveLength(10);
    expect(Object.values(utm).every((value) => value.length === 200)).toBe(true);
    expect(warnings).toEqual([]);
  });
});

describe("return URLs", () => {
  it("takes absolute http(s) URLs and paths on the page's origin, nothing else", () => {
    expect(resolveReturnUrl("https://else.example/done", HOST)).toBe("https://else.example/done");
    expect(resolveReturnUrl("/thanks", HOST)).toBe(`${HOST}/thanks`);
    for (const bad of [
      "javascript:alert(1)",
      "//evil.example/x",
      "thanks",
      "data:text/html,x",
      "",
    ]) {
      expect(resolveReturnUrl(bad, HOST)).toBeNull();
    }
    expect(resolveReturnUrl(`https://a.example/${"x".repeat(2100)}`, HOST)).toBeNull();
  });

  it.each([
    ["a backslash", "/\\evil.example/x"],
    ["a tab", "/\t/evil.example/x"],
    ["a line feed", "/\n/evil.example/x"],
    ["a carriage return", "/\r/evil.example/x"],
    ["a backslash then a slash", "/\\/evil.example/x"],
    ["a slash then a backslash", "//\\evil.example/x"],
  ])("refuses a path that URL parsing turns into another origin (%s)", (_, path) => {
    expect(new URL(path, HOST).origin).not.toBe(HOST);
    expect(resolveReturnUrl(path, HOST)).toBeNull();
    const { returnUrl, warnings } = readEmbedQuery(
      new URLSearchParams({ planId: "plan_A1", origin: HOST, returnUrl: path }),
    );
    expect(returnUrl).toBeNull();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^data-whop-checkout-return-url=".*" is not an http\(s\) URL or a path/s,
    );
  });

  it("keeps a path with a backslash further on, on the page's origin", () => {
    expect(resolveReturnUrl("/thanks\\again", HOST)).toBe(`${HOST}/thanks/again`);
  });
});
