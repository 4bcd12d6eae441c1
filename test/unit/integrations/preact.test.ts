import { createElement as ph, render as preactRender } from "preact";
import { act as preactAct } from "preact/test-utils";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CheckoutEmbed as PreactCheckoutEmbed } from "../../../integrations/preact.ts";
import { complete, iframeParams, ORIGIN } from "./support.ts";

let host: HTMLElement;
beforeEach(() => {
  host = document.createElement("div");
  document.body.append(host);
});
afterEach(() => {
  host.remove();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("Preact CheckoutEmbed", () => {
  it("mounts, reports completion and unmounts cleanly", async () => {
    const onComplete = vi.fn();
    await preactAct(() => {
      preactRender(
        ph(PreactCheckoutEmbed, { planId: "plan_abc", origin: ORIGIN, class: "buy", onComplete }),
        host,
      );
    });
    const container = host.querySelector<HTMLElement>("div.buy")!;
    const params = iframeParams(container)!;
    expect(params.get("planId")).toBe("plan_abc");
    expect(params.has("class")).toBe(false);
    expect(params.has("onComplete")).toBe(false);
    container.dispatchEvent(
      new CustomEvent("whop-checkout:complete", { detail: complete, cancelable: true }),
    );
    expect(onComplete).toHaveBeenCalledWith(complete, expect.any(CustomEvent));
    await preactAct(() => preactRender(null, host));
    expect(host.querySelector("iframe")).toBeNull();
  });
});
