import { uniqueEmail } from "./checkout-helpers.ts";
import { checkoutFrame, expect, queryDb, recordEvents, test } from "./fixtures.ts";

const page = (attributes: string) => `<!doctype html><html><head>
<script src="%CHECKOUT_ORIGIN%/loader.js"></script>
<script>addEventListener("whop-checkout:complete", (event) => event.preventDefault());</script>
</head><body><div id="checkout" data-whop-checkout-plan-id="plan_DemoOneTime01" ${attributes}></div></body></html>`;

test("the loader's attributes reach the checkout and the payment", async ({ page: tab, host }) => {
  const email = uniqueEmail("embed");
  const { events } = await recordEvents(tab);
  const url = host.page(
    "/embed-attributes.html",
    page(`data-whop-checkout-theme="dark" data-whop-checkout-theme-accent-color="#0a7cff"
      data-whop-checkout-locale="fr" data-whop-checkout-prefill-email="${email}"
      data-whop-checkout-prefill-name="Ada Lovelace" data-whop-checkout-hide-price
      data-whop-checkout-affiliate-code="creator-7"`),
  );
  await tab.goto(`${url}?utm_source=newsletter&utm_medium=email`);
  const frame = checkoutFrame(tab);
  await expect(frame.locator("html")).toHaveAttribute("lang", "fr");
  await expect(frame.getByLabel("E-mail", { exact: true })).toHaveValue(email);
  await expect(frame.getByLabel("Nom sur la carte")).toHaveValue("Ada Lovelace");
  await expect(frame.getByTestId("price")).toHaveCount(0);
  const pay = frame.getByTestId("pay");
  await expect(pay).toHaveCSS("background-color", "rgb(10, 124, 255)");
  await frame.getByLabel("Numéro de carte").fill("4242424242424242");
  await frame.getByLabel("Expiration (MM / AA)").fill("1234");
  await frame.getByLabel("Code de sécurité").fill("123");
  await pay.click();
  await expect(frame.getByRole("heading", { name: "Paiement réussi" })).toBeVisible();
  await expect.poll(() => events.some((e) => e.type === "whop-checkout:complete")).toBe(true);
  const rows = queryDb<{ utm: string; affiliate_code: string }>(
    "SELECT utm, affiliate_code FROM payments WHERE email = ?",
    email,
  );
  expect(JSON.parse(rows[0]!.utm)).toEqual({ utm_source: "newsletter", utm_medium: "email" });
  expect(rows[0]!.affiliate_code).toBe("creator-7");
});

test("with the pay button hidden, the host page submits through the loader", async ({
  page: tab,
  host,
}) => {
  const email = uniqueEmail("hidden-submit");
  await tab.goto(
    host.page(
      "/embed-hidden-submit.html",
      page(
        `data-whop-checkout-hide-submit-button data-whop-checkout-identifier="main" data-whop-checkout-prefill-email="${email}"`,
      ),
    ),
  );
  const frame = checkoutFrame(tab);
  await expect(frame.getByLabel("Email")).toHaveValue(email);
  await expect(frame.getByTestId("pay")).toHaveCount(0);
  await frame.getByLabel("Card number").fill("4242424242424242");
  await frame.getByLabel("Expiry (MM / YY)").fill("1234");
  await frame.getByLabel("Security code").fill("123");
  await frame.getByLabel("Name on card").fill("Host Submit");
  await tab.evaluate(() =>
    (
      window as unknown as { WhopCheckout: { submit(id: string): Promise<void> } }
    ).WhopCheckout.submit("main"),
  );
  await expect(frame.getByTestId("success")).toBeVisible();
});

test("the checkout says hello with the channel id of its URL's fragment, or of its query (loaders from before)", async ({
  page: tab,
  host,
}) => {
  // A page framing the checkout itself, as each loader version does, and noting each hello.
  const url = host.page(
    "/handshake.html",
    `<!doctype html><html><head><script>
      window.hellos = [];
      addEventListener("message", (event) => hellos.push(event.data.channel));
      const framed = (search, hash) => {
        const iframe = document.createElement("iframe");
        iframe.src = "%CHECKOUT_ORIGIN%/embed/checkout?planId=plan_DemoOneTime01&origin=" +
          encodeURIComponent(location.origin) + search + hash;
        document.documentElement.append(iframe);
      };
      framed("", "#1,2,3,4");
      framed("&channel=5,6,7,8", "");
    </script></head><body></body></html>`,
  );
  await tab.goto(url);
  await expect
    .poll(() => tab.evaluate(() => (window as unknown as { hellos: string[] }).hellos.sort()))
    .toEqual(["1,2,3,4", "5,6,7,8"]);
});
