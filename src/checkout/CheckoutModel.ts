import { batch, computed, signal } from "@preact/signals";
import { digitsOnly, parseExpiry } from "../card.ts";
import type {
  ChallengeRequired,
  CheckoutState,
  EntryView,
  PaymentRequest,
  PaymentResult,
  PlanView,
  Quote,
  Theme,
} from "../protocol/index.ts";
import {
  ApiError,
  answerChallenge,
  createEntry,
  createPayment,
  fetchPlan,
  fetchQuote,
  fetchSession,
} from "./api.ts";
import { regionOf } from "./countries.ts";
import {
  customKey,
  type FormErrors,
  type FormValues,
  PAY_FIELDS,
  sortedCustomFields,
  validateAll,
  validateField,
} from "./fields.ts";
import { dueToday } from "./format.ts";
import { locale, type MessageKey, t } from "./i18n.ts";
import { type CheckoutParams, isPlanId } from "./params.ts";

export interface Problem {
  code: string;
  message: string;
  retryable: boolean;
}

export type CheckoutModel = ReturnType<typeof createCheckoutModel>;

const newKey = () => crypto.randomUUID();

const KNOWN_CODES: Record<string, MessageKey> = {
  card_declined: "card_declined",
  payment_failed: "card_declined",
  insufficient_funds: "insufficient_funds",
  expired_card: "expired_card",
  sold_out: "soldOutBody",
  plan_unavailable: "archived",
  session_expired: "sessionOld",
  promo_used_up: "promoUsed",
  challenge_expired: "chOld",
  session_not_found: "sessionBad",
};

/** The form field behind an API error's `field` ("card.exp_month" → "expiry"), if any. */
export function formFieldOf(field = ""): string | null {
  const custom = /^custom_fields\.(.+)$/.exec(field);
  if (custom) return `cf_${custom[1]}`;
  const map: Record<string, string> = {
    email: "email",
    name: "name",
    country: "country",
    "card.number": "cardNumber",
    "card.exp_month": "expiry",
    "card.exp_year": "expiry",
    "card.cvc": "cvc",
  };
  return map[field] ?? null;
}

/** The buyer-facing sentence for a failed call, in the buyer's language where we know it. */
export function problemOf(error: unknown): Problem {
  const api = error instanceof ApiError ? error : new ApiError(0, "network_error", "");
  const known = KNOWN_CODES[api.code] ?? (api.status === 429 ? "tooMany" : null);
  const message = known
    ? t(known)
    : api.status === 0
      ? t("network")
      : api.status >= 500 || !api.message
        ? t("server")
        : api.message;
  return { code: api.code, message, retryable: api.retryable };
}

/**
 * All state of one checkout as signals, plus the actions that change it. Components read the
 * signals and call the actions; nothing else mutates state.
 */
