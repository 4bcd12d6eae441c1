import { t } from "../i18n.ts";
import type { CheckoutModel } from "../models/CheckoutModel.ts";

/** The terms line (linking to the seller's terms) and the test-mode note. */
export function Terms({ model }: { model: CheckoutModel }) {
  const url = model.view.value?.product.terms_url;
  const [before, after] = t("tos", { l: "\u0000" }).split("\u0000");
  return (
    <div class="fine">
      {url && !model.config.hideTos && (
        <p data-testid="tos">
          {before}
          <a href={url} target="_blank" rel="noopener noreferrer">
            {t("tosLink")}
          </a>
          {after}
        </p>
      )}
      <p class="test-mode">
        <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
          <path
            fill="currentColor"
            d="M8 1a3.5 3.5 0 0 0-3.5 3.5V6H4a1 1 0 0 0-1 1v7a1 1 0 0 0 1 1h8a1 1 0 0 0 1-1V7a1 1 0 0 0-1-1h-.5V4.5A3.5 3.5 0 0 0 8 1Zm2 5H6V4.5a2 2 0 1 1 4 0V6Z"
          />
        </svg>
        {t("testMode")}
      </p>
    </div>
  );
}
