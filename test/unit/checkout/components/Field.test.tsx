import { render } from "preact";
import { act } from "preact/test-utils";
import { beforeAll, describe, expect, it } from "vitest";
import { EmailField } from "../../../../src/checkout/components/Field.tsx";
import { createCheckoutModel } from "../../../../src/checkout/models/CheckoutModel.ts";
import type { EmbedConfig } from "../../../../src/protocol/index.ts";
import { config } from "../models/fake-platform.ts";
import { useEnglish } from "../setup.ts";

beforeAll(useEnglish);

/** The email field of a checkout with `overrides`, rendered, and its model. */
function renderEmail(overrides: Partial<EmbedConfig>) {
  const model = createCheckoutModel(config(overrides));
  const root = document.createElement("div");
  act(() => render(<EmailField model={model} />, root));
  return { model, input: () => root.querySelector<HTMLInputElement>("input#email") };
}

describe("the email field", () => {
  it("is editable by default", () => {
    const { input } = renderEmail({});
    expect(input()?.readOnly).toBe(false);
  });

  it("is hidden with hide-email, and shows again when the email it holds is refused", () => {
    const { model, input } = renderEmail({ prefillEmail: "ana@example.com", hideEmail: true });
    expect(input()).toBeNull();
    // The host page set a bad one: the buyer must see the problem to fix it.
    act(() => {
      model.form.setValue("email", "nope");
      model.form.validate(["email"]);
    });
    expect(input()?.value).toBe("nope");
    expect(input()?.getAttribute("aria-invalid")).toBe("true");
  });

  it("is shown read-only with disable-email", () => {
    const { input } = renderEmail({ prefillEmail: "ana@example.com", disableEmail: true });
    expect(input()?.readOnly).toBe(true);
    expect(input()?.value).toBe("ana@example.com");
  });
});
