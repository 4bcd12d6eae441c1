import { checkoutFrame, expect, frameOf, origins, recordEvents, test } from "./fixtures.ts";

const backgroundOf = (frame: import("@playwright/test").FrameLocator) =>
  frame.locator("body").evaluate((body) => getComputedStyle(body).backgroundColor);

test("every demo page is linked from the navigation and loads", async ({ page }) => {
  const { demo } = origins();
  await page.goto(`${demo}/`);
  const links = await page.getByRole("navigation", { name: "Demo pages" }).getByRole("link").all();
  expect(links.length).toBeGreaterThanOrEqual(5);
  for (const href of await Promise.all(links.map((link) => link.getAttribute("href")))) {
    const response = await page.request.get(`${demo}${href}`);
    expect(response.status(), href!).toBe(200);
    expect(await response.text()).not.toContain("%CHECKOUT_ORIGIN%");
  }
});

test("the pricing page shows three plans side by side, each sized to its content", async ({
  page,
}) => {
  const { demo } = origins();
  const { events } = await recordEvents(page);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`${demo}/pricing.html`);
  await expect
    .poll(() => events.filter((event) => event.type === "whop-checkout:ready").length)
    .toBe(3);
  await expect(
    checkoutFrame(page, ".pricing section:nth-child(1) .embed").getByTestId("price"),
  ).toContainText("/ month");
  await expect(
    checkoutFrame(page, ".pricing section:nth-child(2) .embed").getByTestId("price"),
  ).toContainText("free trial");
  await expect(
    checkoutFrame(page, ".pricing section:nth-child(3) .embed").getByTestId("price"),
  ).toHaveText("$49.00");
  const boxes = await Promise.all(
    [1, 2, 3].map((n) => page.locator(`.pricing section:nth-child(${n})`).boundingBox()),
  );
  // Side by side: one row, left to right.
  expect(new Set(boxes.map((box) => Math.round(box!.y))).size).toBe(1);
  expect(boxes[0]!.x).toBeLessThan(boxes[1]!.x);
  expect(boxes[1]!.x).toBeLessThan(boxes[2]!.x);
});

test("the dark page renders the checkout dark from the first paint", async ({ page }) => {
  const { demo } = origins();
  await page.goto(`${demo}/dark.html`);
  const frame = checkoutFrame(page);
  await expect(frame.getByTestId("price")).toContainText("/ month");
  await expect(frame.locator("html")).toHaveAttribute("data-theme", "dark");
  expect(await backgroundOf(frame)).toBe("rgb(17, 18, 22)");
});

test("the system page follows the visitor's colour scheme", async ({ page }) => {
  const { demo } = origins();
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto(`${demo}/system.html`);
  const frame = checkoutFrame(page);
  await expect(frame.getByLabel("Email")).toBeVisible();
  expect(await backgroundOf(frame)).toBe("rgb(17, 18, 22)");
  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(() => backgroundOf(frame)).toBe("rgb(255, 255, 255)");
});

type Ports = { __portData: string[] };

/** Records every message that reaches the page over a MessagePort (run in the page). */
function recordPortData() {
  const data: string[] = [];
  (window as unknown as Ports).__portData = data;
  const onmessage = Object.getOwnPropertyDescriptor(MessagePort.prototype, "onmessage")!;
  Object.defineProperty(MessagePort.prototype, "onmessage", {
    ...onmessage,
    set(this: MessagePort, listener: (event: MessageEvent) => void) {
      onmessage.set!.call(this, (event: MessageEvent) => {
        data.push(JSON.stringify(event.data));
        listener(event);
      });
    },
  });
}

