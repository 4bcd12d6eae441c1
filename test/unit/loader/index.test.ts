import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { SEEN } from "../../../loader/attributes.ts";
import { type Mount, RESERVED_HEIGHT } from "../../../loader/mount.ts";
import { countResources } from "./resources.ts";
import {
  CHECKOUT,
  channelOf,
  connectedFromAttributes,
  container,
  loaderErrors,
  loadLoader,
  observers,
  paramsOf,
  rendered,
  resetPage,
  tick,
} from "./setup.ts";

// loader.js imports loader-api.js from the checkout origin (none here: it loaded from no
// script tag, so the URL is relative); the sources stand in for it.
vi.mock("/loader-api.js", () => import("../../../loader/api.ts"));

beforeEach(resetPage);
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

/** Lets the loader's MutationObserver see what was just done (its callback is a microtask). */
const flush = () => Promise.resolve();

/** Adds a container to the page, which the browser renders. */
const addEmbed = async (attributes: Record<string, string> = { "plan-id": "plan_late" }) => {
  const div = container(attributes);
  document.body.append(div);
  await rendered(div);
  return div;
};

describe("the loader's lifecycle", () => {
  it("mounts one sandboxed iframe per element present at load, unseen beside the fallback content until its hello", async () => {
    document.body.innerHTML = `
      <div id="a" data-whop-checkout-plan-id="plan_one" data-whop-checkout-theme="dark"><a href="/buy">Buy</a></div>
      <div id="b" data-whop-checkout-plan-id="plan_two"></div>`;
    await loadLoader();
    const frames = document.querySelectorAll("iframe");
    expect(frames).toHaveLength(2);
    expect(document.querySelector("#a a")).not.toBeNull();
    expect([...frames].every((frame) => frame.hidden)).toBe(true);
    expect(paramsOf(frames[0]!)).toMatchObject({ planId: "plan_one", theme: "dark" });
    expect(paramsOf(frames[1]!)).toMatchObject({ planId: "plan_two" });

    const sandbox = frames[0]!.getAttribute("sandbox")!.split(" ");
    expect(sandbox).toContain("allow-scripts");
    expect(sandbox).not.toContain("allow-top-navigation");
    expect(frames[0]!.getAttribute("style")).toBeNull();
    // A reserved height until the checkout reports its own.
    expect(frames[0]!.getAttribute("height")).toBe(String(RESERVED_HEIGHT));
    // 128 random bits each, in the fragment: the query is the same for every buyer of an embed.
    const channels = [...frames].map(channelOf);
    expect(channels.every((channel) => /^\d+(,\d+){3}$/.test(channel))).toBe(true);
    expect(new Set(channels).size).toBe(2);
    expect(frames[0]!.src).not.toContain("channel");
  });

  it("mounts each container in a task of its own, and none removed before its turn", async () => {
    document.body.innerHTML = ["one", "two", "three"]
      .map((name) => `<div data-whop-checkout-plan-id="plan_${name}"></div>`)
      .join("");
    const removed = document.body.lastElementChild as HTMLElement;
    // A MutationObserver's callback runs once per task that changed the page.
    const iframesPerTask: number[] = [];
    const watcher = new MutationObserver((records) => {
      const added = records.flatMap((record) => [...record.addedNodes]);
      const iframes = added.filter((node) => node.nodeName === "IFRAME").length;
      if (iframes) iframesPerTask.push(iframes);
    });
    watcher.observe(document.body, { childList: true, subtree: true });
    vi.resetModules();
    await import("../../../loader/index.ts");
    const { embeds } = await import("../../../loader/mount.ts");
    // The script's own task mounts nothing; the page goes on meanwhile.
    expect(document.querySelectorAll("iframe")).toHaveLength(0);
    removed.remove();
    await tick();
    watcher.disconnect();
    expect(iframesPerTask).toEqual([1, 1]);
    expect(embeds.has(removed)).toBe(false);
    expect(removed.querySelector("iframe")).toBeNull();
  });

  it("replaces the fallback content with the checkout once it says hello", async () => {
    const { element, handle } = await connectedFromAttributes({});
    expect([...element.childNodes]).toEqual([handle.iframe]);
    expect(handle.iframe.hidden).toBe(false);
  });

  it("mounts elements added later and releases removed ones", async () => {
    const resources = countResources();
    await loadLoader();
    const div = await addEmbed();
    await tick();
    expect(div.querySelectorAll("iframe")).toHaveLength(1);
    expect(resources.listeners()).toBe(1);
    div.remove();
    await tick();
    expect(div.querySelector("iframe")).toBeNull();
    expect(resources.listeners()).toBe(0);
    expect(resources.openPorts()).toBe(0);
  });

  it("releases the checkout when the plan id attribute is removed", async () => {
    const { embeds } = await loadLoader();
    const div = await addEmbed({ "plan-id": "plan_a", theme: "dark" });
    await tick();
    expect(div.querySelector("iframe")).not.toBeNull();
    div.removeAttribute("data-whop-checkout-plan-id");
    await tick();
    expect(div.querySelector("iframe")).toBeNull();
    expect(embeds.has(div)).toBe(false);
  });

  it("is idempotent: a second copy of the script adds no iframe, no observer and no remount", async () => {
    await addEmbed({ "plan-id": "plan_one" });
    const resources = countResources();
    await loadLoader();
    await loadLoader();
    const late = await addEmbed({ "plan-id": "plan_two" });
    await tick();
    expect(document.querySelectorAll("iframe")).toHaveLength(2);
    expect(resources.observers()).toBe(1);
    expect(resources.listeners()).toBe(2);

    const channelsBefore = resources.channels();
    late.setAttribute("data-whop-checkout-plan-id", "plan_three");
    await tick();
    expect(resources.channels()).toBe(channelsBefore + 1);
    expect(late.querySelectorAll("iframe")).toHaveLength(1);
    expect(resources.listeners()).toBe(2);
  });

  it("keeps a moved element's checkout, and remounts when its plan or another setting changes", async () => {
    const { embeds } = await loadLoader();
    const div = await addEmbed({ "plan-id": "plan_a" });
    const elsewhere = document.body.appendChild(document.createElement("section"));
    await tick();
    const first = div.querySelector("iframe");
    const handle = embeds.get(div);

    elsewhere.append(div);
    await rendered(div);
    await tick();
    expect(div.querySelector("iframe")).toBe(first);
    expect(embeds.get(div)).toBe(handle);

    div.setAttribute("data-whop-checkout-plan-id", "plan_b");
    await tick();
    const second = div.querySelector("iframe")!;
    expect(second).not.toBe(first);
    expect(paramsOf(second).planId).toBe("plan_b");

    // Any data-whop-checkout-* attribute, including ones the loader does not know yet.
    div.setAttribute("data-whop-checkout-prefill-email", "a@b.co");
    await tick();
    const third = div.querySelector("iframe")!;
    expect(third).not.toBe(second);
    expect(paramsOf(third).prefillEmail).toBe("a@b.co");

    div.setAttribute("data-whop-checkout-future-setting", "on");
    await tick();
    expect(div.querySelector("iframe")).not.toBe(third);
    expect(paramsOf(div.querySelector("iframe")).futureSetting).toBe("on");
    expect(div.querySelectorAll("iframe")).toHaveLength(1);
  });

  it("sends a theme change to the live checkout as it is, without remounting or judging it", async () => {
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    const { embeds } = await loadLoader();
    const div = await addEmbed({ "plan-id": "plan_a", theme: "light" });
    await tick();
    const frame = div.querySelector("iframe");
    const send = vi.spyOn(embeds.get(div)!, "send");

    div.setAttribute("data-whop-checkout-theme", "dark");
    await tick();
    // The checkout checks the value, as it does at mount.
    div.setAttribute("data-whop-checkout-theme", "neon");
    await tick();
    // Removed: the checkout's default applies.
    div.removeAttribute("data-whop-checkout-theme");
    await tick();

    expect(send.mock.calls).toEqual([
      ["theme", { theme: "dark" }],
      ["theme", { theme: "neon" }],
      ["theme", { theme: null }],
    ]);
    expect(div.querySelector("iframe")).toBe(frame);
    expect(loaderErrors(errors)).toEqual([]);
  });

  it("ignores the container's other attributes, and attributes elsewhere in the page", async () => {
    const { embeds } = await loadLoader();
    const div = await addEmbed({ "plan-id": "plan_a" });
    const bystander = document.body.appendChild(document.createElement("p"));
    await tick();
    const frame = div.querySelector("iframe");
    const send = vi.spyOn(embeds.get(div)!, "send");

    div.className = "checkout wide";
    div.id = "buy";
    div.setAttribute("data-theme", "dark");
    div.setAttribute("aria-busy", "true");
    bystander.setAttribute("data-whop-checkout-theme", "dark");
    await tick();

    expect(div.querySelector("iframe")).toBe(frame);
    expect(send).not.toHaveBeenCalled();
    expect(embeds.size).toBe(1);
  });

  it("mounts an element that gains the plan attribute, once the browser renders it so", async () => {
    const { embeds } = await loadLoader();
    const later = document.body.appendChild(document.createElement("div"));
    await rendered(later);
    expect(embeds.has(later)).toBe(false);
    later.setAttribute("data-whop-checkout-plan-id", "plan_gained");
    await rendered(later);
    expect(paramsOf(later.querySelector("iframe")).planId).toBe("plan_gained");
  });

  it("releases a container removed with an ancestor, and one mounted by mount()", async () => {
    const resources = countResources();
    const { embeds } = await loadLoader();
    const wrapper = document.body.appendChild(document.createElement("section"));
    const inner = wrapper.appendChild(document.createElement("div"));
    const fromAttributes = inner.appendChild(container({ "plan-id": "plan_a" }));
    await rendered(fromAttributes);
    const byCall = wrapper.appendChild(document.createElement("div"));
    (window as unknown as { WhopCheckout: { mount: Mount } }).WhopCheckout.mount(byCall, {
      planId: "plan_b",
    });
    expect(embeds.size).toBe(2);

    wrapper.remove();
    await tick();
    expect(embeds.size).toBe(0);
    expect(resources.listeners()).toBe(0);
    expect(resources.openPorts()).toBe(0);
  });

  it("is told of no change of the page beyond its containers and the path to them", async () => {
    await loadLoader();
    const feed = document.body.appendChild(document.createElement("ul"));
    await addEmbed();
    await tick();
    const loaderObserver = observers.at(-1)!;
    for (let index = 0; index < 100; index++) {
      feed.append(Object.assign(document.createElement("li"), { className: "item" }));
    }
    feed.setAttribute("data-whop-checkout-theme", "dark");
    feed.firstElementChild!.remove();
    expect(loaderObserver.takeRecords()).toEqual([]);
    // The path to a container is watched: that is how its removal is seen.
    document.body.append(document.createElement("p"));
    expect(loaderObserver.takeRecords()).toHaveLength(1);
  });

  it("keeps its own animation's events from the page, and no other", async () => {
    await loadLoader();
    const seenByPage: string[] = [];
    const note = (event: Event) =>
      seenByPage.push(`${event.type}:${(event as AnimationEvent).animationName}`);
    for (const type of ["animationstart", "animationend", "animationcancel"]) {
      document.addEventListener(type, note, true);
      document.body.addEventListener(type, note);
    }
    // (addEmbed announces the start and end of the loader's animation, as the browser does.)
    const div = await addEmbed();
    expect(div.querySelector("iframe")).not.toBeNull();
    div.dispatchEvent(new AnimationEvent("animationend", { animationName: "fade", bubbles: true }));
    expect(seenByPage).toEqual(["animationend:fade", "animationend:fade"]);
    expect(SEEN).toBe("whop-checkout");
  });

  it("leaves no listener, port or observer behind after 1,000 add/remove cycles", async () => {
    const resources = countResources();
    const { embeds } = await loadLoader();
    for (let i = 0; i < 1000; i++) {
      const div = await addEmbed({ "plan-id": "plan_cycle", theme: i % 2 ? "dark" : "light" });
      await flush();
      if (i % 10 === 0) {
        div.setAttribute("data-whop-checkout-plan-id", "plan_other");
        await flush();
      }
      if (i % 10 === 5) {
        div.setAttribute("data-whop-checkout-theme", "system");
        div.className = "busy";
        await flush();
      }
      div.remove();
      await flush();
    }
    await tick();
    expect(resources.added()).toBeGreaterThanOrEqual(1000);
    expect(resources.channels()).toBeGreaterThanOrEqual(1000);
    expect(resources.listeners()).toBe(0);
    expect(resources.openPorts()).toBe(0);
    expect(resources.observers()).toBe(1);
    expect(embeds.size).toBe(0);
    expect(document.querySelectorAll("iframe")).toHaveLength(0);
  }, 120_000);
});

