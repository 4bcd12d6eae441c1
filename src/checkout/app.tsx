import type { CheckoutModel } from "./CheckoutModel.ts";
import { PaymentForm } from "./components/PaymentForm.tsx";
import { PlanSummary } from "./components/PlanSummary.tsx";
import { SuccessView } from "./components/SuccessView.tsx";

export function App({ model }: { model: CheckoutModel }) {
  const view = model.view.value;
  const unavailable = model.unavailable.value;
  const result = model.result.value;

  if (!view) {
    return unavailable ? (
      <div class="card notice" role="alert" data-testid="unavailable">
        <p>{unavailable}</p>
      </div>
    ) : null;
  }
  return (
    <div class="card">
      <PlanSummary view={view} />
      {result ? (
        <SuccessView result={result} />
      ) : unavailable ? (
        <p class="notice" role="alert" data-testid="unavailable">
          {unavailable}
        </p>
      ) : (
        <PaymentForm model={model} />
      )}
    </div>
  );
}
