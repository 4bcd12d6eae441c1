// The merchant pages and steps the loader's browser tests share.
import { DEMO } from "../../src/server/seed.ts";
import { type checkoutFrame, expect, fillCard, type RecordedEvent } from "./fixtures.ts";

export const PLAN = DEMO.oneTimePlan;

/** A merchant page that loads the loader in its head. */
export const hostPage = (body: string, head = "") =>
  `<!doctype html><html><head><meta charset="utf-8"><script src="%CHECKOUT_ORIGIN%/loader.js"></script>${head}</head><body>${body}</body></html>`;

export const completeEvents = (events: RecordedEvent[]) =>
  events.filter((event) => event.type === "whop-checkout:complete");

/** Pays with the test card that succeeds and waits for the checkout's confirmation. */
export async function pay(frame: ReturnType<typeof checkoutFrame>, email: string) {
  await fillCard(frame, { email, number: "4242 4242 4242 4242" });
  await frame.getByRole("button", { name: /^Pay / }).click();
  await expect(frame.getByTestId("success")).toBeVisible();
}
