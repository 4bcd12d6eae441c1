import AxeBuilder from "@axe-core/playwright";
import type { FrameLocator, Page } from "@playwright/test";
import { expect, origins } from "./fixtures.ts";

/** Shipped: the plan itself asks for a shipping address and a phone number. */
export const JOURNAL = "plan_DemoJournal01";

/** Opens the checkout page itself (what the iframe loads) with embed query parameters. */
export async function openCheckout(page: Page, query: Record<string, string>) {
  const url = `${origins().checkout}/embed/checkout?${new URLSearchParams(query)}`;
  await page.goto(url);
  await expect(page.locator("#app")).not.toHaveAttribute("aria-busy", "true");
}

/** Fails with the list of axe-core violations (WCAG 2.x A and AA plus best practices). */
export async function expectNoAxeViolations(page: Page, state: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (violation) =>
      `${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).join(", ")})`,
  );
  expect(summary, `axe violations in the ${state} state`).toEqual([]);
}

export interface CardDetails {
  email?: string;
  number: string;
  expiry?: string;
  cvc?: string;
  name?: string;
}

/** Fills the payment form (the page or an iframe) with labels as a buyer sees them. */
export async function fillPayment(scope: Page | FrameLocator, card: CardDetails) {
  await scope.getByLabel("Email").fill(card.email ?? "buyer@example.com");
  await scope.getByLabel("Card number").fill(card.number);
  await scope.getByLabel("Expiry (MM / YY)").fill(card.expiry ?? "12/34");
  await scope.getByLabel("Security code").fill(card.cvc ?? "123");
  await scope.getByLabel("Name on card").fill(card.name ?? "Test Buyer");
}

export const uniqueEmail = (label: string) =>
  `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
