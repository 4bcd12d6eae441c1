import { useState } from "preact/hooks";
import type { CheckoutModel } from "../CheckoutModel.ts";
import { t } from "../i18n.ts";
import { useFocusOnMount } from "./focus.ts";

/** "Promo code" link that opens a code field; an applied code shows as a removable chip. */
export function PromoCode({ model }: { model: CheckoutModel }) {
  const [open, setOpen] = useState(false);
  const promo = model.quote.value?.promo;
  if (promo) {
    return (
      <p class="promo-applied" data-testid="promo-applied">
        <span>{t("applied", { c: promo.code })}</span>
        <button type="button" class="link" onClick={model.removePromo}>
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
  return <PromoField model={model} />;
}

/** The code field, focused when it appears (the buyer opened it, or removed an applied code). */
function PromoField({ model }: { model: CheckoutModel }) {
  const input = useFocusOnMount<HTMLInputElement>();
  const error = model.promoError.value;
  return (
    <div class={error ? "field invalid" : "field"}>
      <label for="promo">{t("promo")}</label>
      <div class="promo-row">
        <input
          ref={input}
          id="promo"
          autoComplete="off"
          value={model.promoCode.value}
          aria-invalid={error ? "true" : undefined}
          aria-describedby="promo-error"
          onInput={(event) => {
            model.promoCode.value = event.currentTarget.value;
          }}
          onKeyDown={(event) => {
            // Enter applies the code instead of submitting the payment.
            if (event.key === "Enter") {
              event.preventDefault();
              void model.applyPromo();
            }
          }}
        />
        <button
          type="button"
          class="secondary"
          disabled={model.promoBusy.value}
          onClick={() => void model.applyPromo()}
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