export function createCheckoutModel(params: CheckoutParams, now = () => new Date()) {
  const view = signal<PlanView | null>(null);
  const loadError = signal<string | null>(null);
  const state = signal<CheckoutState>("loading");
  const theme = signal<Theme>(params.theme);
  const values = signal<FormValues>({
    email: params.prefillEmail,
    name: params.prefillName,
    cardNumber: "",
    expiry: "",
    cvc: "",
    country: regionOf(locale) ?? "US",
  });
  const errors = signal<FormErrors>({});
  const problem = signal<Problem | null>(null);
  const result = signal<PaymentResult | null>(null);
  const entry = signal<EntryView | null>(null);
  const challenge = signal<ChallengeRequired | null>(null);
  const quote = signal<Quote | null>(null);
  const promoCode = signal("");
  const promoError = signal<string | null>(null);
  const promoBusy = signal(false);
  /** Asks the form to focus a field (after a failed submit). */
  const focusRequest = signal<{ field: string } | null>(null);

  // One key per purchase attempt. A retry of the same details after a network failure or a
  // server error reuses it, so the platform answers with the first attempt's result instead
  // of charging twice; any change to the details, or a definitive answer, starts a new one.
  let attempt: { key: string; body: string } | null = null;

  const plan = computed(() => view.value?.plan ?? null);
  const customFields = computed(() => sortedCustomFields(plan.value?.custom_fields ?? []));
  const isEntry = computed(() => !!plan.value && plan.value.release_method !== "buy_now");
  const fieldNames = computed<string[]>(() =>
    isEntry.value ? ["email", ...customFields.value.map(customKey)] : [...PAY_FIELDS],
  );
  /** Minor units charged today, after any promo code. */
  const amountDue = computed(() => {
    const p = plan.value;
    return quote.value?.total ?? (p ? dueToday(p) : 0);
  });

  const unavailable = computed(() => {
    const p = plan.value;
    if (!p) return loadError.value;
    if (p.visibility === "archived") return t("archived");
    // A waitlist exists for plans without stock, so only a sale can be sold out.
    if (p.release_method === "buy_now" && !p.unlimited_stock && p.stock <= 0) return t("soldOut");
    return null;
  });

  async function load(): Promise<void> {
    const fail = (key: MessageKey) => {
      view.value = null;
      loadError.value = t(key);
      state.value = "error";
    };
    const sessionProblem = (error: unknown): MessageKey | null =>
      error instanceof ApiError && error.code === "session_not_found"
        ? "sessionBad"
        : error instanceof ApiError && error.code === "session_expired"
          ? "sessionOld"
          : null;
    let planId = params.planId;
    // A session-only embed names its plan through the session.
    const session = params.sessionId ? fetchSession(params.sessionId) : null;
    if (!planId && session) {
      try {
        planId = (await session).plan_id;
      } catch (error) {
        return fail(sessionProblem(error) ?? "loadFailed");
      }
    }
    if (!isPlanId(planId)) return fail("missing");
    try {
      view.value = await fetchPlan(planId);
    } catch (error) {
      return fail(error instanceof ApiError && error.status === 404 ? "missing" : "loadFailed");
    }
    // Only a definite answer about the session stops the checkout; anything else is left to
    // the payment, which checks the session again.
    const problem = await session?.then(
      () => null,
      (error: unknown) => sessionProblem(error),
    );
    if (problem) return fail(problem);
    state.value = "idle";
  }

  function check(name: string): string | undefined {
    const custom = customFields.value.find((field) => customKey(field) === name);
    return validateField(name, values.value, now(), custom) ?? undefined;
  }

  function setValue(name: string, value: string): void {
    batch(() => {
      values.value = { ...values.value, [name]: value };
      // Once a field shows an error, re-check it as the buyer fixes it.
      if (errors.value[name]) errors.value = { ...errors.value, [name]: check(name) };
    });
  }

  function blur(name: string): void {
    if (!values.value[name]) return;
    errors.value = { ...errors.value, [name]: check(name) };
  }

  async function applyPromo(): Promise<void> {
    const p = plan.value;
    const code = promoCode.value.trim();
    if (!p || promoBusy.value) return;
    if (!code) {
      promoError.value = t("ePromo");
      return;
    }
    promoBusy.value = true;
    promoError.value = null;
    try {
      quote.value = await fetchQuote(p.id, code);
    } catch (error) {
      const api = error instanceof ApiError ? error : null;
      quote.value = null;
      promoError.value = !api?.status
        ? t("network")
        : api.status === 429
          ? t("tooMany")
          : api.code === "promo_expired"
            ? t("promoOld")
            : api.code === "promo_used_up"
              ? t("promoUsed")
              : api.status >= 500
                ? t("server")
                : t("promoBad");
    } finally {
      promoBusy.value = false;
    }
  }

  function removePromo(): void {
    batch(() => {
      quote.value = null;
      promoCode.value = "";
      promoError.value = null;
    });
  }

  /** Validates the form; focuses the first invalid field and returns false when any is. */
  function validate(): boolean {
    const found = validateAll(fieldNames.value, values.value, customFields.value, now());
    errors.value = found;
    const first = Object.keys(found)[0];
    if (first) focusRequest.value = { field: first };
    return !first;
  }

  function fail(error: unknown, next: CheckoutState = "error"): void {
    const found = problemOf(error);
    // A field the platform refused is shown on that field, like the form's own checks.
    const field = error instanceof ApiError && error.status === 400 && formFieldOf(error.field);
    if (field) {
      errors.value = { ...errors.value, [field]: found.message };
      focusRequest.value = { field };
    }
    // A definitive answer (a decline) ends this attempt: the next one is a new payment.
    if (!found.retryable) attempt = null;
    problem.value = found;
    state.value = next;
  }

  function finish(answer: PaymentResult): void {
    attempt = null;
    batch(() => {
      challenge.value = null;
      result.value = answer;
      state.value = "complete";
    });
  }

  function paymentBody(): PaymentRequest {
    const form = values.value;
    const expiry = parseExpiry(form.expiry!)!;
    const body: PaymentRequest = {
      plan_id: plan.value!.id,
      session_id: params.sessionId,
      email: form.email!.trim(),
      name: form.name!.trim(),
      country: form.country!,
      card: {
        number: digitsOnly(form.cardNumber!),
        exp_month: expiry.month,
        exp_year: expiry.year,
        cvc: form.cvc!,
      },
    };
    if (quote.value?.promo) body.promo_code = quote.value.promo.code;
    if (Object.keys(params.utm).length) body.utm = params.utm;
    if (params.affiliateCode) body.affiliate_code = params.affiliateCode;
    if (params.returnUrl) body.return_url = params.returnUrl;
    return body;
  }

  async function submit(): Promise<void> {
    const busy = ["processing", "complete", "challenge", "loading"];
    if (busy.includes(state.value) || !plan.value || unavailable.value || !validate()) return;
    problem.value = null;
    state.value = "processing";
    if (isEntry.value) return enter();
    const body = paymentBody();
    const json = JSON.stringify(body);
    if (attempt?.body !== json) attempt = { key: newKey(), body: json };
    try {
      const answer = await createPayment(body, attempt.key);
      if ("payment" in answer) return finish(answer);
      attempt = null;
      batch(() => {
        challenge.value = answer;
        state.value = "challenge";
      });
    } catch (error) {
      fail(error);
    }
  }

  async function enter(): Promise<void> {
    const form = values.value;
    const answers: Record<string, string> = {};
    for (const field of customFields.value) {
      const value = form[customKey(field)]?.trim();
      if (value) answers[field.id] = value;
    }
    try {
      entry.value = await createEntry({
        plan_id: plan.value!.id,
        session_id: params.sessionId,
        email: form.email!.trim(),
        custom_fields: answers,
      });
      state.value = "complete";
    } catch (error) {
      fail(error);
    }
  }

  /** The buyer's answer to the 3-D Secure style step. */
  async function resolveChallenge(outcome: "approve" | "fail"): Promise<void> {
    const pending = challenge.value;
    if (!pending || state.value === "processing") return;
    problem.value = null;
    state.value = "processing";
    try {
      finish(await answerChallenge(pending.payment_id, outcome, params.returnUrl));
    } catch (error) {
      const found = problemOf(error);
      // A network failure keeps the challenge open so the buyer can answer again.
      if (!found.retryable) challenge.value = null;
      fail(error, found.retryable ? "challenge" : "error");
    }
  }

  return {
    params,
    view,
    plan,
    loadError,
    state,
    theme,
    values,
    errors,
    problem,
    result,
    entry,
    challenge,
    quote,
    promoCode,
    promoError,
    promoBusy,
    customFields,
    isEntry,
    fieldNames,
    amountDue,
    unavailable,
    focusRequest,
    load,
    setValue,
    blur,
    applyPromo,
    removePromo,
    submit,
    resolveChallenge,
  };
}