describe("window.WhopCheckout", () => {
  it("loads the helpers on first use and settles getEmail with the answer, or null once the container is removed", async () => {
    const { received, port, element } = await connectedFromAttributes({ identifier: "main" });
    const api = (window as unknown as { WhopCheckout: { getEmail(id: string): Promise<unknown> } })
      .WhopCheckout;

    const answered = api.getEmail("main");
    await vi.waitFor(() => expect(received).toHaveLength(1));
    port.postMessage({ v: 1, type: "email", id: received[0]!.id, email: "typed@example.com" });
    await expect(answered).resolves.toBe("typed@example.com");

    const unanswered = api.getEmail("main");
    await vi.waitFor(() => expect(received).toHaveLength(2));
    element.remove();
    await expect(unanswered).resolves.toBeNull();
    expect(element.querySelector("iframe")).toBeNull();
  });

  it("mounts from the origin of the script tag that loaded it", async () => {
    const script = document.createElement("script");
    script.src = `${CHECKOUT}/loader.js`;
    vi.spyOn(document, "currentScript", "get").mockReturnValue(script);
    await addEmbed({ "plan-id": "plan_abc" });
    const { mount } = await loadLoader();
    const fromAttributes = document.querySelector("iframe")!;
    expect(fromAttributes.src.startsWith(`${CHECKOUT}/embed/checkout?`)).toBe(true);
    const div = document.body.appendChild(document.createElement("div"));
    const global = (window as unknown as { WhopCheckout: { mount: typeof mount } }).WhopCheckout;
    expect(global.mount(div, { planId: "plan_abc" })!.iframe.src).toMatch(
      new RegExp(`^${CHECKOUT}/embed/checkout\\?`),
    );
  });
});
