import { batch, type ReadonlySignal, signal } from "@preact/signals";
import type { PublicPlan, Quote } from "../../protocol/index.ts";
import { fetchQuote } from "../api.ts";
import { problemOf } from "../errors.ts";
import { t } from "../i18n.ts";

export type PromoModel = ReturnType<typeof createPromoModel>;

/** A promo code for the plan: the code typed, the platform's price for it, and why it failed. */
export function createPromoModel(plan: ReadonlySignal<PublicPlan | null>) {
  const code = signal("");
  /** The price with the applied code; null while none is applied. */
  const quote = signal<Quote | null>(null);
  const error = signal<string | null>(null);
  const busy = signal(false);

  async function apply(): Promise<void> {
    const current = plan.value;
    const typed = code.value.trim();
    if (!current || busy.value) return;
    if (!typed) {
      error.value = t("ePromo");
      return;
    }
    busy.value = true;
    error.value = null;
    try {
      quote.value = await fetchQuote(current.id, typed);
    } catch (failure) {
      quote.value = null;
      error.value = problemOf(failure, "promoBad").message;
    } finally {
      busy.value = false;
    }
  }

  function remove(): void {
    batch(() => {
      quote.value = null;
      code.value = "";
      error.value = null;
    });
  }

  return { code, quote, error, busy, apply, remove };
}
