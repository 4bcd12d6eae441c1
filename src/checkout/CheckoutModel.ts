import { batch, computed, signal } from "@preact/signals";
import { digitsOnly, parseExpiry } from "../card.ts";
import type { CheckoutState, PaymentResult, PlanView, Theme } from "../protocol.ts";
import { ApiError, createPayment, fetchPlan } from "./api.ts";
import {
  FIELD_ORDER,
  type FieldName,
  type FormValues,
  validateAll,
  validateField,
} from "./fields.ts";

export interface CheckoutParams {
  planId: string;
  sessionId: string | null;
  theme: Theme;
}

export interface PaymentProblem {
  code: string;
  message: string;
  retryable: boolean;
}

export type CheckoutModel = ReturnType<typeof createCheckoutModel>;

const newKey = () => crypto.randomUUID();

/**
 * All state of one checkout as signals, plus the actions that change it. Components read the
 * signals and call the actions; nothing else mutates state.
 */
export function createCheckoutModel(params: CheckoutParams) {
  const view = signal<PlanView | null>(null);
  const loadError = signal<string | null>(null);
  const state = signal<CheckoutState>("loading");
  const theme = signal<Theme>(params.theme);
  const values = signal<FormValues>({ email: "", name: "", cardNumber: "", expiry: "", cvc: "" });
  const errors = signal<Partial<Record<FieldName, string>>>({});
  const problem = signal<PaymentProblem | null>(null);
  const result = signal<PaymentResult | null>(null);
  /** Asks the form to focus a field (after a failed submit). */
  const focusRequest = signal<{ field: FieldName } | null>(null);
  // One key per purchase attempt; a retry after a network failure reuses it so the platform
  // can answer with the first attempt's result instead of charging again.
  let idempotencyKey = newKey();

  const unavailable = computed(() => {
    const plan = view.value?.plan;
    if (!plan) return loadError.value;
    if (plan.visibility === "archived") return "This plan is no longer available.";
    if (plan.release_method === "buy_now" && !plan.unlimited_stock && plan.stock <= 0) {
      return "Sold out";
    }
    return null;
  });

  async function load(): Promise<void> {
    if (!/^plan_[A-Za-z0-9]+$/.test(params.planId)) {
      loadError.value = "This plan is not available.";
      state.value = "error";
      return;
    }
    try {
      view.value = await fetchPlan(params.planId);
      state.value = "idle";
    } catch (error) {
      loadError.value =
        error instanceof ApiError && error.status === 404
          ? "This plan is not available."
          : "The checkout could not be loaded. Refresh the page to try again.";
      state.value = "error";
    }
  }

  function setValue(name: FieldName, value: string): void {
    batch(() => {
      values.value = { ...values.value, [name]: value };
      // Once a field shows an error, re-check it as the buyer fixes it.
      if (errors.value[name]) {
        errors.value = { ...errors.value, [name]: validateField(name, values.value) ?? undefined };
      }
    });
    // Changed details after a failure make the next submit a new attempt with a new key.
    if (state.value === "error") idempotencyKey = newKey();
  }

  function blur(name: FieldName): void {
    if (!values.value[name]) return;
    errors.value = { ...errors.value, [name]: validateField(name, values.value) ?? undefined };
  }

  async function submit(): Promise<void> {
    if (state.value === "processing" || state.value === "complete" || !view.value) return;
    const found = validateAll(values.value);
    errors.value = found;
    const first = FIELD_ORDER.find((name) => found[name]);
    if (first) {
      focusRequest.value = { field: first };
      return;
    }
    const form = values.value;
    const expiry = parseExpiry(form.expiry)!;
    problem.value = null;
    state.value = "processing";
    try {
      result.value = await createPayment(
        {
          plan_id: params.planId,
          session_id: params.sessionId,
          email: form.email.trim(),
          name: form.name.trim(),
          card: {
            number: digitsOnly(form.cardNumber),
            exp_month: expiry.month,
            exp_year: expiry.year,
            cvc: form.cvc,
          },
        },
        idempotencyKey,
      );
      state.value = "complete";
    } catch (error) {
      const apiError =
        error instanceof ApiError
          ? error
          : new ApiError(0, "network_error", "Something went wrong. Try again.");
      problem.value = {
        code: apiError.code,
        message: apiError.message,
        retryable: apiError.retryable,
      };
      // A definitive answer (a decline) ends this attempt: the next one is a new payment.
      if (!apiError.retryable) idempotencyKey = newKey();
      state.value = "error";
    }
  }

  return {
    params,
    view,
    loadError,
    state,
    theme,
    values,
    errors,
    problem,
    result,
    unavailable,
    focusRequest,
    load,
    setValue,
    blur,
    submit,
  };
}
