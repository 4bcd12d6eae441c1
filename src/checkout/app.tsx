import { ChallengeView } from "./components/ChallengeView.tsx";
import { EntryForm } from "./components/EntryForm.tsx";
import { PaymentForm } from "./components/PaymentForm.tsx";
import { PlanSummary } from "./components/PlanSummary.tsx";
import { SuccessView } from "./components/SuccessView.tsx";
import { t } from "./i18n.ts";
import type { CheckoutModel } from "./models/CheckoutModel.ts";

function Unavailable({ text }: { text: string }) {
  const soldOut = text === t("soldOut");
  return (
    <div class="panel notice" role="alert" data-testid="unavailable">
      <p class="notice-title">{text}</p>
      {soldOut && <p class="note">{t("soldOutBody")}</p>}
    </div>
  );
}

export function App({ model }: { model: CheckoutModel }) {
  const view = model.view.value;
  const unavailable = model.unavailable.value;
  if (!view) {
    return <div class="card">{unavailable && <Unavailable text={unavailable} />}</div>;
  }
  const done = model.result.value || model.entry.value;
  return (
    <div class="card">
      <PlanSummary model={model} />
      {done ? (
        <SuccessView model={model} />
      ) : unavailable ? (
        <Unavailable text={unavailable} />
      ) : model.challenge.value ? (
        <ChallengeView model={model} />
      ) : model.isEntry.value ? (
        <EntryForm model={model} />
      ) : (
        <PaymentForm model={model} />
      )}
    </div>
  );
}
