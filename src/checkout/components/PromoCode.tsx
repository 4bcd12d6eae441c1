import { useState } from "preact/hooks";
import { t } from "../i18n.ts";
import type { PromoModel } from "../models/PromoModel.ts";
import { useFocusOnMount } from "./focus.ts";

/** "Promo code" link that opens a code field; an applied code shows as a removable chip. */
export function PromoCode({ promo }: { promo: PromoModel }) {
  // Open from the start with the host page's code (promo-code): when refused, its error shows
  // without taking the buyer's focus.
  const [open, setOpen] = useState<boolean | "quiet">(
    promo.error.value ? "quiet" : !!promo.code.value,
  );
  const applied = promo.quote.value?.promo;
  if (applied) {
    return (
      <p class="promo-applied" data-testid="promo-applied">
        <span>{t("applied", { c: applied.code })}</span>
        <button type="button" class="link" onClick={promo.remove}>
          {t("remove")}
        </button>
      </p>
    );
  }
  if (!open) {
    return (
      <button
        type="button"
        class="link promo-toggle"
        aria-expanded="false"
        onClick={() => setOpen(true)}
      >
        + {t("promo")}
      </button>
    );
  }
  return <PromoField promo={promo} focus={open === true} />;
}

/** The code field, focused when it appears (the buyer opened it, or removed an applied code). */
function PromoField({ promo, focus }: { promo: PromoModel; focus: boolean }) {
  const input = useFocusOnMount<HTMLInputElement>(focus);
  const error = promo.error.value;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for="promo">{t("promo")}</label>
      <div class="promo-row">
        <input
          ref={input}
          id="promo"
          autoComplete="off"
          value={promo.code.value}
          aria-invalid={error ? "true" : undefined}
          aria-describedby="promo-error"
          onInput={(event) => {
            promo.code.value = event.currentTarget.value;
          }}
          onKeyDown={(event) => {
            // Enter applies the code instead of submitting the payment.
            if (event.key === "Enter") {
              event.preventDefault();
              void promo.apply();
            }
          }}
        />
        <button
          type="button"
          class="secondary"
          disabled={promo.busy.value}
          onClick={() => void promo.apply()}
        >
          {t("apply")}
        </button>
      </div>
      <p id="promo-error" class="field-error" aria-live="polite" data-testid="promo-error">
        {error ?? ""}
      </p>
    </div>
  );
}
