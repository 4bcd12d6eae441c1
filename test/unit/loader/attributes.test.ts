import { afterEach, describe, expect, it, vi } from "vitest";
import { readOptions, readTheme } from "../../../loader/attributes.ts";

const element = (attributes: Record<string, string>, id = "") => {
  const div = document.createElement("div");
  if (id) div.id = id;
  for (const [name, value] of Object.entries(attributes))
    div.setAttribute(`data-whop-checkout-${name}`, value);
  return div;
};

afterEach(() => vi.restoreAllMocks());

describe("readOptions", () => {
  it("reads plan id, session id (or its alias) and theme", () => {
    expect(
      readOptions(element({ "plan-id": "plan_abc", "session-id": "ch_xyz", theme: "dark" })),
    ).toEqual({
      planId: "plan_abc",
      sessionId: "ch_xyz",
      theme: "dark",
    });
    expect(readOptions(element({ "plan-id": " plan_abc ", session: "ch_xyz" }))).toEqual({
      planId: "plan_abc",
      sessionId: "ch_xyz",
      theme: "system",
    });
  });

  it("reports an empty or malformed plan id, naming element and attribute, and yields null", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(readOptions(element({ "plan-id": "" }, "buy"))).toBeNull();
    expect(readOptions(element({ "plan-id": "prod_123" }))).toBeNull();
    expect(error).toHaveBeenCalledTimes(2);
    expect(error.mock.calls[0]![0]).toBe("[whop-checkout]");
    expect(error.mock.calls[0]![1]).toBe(
      '#buy: data-whop-checkout-plan-id="" is not a plan id like plan_XXXXXXXX; nothing was mounted.',
    );
    expect(error.mock.calls[1]![1]).toContain('<div>: data-whop-checkout-plan-id="prod_123"');
  });

  it("reports a malformed session id and yields null", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(readOptions(element({ "plan-id": "plan_abc", "session-id": "sess_1" }))).toBeNull();
    expect(error.mock.calls[0]![1]).toContain(
      'data-whop-checkout-session-id="sess_1" is not a session id',
    );
  });

  it("falls back to the system theme for an unknown theme, with a console error", () => {
    const error = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(readTheme(element({ theme: "neon" }))).toBe("system");
    expect(error.mock.calls[0]![1]).toContain(
      'data-whop-checkout-theme="neon" is not light, dark or system',
    );
    expect(readTheme(element({}))).toBe("system");
    expect(error).toHaveBeenCalledTimes(1);
  });
});
