import type { PlanView } from "../../protocol.ts";
import { priceText } from "../format.ts";

export function PlanSummary({ view }: { view: PlanView }) {
  const { product, plan, company } = view;
  return (
    <header class="summary">
      <p class="seller">{company.title}</p>
      <h1>{product.title}</h1>
      {plan.description && <p class="plan-name">{plan.description}</p>}
      <p class="price" data-testid="price">
        {priceText(plan)}
      </p>
    </header>
  );
}
