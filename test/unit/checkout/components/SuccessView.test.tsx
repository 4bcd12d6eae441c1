import { render } from "preact";
import { act } from "preact/test-utils";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { NAVIGATION_WAIT, SuccessView } from "../../../../src/checkout/components/SuccessView.tsx";
import { createCheckoutModel } from "../../../../src/checkout/models/CheckoutModel.ts";
import type { EmbedConfig, PaymentResult, ReceiptView } from "../../../../src/protocol/index.ts";
import { config } from "../models/fake-platform.ts";
import { useEnglish } from "../setup.ts";

beforeAll(useEnglish);
afterEach(() => vi.useRealTimers());

/** The confirmation of a purchase answered with `redirect_url`, rendered with `overrides`. */
function renderSuccess(
  redirect_url: string | null,
  overrides: Partial<EmbedConfig> = {},
  receipt: Partial<ReceiptView> = {},
) {
  vi.useFakeTimers();
  const model = createCheckoutModel(config(overrides));
  model.result.value = {
    payment: { plan_id: "plan_T1" },
    receipt: {
      id: "r_1",
      amount: 4900,
      currency: "usd",
      email: "ana@example.com",
      email_status: "pending",
      ...receipt,
    },
    redirect_url,
  } as PaymentResult;
  const root = document.createElement("div");
  act(() => render(<SuccessView model={model} />, root));
  return { root, text: () => root.textContent ?? "" };
}

describe("the confirmation", () => {
  it("says the buyer is taken onward while the page is about to navigate", () => {
    const { text } = renderSuccess("https://shop.example/thanks");
    expect(text()).toContain("Taking you onward…");
    expect(text()).toContain("r_1");
  });

  it("stops saying so when the frame is still there a moment later (the page stayed)", () => {
    const { text } = renderSuccess("https://shop.example/thanks");
    act(() => {
      vi.advanceTimersByTime(NAVIGATION_WAIT - 1);
    });
    expect(text()).toContain("Taking you onward…");
    act(() => {
      vi.advanceTimersByTime(1);
    });
    expect(text()).not.toContain("Taking you onward…");
    // The receipt stays.
    expect(text()).toContain("r_1");
  });

  it("never says so with skip-redirect, or without a redirect URL", () => {
    expect(
      renderSuccess("https://shop.example/thanks", { skipRedirect: true }).text(),
    ).not.toContain("onward");
    expect(renderSuccess(null).text()).not.toContain("onward");
  });

  it("says the receipt is on its way only when the platform emails it", () => {
    expect(renderSuccess(null).text()).toContain(
      "$49.00 paid. A receipt is on its way to ana@example.com.",
    );
    const kept = renderSuccess(null, {}, { email_status: "held" }).text();
    expect(kept).toContain(
      "$49.00 paid by ana@example.com. No receipt email is sent, so keep the receipt number below.",
    );
    expect(kept).not.toContain("on its way");
  });
});
