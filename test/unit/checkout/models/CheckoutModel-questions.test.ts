// The checkout's own questions: a paid plan's custom fields, and a waitlist's entry (no card).
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { PlanView } from "../../../../src/protocol/index.ts";
import { useEnglish } from "../setup.ts";
import { fakeFetch, RESULT, refusal, VIEW } from "./fake-platform.ts";
import { readyModel } from "./ready-model.ts";

beforeAll(useEnglish);
afterEach(() => vi.unstubAllGlobals());

/** A text question of the plan's own, as the platform sends it. */
const question = (id: string, name: string, required: boolean, order: number) =>
  ({ id, field_type: "text", name, placeholder: null, required, order }) as const;

/** The plan's view with `questions` (and `plan`'s other overrides). */
const viewWith = (
  questions: ReturnType<typeof question>[],
  plan: Partial<PlanView["plan"]> = {},
): PlanView => ({ ...VIEW, plan: { ...VIEW.plan, ...plan, custom_fields: questions } });

describe("a paid plan's own questions", () => {
  it("checks them after the card details and sends the answers with the payment", async () => {
    const view = viewWith([
      question("tg", "Telegram", true, 2),
      question("goal", "Goal", false, 1),
    ]);
    const calls = fakeFetch([{ status: 201, body: RESULT }], view);
    const model = await readyModel();
    model.form.setValue("cvc", "");
    await model.submit();
    // In the order the form shows them: the card first, then the questions by their order.
    expect(Object.keys(model.form.errors.value)).toEqual(["cvc", "cf_tg"]);
    expect(model.form.errors.value.cf_tg).toBe("Fill in Telegram.");
    expect(calls).toHaveLength(0);
    model.form.setValue("cvc", "123");
    model.form.setValue("cf_tg", " @ada ");
    await model.submit();
    expect(model.state.value).toBe("complete");
    // As typed: the platform trims answers and drops empty ones; the untouched field is left out.
    expect(calls[0]!.body).toMatchObject({ custom_fields: { tg: " @ada " } });
    expect(calls[0]!.body!.custom_fields).not.toHaveProperty("goal");
  });

  it("shows the platform's refusal of an answer on its field", async () => {
    const view = viewWith([question("tg", "Telegram", false, 1)]);
    fakeFetch(
      [refusal(400, "custom_field_required", "Telegram is required.", "custom_fields.tg")],
      view,
    );
    const model = await readyModel();
    await model.submit();
    expect(model.form.errors.value.cf_tg).toBe("Telegram is required.");
    expect(model.form.focusRequest.value).toEqual({ field: "cf_tg" });
  });
});

describe("waitlist and raffle entries", () => {
  it("sends waitlist entries with the custom field answers and no card", async () => {
    const view = viewWith([question("tg", "Telegram", true, 2)], { release_method: "waitlist" });
    const entry = {
      id: "ent_1",
      plan_id: "plan_T1",
      kind: "waitlist",
      email: "a@b.co",
      created_at: "",
    };
    const calls = fakeFetch([{ status: 201, body: { entry } }], view);
    const model = await readyModel();
    model.form.setValue("email", "");
    model.form.setValue("cvc", "1");
    await model.submit();
    // Only the email and the plan's own questions are checked, never the card.
    expect(Object.keys(model.form.errors.value)).toEqual(["email", "cf_tg"]);
    expect(model.form.focusRequest.value).toEqual({ field: "email" });
    model.form.setValue("email", "a@b.co");
    model.form.setValue("cf_tg", " @ada ");
    await model.submit();
    expect(model.state.value).toBe("complete");
    expect(model.entry.value).toEqual(entry);
    expect(calls[0]!.body).toEqual({
      plan_id: "plan_T1",
      session_id: null,
      email: "a@b.co",
      custom_fields: { tg: " @ada " },
    });
  });
});
