import { batch, computed, signal } from "@preact/signals";
import type { FunctionComponent } from "preact";
import { digitsOnly, parseExpiry } from "../../card.ts";
import { dueToday } from "../../money.ts";
import type {
  ChallengeRequired,
  CheckoutState,
  EmbedConfig,
  EntryView,
  HostMessage,
  PaymentRequest,
  PaymentResult,
  PlanView,
  Theme,
  Totals,
} from "../../protocol/index.ts";
import {
  ApiError,
  answerChallenge,
  createEntry,
  createPayment,
  fetchPlan,
  fetchSession,
} from "../api.ts";
import { formFieldOf, knownMessage, type Problem, problemOf } from "../errors.ts";
import { customKey, type FormValues, PAY_FIELDS, sortedCustomFields } from "../fields.ts";
import { type MessageKey, t } from "../i18n.ts";
import { createFormModel } from "./FormModel.ts";
import { createPromoModel } from "./PromoModel.ts";

export type CheckoutModel = ReturnType<typeof createCheckoutModel>;

/** The buyer-details part of the form, from its own chunk (src/checkout/details/). */
export interface Details {
  /** The payment body's `billing_address`, `shipping_address` and `phone`. */
  body(values: FormValues): Partial<PaymentRequest>;
  /** Answers `getAddress()` and `setAddress()`. */
  answer(message: HostMessage): void;
  Form: FunctionComponent<{ model: CheckoutModel }>;
}

const newKey = () => crypto.randomUUID();

/**
 * All state of one checkout as signals, plus the actions that change it: loading the plan,
 * paying or entering, and the challenge step. The form and the promo code are models of their
 * own. Components read the signals and call the actions; nothing else mutates state.
 */
export function createCheckoutModel(config: EmbedConfig, now = () => new Date()) {
  const view = signal<PlanView | null>(null);
  const loadError = signal<string | null>(null);
  const state = signal<CheckoutState>("loading");
  const theme = signal<Theme>(config.theme);
  const problem = signal<Problem | null>(null);
  const result = signal<PaymentResult | null>(null);
  const entry = signal<EntryView | null>(null);
  const challenge = signal<ChallengeRequired | null>(null);
  const details = signal<Details | null>(null);

  // One key per purchase attempt. A retry of the same details after a network failure or a
  // server error reuses it, so the platform answers with the first attempt's result instead
  // of charging twice; any change to the details, or a definitive answer, starts a new one.
  let attempt: { key: string; body: string } | null = null;

  const plan = computed(() => view.value?.plan ?? null);
  const customFields = computed(() => sortedCustomFields(plan.value?.custom_fields ?? []));
  const isEntry = computed(() => !!plan.value && plan.value.release_method !== "buy_now");
  const form = createFormModel(
    {
      email: config.prefillEmail,
      name: config.prefillName,
      cardNumber: "",
      expiry: "",
      cvc: "",
      country: config.country,
      ...config.prefillDetails,
    },
    customFields,
    now,
  );
  const promo = createPromoModel(plan);
  /** Minor units charged today, after any promo code. */
  const amountDue = computed(() => {
    const p = plan.value;
    return promo.quote.value?.total ?? (p ? dueToday(p) : 0);
  });

  /** What the buyer would be charged now, for the host page's analytics. */
  const totals = computed(
    (): Totals => ({
      amount: amountDue.value,
      currency: plan.value?.base_currency ?? "",
      promo_code: promo.quote.value?.promo?.code ?? null,
    }),
  );

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
    // Only a definite answer about the session (unknown, expired) stops the checkout.
    const sessionProblem = (error: unknown) =>
      error instanceof ApiError && error.code.startsWith("session_") ? knownMessage(error) : null;
    let planId = config.planId;
    // A session-only embed names its plan through the session.
    const session = config.sessionId ? fetchSession(config.sessionId) : null;
    if (!planId && session) {
      try {
        planId = (await session).plan_id;
      } catch (error) {
        return fail(sessionProblem(error) ?? "loadFailed");
      }
    }
    if (!planId) return fail("missing");
    try {
      view.value = await fetchPlan(planId);
    } catch (error) {
      return fail(error instanceof ApiError && error.status === 404 ? "missing" : "loadFailed");
    }
    // Anything but a definite answer is left to the payment, which checks the session again.
    const refused = await session?.then(() => null, sessionProblem);
    if (refused) return fail(refused);
    // The host page's code is priced before the form shows; a refused one shows its error.
    if (config.promoCode) {
      promo.code.value = config.promoCode;
      await promo.apply();
    }
    state.value = "idle";
  }

  function fail(error: unknown, next: CheckoutState = "error"): void {
    const found = problemOf(error);
    // A field the platform refused is shown on that field, like the form's own checks.
    const field = error instanceof ApiError && error.status === 400 && formFieldOf(error.field);
    if (field) form.refuse(field, found.message);
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

  /**
   * The answers to the plan's own questions by field id, as typed: the platform trims them and
   * drops empty ones; a field never typed in is left out of the JSON.
   */
  const answers = () =>
    Object.fromEntries(
      customFields.value.map((field) => [field.id, form.values.value[customKey(field)]]),
    ) as Record<string, string>;

  function paymentBody(): PaymentRequest {
    const values = form.values.value;
    const expiry = parseExpiry(values.expiry!)!;
    const body: PaymentRequest = {
      plan_id: plan.value!.id,
      session_id: config.sessionId,
      email: values.email!.trim(),
      name: values.name!.trim(),
      country: values.country!,
      card: {
        number: digitsOnly(values.cardNumber!),
        exp_month: expiry.month,
        exp_year: expiry.year,
        cvc: values.cvc!,
      },
      custom_fields: answers(),
    };
    const applied = promo.quote.value?.promo;
    if (applied) body.promo_code = applied.code;
    if (Object.keys(config.utm).length) body.utm = config.utm;
    if (config.affiliateCode) body.affiliate_code = config.affiliateCode;
    if (config.returnUrl) body.return_url = config.returnUrl;
    return Object.assign(body, details.value?.body(values));
  }

  async function submit(): Promise<void> {
    const busy = ["processing", "complete", "challenge", "loading"];
    if (busy.includes(state.value) || !plan.value || unavailable.value) return;
    // The plan's own questions come last, as the forms show them.
    const names = [
      ...(isEntry.value ? ["email"] : PAY_FIELDS),
      ...customFields.value.map(customKey),
    ];
    if (!form.validate(names)) return;
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
    try {
      entry.value = await createEntry({
        plan_id: plan.value!.id,
        session_id: config.sessionId,
        email: form.values.value.email!.trim(),
        custom_fields: answers(),
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
      finish(await answerChallenge(pending.payment_id, outcome, config.returnUrl));
    } catch (error) {
      const { retryable } = problemOf(error);
      // A network failure keeps the challenge open so the buyer can answer again.
      if (!retryable) challenge.value = null;
      fail(error, retryable ? "challenge" : "error");
    }
  }

  return {
    config,
    form,
    promo,
    view,
    plan,
    loadError,
    state,
    theme,
    problem,
    result,
    entry,
    challenge,
    details,
    customFields,
    isEntry,
    amountDue,
    totals,
    unavailable,
    load,
    submit,
    resolveChallenge,
  };
}
