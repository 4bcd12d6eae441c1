import { afterEach, describe, expect, it, vi } from "vitest";
import { createEmbedController } from "../../../integrations/controller.ts";
import { embeds } from "../../../loader/mount.ts";
import { complete, iframeParams, ORIGIN, recordChannelMessages } from "./support.ts";

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const fire = (element: HTMLElement, type: string, detail: unknown) =>
  element.dispatchEvent(new CustomEvent(`whop-checkout:${type}`, { detail, cancelable: true }));

describe("the components' controller", () => {
  it("routes each event to the callback of the latest options, and stops on destroy", () => {
    const element = document.body.appendChild(document.createElement("div"));
    const callbacks = () => ({
      onComplete: vi.fn(),
      onStateChange: vi.fn(),
      onError: vi.fn(),
      onReady: vi.fn(),
      onPromoCodeChanged: vi.fn(),
      onEmailCaptured: vi.fn(),
    });
    const first = callbacks();
    const latest = callbacks();
    const controller = createEmbedController(element, {
      planId: "plan_abc",
      origin: ORIGIN,
      ...first,
    });
    controller.update({ planId: "plan_abc", origin: ORIGIN, ...latest });

    fire(element, "complete", complete);
    fire(element, "state", { state: "idle" });
    fire(element, "error", { code: "card_declined", message: "No" });
    fire(element, "ready", {});
    const promo = { code: "LAUNCH20", total: 3920, currency: "usd" };
    fire(element, "promo-code-changed", promo);
    fire(element, "email-captured", { email: "ana@example.com" });
    const event = expect.any(CustomEvent);
    expect(latest.onComplete).toHaveBeenCalledWith(complete, event);
    expect(latest.onStateChange).toHaveBeenCalledWith("idle", event);
    expect(latest.onError).toHaveBeenCalledWith({ code: "card_declined", message: "No" }, event);
    expect(latest.onReady).toHaveBeenCalledTimes(1);
    expect(latest.onPromoCodeChanged).toHaveBeenCalledWith(promo, event);
    expect(latest.onEmailCaptured).toHaveBeenCalledWith({ email: "ana@example.com" }, event);
    for (const callback of Object.values(first)) expect(callback).not.toHaveBeenCalled();

    controller.destroy();
    fire(element, "ready", {});
    expect(latest.onReady).toHaveBeenCalledTimes(1);
    expect(embeds.has(element)).toBe(false);
  });

  it("sends a theme change to the live checkout and remounts for anything else", () => {
    const posted = recordChannelMessages();
    const element = document.body.appendChild(document.createElement("div"));
    const options = { planId: "plan_abc", origin: ORIGIN, identifier: "c" };
    const controller = createEmbedController(element, options);
    const frame = element.querySelector("iframe");
    controller.update({ ...options, theme: "dark" });
    expect(element.querySelector("iframe")).toBe(frame);
    expect(posted).toHaveBeenLastCalledWith({ v: 1, type: "theme", theme: "dark" });
    controller.update({ ...options, theme: "dark", locale: "fr" });
    expect(element.querySelector("iframe")).not.toBe(frame);
    expect(iframeParams(element)!.get("locale")).toBe("fr");
    controller.destroy();
  });
});
