import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getEmail, mount, open, setEmail, submit } from "../../../integrations/index.ts";
import { ORIGIN, recordChannelMessages } from "./support.ts";

let errors: ReturnType<typeof vi.spyOn>;
beforeEach(() => {
  errors = vi.spyOn(console, "error").mockImplementation(() => {});
});
afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe("the package's programmatic API", () => {
  it("mounts from the given origin and serves the helpers for its own embeds, as promises", async () => {
    const posted = recordChannelMessages();
    const element = document.body.appendChild(document.createElement("div"));
    const handle = mount(element, { planId: "plan_abc", origin: ORIGIN, identifier: "pkg" })!;
    expect(handle.iframe.src.startsWith(`${ORIGIN}/embed/checkout?`)).toBe(true);

    await expect(submit("pkg")).resolves.toBeUndefined();
    await expect(setEmail("pkg", "buyer@example.com")).resolves.toBeUndefined();
    expect(posted.mock.calls).toEqual([
      [{ v: 1, type: "submit" }],
      [{ v: 1, type: "set-email", email: "buyer@example.com" }],
    ]);
    const email = getEmail("pkg");
    handle.unmount();
    await expect(email).resolves.toBeNull();
    expect(errors).not.toHaveBeenCalled();
  });

  it("says so in the console when no embed has the identifier", async () => {
    await expect(getEmail("nowhere")).resolves.toBeNull();
    await submit("nowhere");
    expect(errors.mock.calls).toEqual([
      ["[whop-checkout]", 'No mounted checkout has the identifier "nowhere".'],
      ["[whop-checkout]", 'No mounted checkout has the identifier "nowhere".'],
    ]);
  });

  it("opens the modal with its own mount, settling with an error for a malformed id", async () => {
    const result = await open({ planId: "nope", origin: ORIGIN });
    expect(result).toEqual({
      status: "error",
      error: "Invalid plan or session id; see the console.",
    });
    expect(document.querySelector("dialog")).toBeNull();
    expect(String(errors.mock.calls[0]![1])).toContain('data-whop-checkout-plan-id="nope"');
  });
});
