import { money, priceText } from "../format.ts";
import { t } from "../i18n.ts";
import type { CheckoutModel } from "../models/CheckoutModel.ts";

/** Seller, product, plan and price; with a promo code, the subtotal, discount and total. */
export function PlanSummary({ model }: { model: CheckoutModel }) {
  const { product, plan, company } = model.view.value!;
  const quote = model.promo.quote.value;
  const showPrice = !model.config.hidePrice && plan.release_method === "buy_now";
  const lowStock = !plan.unlimited_stock && plan.stock > 0 && plan.stock <= 10;
  const price = (minor: number) => money(minor, plan.base_currency);
  const priceLine = priceText(plan, quote?.renewal_total ?? plan.renewal_price);
  return (
    <header class="summary">
      <p class="seller">
        {product.logo_url ? (
          <img src={product.logo_url} alt="" width="20" height="20" />
        ) : (
          <span class="avatar" aria-hidden="true">
            {company.title.charAt(0)}
          </span>
        )}
        {company.title}
      </p>
      <h1>{product.title}</h1>
      {plan.description && <p class="plan-name">{plan.description}</p>}
      {showPrice && (
        <p class={priceLine.length > 16 ? "price long" : "price"} data-testid="price">
          {priceLine}
        </p>
      )}
      {showPrice && plan.trial_period_days ? <p class="note">{t("nothingToday")}</p> : null}
      {lowStock && <p class="stock">{t("left", { n: plan.stock })}</p>}
      {showPrice && quote?.promo && (
        <dl class="totals" data-testid="totals">
          <div>
            <dt>{t("subtotal")}</dt>
            <dd>{price(quote.subtotal)}</dd>
          </div>
          <div>
            <dt>{t("discount")}</dt>
            <dd>−{price(quote.discount)}</dd>
          </div>
          <div class="total">
            <dt>{t("total")}</dt>
            <dd data-testid="total">{price(quote.total)}</dd>
          </div>
        </dl>
      )}
    </header>
  );
}
