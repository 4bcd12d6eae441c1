import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import * as api from "../../../loader/api.ts";
import { connected, loaderErrors, resetPage } from "./setup.ts";

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  resetPage();
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => vi.restoreAllMocks());

/** The helpers' context for the loader's embeds (the mount itself is not used here). */
const contextOf = (embeds: api.Context["embeds"]): api.Context => ({
  embeds,
  mount: () => null,
});

describe("the programmatic helpers", () => {
  it("serve submit, setEmail and getEmail by identifier over the private channel", async () => {
    const { received, port, embeds } = await connected({ identifier: "main" });
    const context = contextOf(embeds);
    await api.submit(context, "main");
    await api.setEmail(context, "main", "buyer@example.com");
    const email = api.getEmail(context, "main");
    await vi.waitFor(() => expect(received).toHaveLength(3));
    const id = received[2]!.id;
    expect(received).toEqual([
      { v: 1, type: "submit" },
      { v: 1, type: "set-email", email: "buyer@example.com" },
      { v: 1, type: "get-email", id: expect.any(Number) },
    ]);
    // Another request's answer is not this one's.
    port.postMessage({ v: 1, type: "email", id: Number(id) + 1, email: "other@example.com" });
    port.postMessage({ v: 1, type: "email", id, email: "typed@example.com" });
    await expect(email).resolves.toBe("typed@example.com");
    expect(await api.getEmail(context, "other")).toBeNull();
    expect(loaderErrors(errors)).toEqual(['No mounted checkout has the identifier "other".']);
  });

  it("serve setAddress and getAddress (the billing address and whether it is complete)", async () => {
    const { received, port, embeds, handle } = await connected({ identifier: "main" });
    const context = contextOf(embeds);
    await api.setAddress(context, "main", { line1: "1 Main St", country: "US" });
    const answer = api.getAddress(context, "main");
    await vi.waitFor(() => expect(received).toHaveLength(2));
    const id = received[1]!.id;
    expect(received).toEqual([
      { v: 1, type: "set-address", address: { line1: "1 Main St", country: "US" } },
      { v: 1, type: "get-address", id: expect.any(Number) },
    ]);
    const address = {
      name: "",
      line1: "1 Main St",
      line2: "",
      city: "",
      state: "",
      postalCode: "",
      country: "US",
    };
    // An email answer with the same id is not this request's.
    port.postMessage({ v: 1, type: "email", id, email: "other@example.com" });
    port.postMessage({ v: 1, type: "address", id, address, isComplete: false });
    await expect(answer).resolves.toEqual({ address, isComplete: false });
    expect(handle.onUnmount).toEqual([]);
    const unanswered = api.getAddress(context, "main");
    handle.unmount();
    await expect(unanswered).resolves.toBeNull();
    expect(await api.getAddress(context, "other")).toBeNull();
  });

  it("settle getEmail with null when the checkout is unmounted before it answers", async () => {
    const { received, handle, embeds, element } = await connected({ identifier: "main" });
    const context = contextOf(embeds);
    const removed = vi.spyOn(element, "removeEventListener");
    const first = api.getEmail(context, "main");
    const second = api.getEmail(context, "main");
    await vi.waitFor(() => expect(received).toHaveLength(2));
    handle.unmount();
    await expect(first).resolves.toBeNull();
    await expect(second).resolves.toBeNull();
    expect(removed.mock.calls.filter(([type]) => type === "whop-checkout:email")).toHaveLength(2);
    expect(handle.iframe.isConnected).toBe(false);
    expect(embeds.has(element)).toBe(false);
    // Unmounting again stays harmless.
    expect(() => handle.unmount()).not.toThrow();
  });

  it("leave nothing behind on the handle once getEmail is answered", async () => {
    const { received, port, handle, embeds } = await connected({ identifier: "main" });
    const email = api.getEmail(contextOf(embeds), "main");
    await vi.waitFor(() => expect(received).toHaveLength(1));
    expect(handle.onUnmount).toHaveLength(1);
    port.postMessage({ v: 1, type: "email", id: received[0]!.id, email: "typed@example.com" });
    await expect(email).resolves.toBe("typed@example.com");
    expect(handle.onUnmount).toEqual([]);
  });

  it("open a checkout in a modal through the mount they are given", async () => {
    const { embeds } = await connected();
    const mount = vi.fn(() => null);
    const result = await api.open({ embeds, mount }, { planId: "plan_abc" });
    // Nothing could be mounted: the dialog is gone and the promise says why.
    expect(mount).toHaveBeenCalledWith(expect.any(HTMLElement), {
      planId: "plan_abc",
      skipRedirect: true,
    });
    expect(result).toEqual({
      status: "error",
      error: "Invalid plan or session id; see the console.",
    });
    expect(document.querySelector("dialog")).toBeNull();
  });
});
