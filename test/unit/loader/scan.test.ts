import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

type Namespace = { mount: unknown };
const host = window as unknown as { WhopCheckout?: Namespace };

/** Loads a fresh copy of the loader, as a <script> tag would. */
async function loadLoader() {
  vi.resetModules();
  await import("../../../loader/index.ts");
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  document.body.innerHTML = "";
  delete host.WhopCheckout;
});
afterEach(() => vi.restoreAllMocks());

describe("loader scanning", () => {
  it("mounts one sandboxed iframe per element present at load, replacing fallback content", async () => {
    document.body.innerHTML = `
      <div id="a" data-whop-checkout-plan-id="plan_one" data-whop-checkout-theme="dark"><a href="/buy">Buy</a></div>
      <div id="b" data-whop-checkout-plan-id="plan_two" data-whop-checkout-session-id="ch_s1"></div>`;
    await loadLoader();
    const frames = document.querySelectorAll("iframe");
    expect(frames).toHaveLength(2);
    expect(document.querySelector("#a a")).toBeNull();

    const first = new URL(frames[0]!.src, location.href);
    expect(first.pathname).toBe("/embed/checkout");
    expect(first.searchParams.get("plan")).toBe("plan_one");
    expect(first.searchParams.get("theme")).toBe("dark");
    expect(first.searchParams.get("origin")).toBe(location.origin);
    expect(first.searchParams.get("channel")).toMatch(/^\d+$/);
    expect(new URL(frames[1]!.src, location.href).searchParams.get("session")).toBe("ch_s1");

    const sandbox = frames[0]!.getAttribute("sandbox")!.split(" ");
    expect(sandbox).toContain("allow-scripts");
    expect(sandbox).not.toContain("allow-top-navigation");
    expect(frames[0]!.getAttribute("style")).toBeNull();
    expect(frames[0]!.getAttribute("height")).toBe("540");
  });

  it("gives every iframe its own unguessable channel id", async () => {
    document.body.innerHTML = `<div data-whop-checkout-plan-id="plan_one"></div><div data-whop-checkout-plan-id="plan_one"></div>`;
    await loadLoader();
    const channels = [...document.querySelectorAll("iframe")].map((frame) =>
      new URL(frame.src, location.href).searchParams.get("channel"),
    );
    expect(new Set(channels).size).toBe(2);
  });

  it("mounts elements added later and releases removed ones", async () => {
    await loadLoader();
    const div = document.createElement("div");
    div.setAttribute("data-whop-checkout-plan-id", "plan_late");
    document.body.append(div);
    await tick();
    expect(div.querySelectorAll("iframe")).toHaveLength(1);

    const removed = vi.spyOn(window, "removeEventListener");
    div.remove();
    await tick();
    expect(removed).toHaveBeenCalledWith("message", expect.any(Function));
    expect(div.querySelector("iframe")).toBeNull();
  });

  it("does not mount twice when the script is included twice", async () => {
    document.body.innerHTML = `<div data-whop-checkout-plan-id="plan_one"></div>`;
    await loadLoader();
    await loadLoader();
    await tick();
    expect(document.querySelectorAll("iframe")).toHaveLength(1);
  });

  it("remounts when the plan id changes and leaves no listener behind after many cycles", async () => {
    const added = vi.spyOn(window, "addEventListener");
    const removed = vi.spyOn(window, "removeEventListener");
    await loadLoader();
    const div = document.createElement("div");
    div.setAttribute("data-whop-checkout-plan-id", "plan_a");
    document.body.append(div);
    await tick();
    const firstFrame = div.querySelector("iframe");
    div.setAttribute("data-whop-checkout-plan-id", "plan_b");
    await tick();
    const secondFrame = div.querySelector("iframe")!;
    expect(secondFrame).not.toBe(firstFrame);
    expect(new URL(secondFrame.src, location.href).searchParams.get("plan")).toBe("plan_b");

    for (let i = 0; i < 200; i++) {
      const extra = document.createElement("div");
      extra.setAttribute("data-whop-checkout-plan-id", "plan_c");
      document.body.append(extra);
      await tick();
      extra.remove();
      await tick();
    }
    div.remove();
    await tick();
    const listeners = (spy: typeof added) =>
      new Set(
        spy.mock.calls.filter(([type]) => type === "message").map(([, listener]) => listener),
      );
    const stillAttached = [...listeners(added)].filter(
      (listener) => !listeners(removed).has(listener),
    );
    expect(listeners(added).size).toBeGreaterThanOrEqual(202);
    expect(stillAttached).toEqual([]);
  });
});