test("the single-page-app page adds, moves, re-themes and removes live embeds", async ({
  page,
}) => {
  const { demo, checkout } = origins();
  const { events } = await recordEvents(page);
  await page.addInitScript(recordPortData);
  await page.goto(`${demo}/spa.html`);
  await page.getByRole("button", { name: "Add a checkout" }).click();
  await page.getByRole("button", { name: "Add a checkout" }).click();
  await expect(page.locator("#count")).toHaveText("2 checkouts on the page");
  await expect(page.locator("#slots iframe")).toHaveCount(2);
  await expect
    .poll(() => events.filter((event) => event.type === "whop-checkout:ready").length)
    .toBe(2);

  // Re-theming talks to the live checkout: no reload, the same document turns dark.
  const firstFrame = checkoutFrame(page, "#slots > :first-child");
  await firstFrame.getByLabel("Email").fill("kept@example.com");
  await page.getByRole("button", { name: "Toggle light / dark" }).click();
  await expect(firstFrame.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(firstFrame.getByLabel("Email")).toHaveValue("kept@example.com");

  // A moved embed still works: the browser reloads a moved iframe and the bridge reconnects.
  // It keeps the theme set live (its URL still says light) and what the buyer typed, but
  // never card data: the card number is empty after the reload, and was never stored.
  await firstFrame.getByLabel("Name on card").fill("Ana Kept");
  await firstFrame.getByLabel("Country or region").selectOption("DE");
  await firstFrame.getByLabel("Card number").fill("4242 4242 4242 4242");
  await page.getByRole("button", { name: "Move the first to the end" }).click();
  const moved = checkoutFrame(page, "#slots > :last-child");
  await expect(moved.getByLabel("Card number")).toHaveValue("");
  await expect(moved.locator("html")).toHaveAttribute("data-theme", "dark");
  await expect(moved.getByLabel("Email")).toHaveValue("kept@example.com");
  await expect(moved.getByLabel("Name on card")).toHaveValue("Ana Kept");
  await expect(moved.getByLabel("Country or region")).toHaveValue("DE");
  // Everything the checkouts sent the page: the typed email (held by the loader) but no card data.
  const received = await page.evaluate(() => (window as unknown as Ports).__portData.join("\n"));
  expect(received).toContain('"type":"keep","email":"kept@example.com"');
  expect(received).not.toMatch(/4242|cardNumber|expiry|cvc/);
  // The other embed was not moved: its form and theme are its own.
  const other = checkoutFrame(page, "#slots > :first-child");
  await expect(other.getByLabel("Email")).toHaveValue("");
  await expect(other.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.getByRole("button", { name: "Toggle light / dark" }).click();
  await expect(moved.locator("html")).toHaveAttribute("data-theme", "light");
  // A theme set while a moved checkout reloads reaches the reloaded one.
  await page.evaluate(() => {
    const slots = document.getElementById("slots")!;
    const first = slots.firstElementChild as HTMLElement;
    slots.append(first);
    first.dataset.whopCheckoutTheme = "system";
  });
  const last = checkoutFrame(page, "#slots > :last-child");
  await expect(last.locator("html")).toHaveAttribute("data-theme", "system");
  await expect(last.getByLabel("Email")).toBeVisible();

  await page.getByRole("button", { name: "Remove the last" }).click();
  await page.getByRole("button", { name: "Remove the last" }).click();
  await expect(page.locator("#count")).toHaveText("0 checkouts on the page");
  await expect(page.locator("iframe")).toHaveCount(0);
  expect(page.frames().filter((frame) => frame.url().startsWith(checkout))).toHaveLength(0);
});

test("the strict-CSP page is served with the policy and the checkout works with no violation", async ({
  page,
}) => {
  const { demo, checkout } = origins();
  const response = await page.goto(`${demo}/strict-csp.html`);
  const policy = response!.headers()["content-security-policy"]!;
  expect(policy).toContain(`script-src 'self' ${checkout}`);
  expect(policy).toContain(`frame-src ${checkout}`);
  expect(policy).toContain("style-src 'self'");
  expect(policy).not.toContain("unsafe-inline");
  const frame = checkoutFrame(page);
  await expect(frame.getByLabel("Email")).toBeVisible();
  await expect.poll(() => frameOf(page, checkout)?.url()).toContain("/embed/checkout");
  // The open() dialog is styled all the same (a constructed stylesheet needs no exception).
  await page.getByRole("button", { name: "Or buy in a dialog" }).click();
  await expect(checkoutFrame(page, "dialog").getByLabel("Email")).toBeVisible();
  await expect(page.locator("dialog > div")).toHaveCSS("border-radius", "16px");
  await page.getByRole("dialog").getByRole("button", { name: "Close" }).click();
  await expect(page.locator("#result")).toHaveAttribute("data-status", "error");
  await expect(page.locator("#violations")).toHaveText("0");
});

test("the shipped-product page fills in and reads the billing address, then pays with both addresses", async ({
  page,
}) => {
  await page.goto(`${origins().demo}/shipping.html`);
  const frame = checkoutFrame(page);
  const shipping = frame.getByRole("group", { name: "Shipping address" });
  await expect(shipping.getByLabel("Full name")).toHaveValue("Ana Souza");
  await page.getByRole("button", { name: "Read the billing address" }).click();
  await expect(page.locator("#address-status")).toHaveText("Not complete yet: US.");
  await page.getByRole("button", { name: "Use Ana's billing address" }).click();
  await expect(frame.getByLabel("Name on card")).toHaveValue("Ana Souza");
  await page.getByRole("button", { name: "Read the billing address" }).click();
  await expect(page.locator("#address-status")).toHaveText(
    "Complete: Avenida Paulista, 1578, São Paulo, 01310-200, BR.",
  );
  await frame.getByLabel("Email").fill("ana@example.com");
  await frame.getByLabel("Card number").fill("4242424242424242");
  await frame.getByLabel("Expiry (MM / YY)").fill("1234");
  await frame.getByLabel("Security code").fill("123");
  await shipping.getByLabel("Address line 1").fill("Rua Augusta, 500");
  await shipping.getByLabel("City").fill("São Paulo");
  await shipping.getByLabel("State or region").fill("SP");
  await shipping.getByLabel("Postal code").fill("0130");
  await frame.getByLabel("Phone number").fill("11 91234 5678");
  await frame.getByLabel("Phone number").press("Enter");
  await expect(page.locator('#event-log [data-event="address-validation-error"]')).toContainText(
    "shipping_address.postal_code",
  );
  await shipping.getByLabel("Postal code").fill("01305-000");
  await frame.getByTestId("pay").click();
  await expect(frame.getByTestId("success")).toBeVisible();
});
