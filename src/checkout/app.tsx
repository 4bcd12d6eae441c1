import { signal } from "@preact/signals";
import type { ChallengeView as ChallengeViewType } from "./components/ChallengeView.tsx";
import { EntryForm } from "./components/EntryForm.tsx";
import { PaymentForm } from "./components/PaymentForm.tsx";
import { PlanSummary } from "./components/PlanSummary.tsx";
import { SuccessView } from "./components/SuccessView.tsx";
import { t } from "./i18n.ts";
import type { CheckoutModel } from "./models/CheckoutModel.ts";

/**
 * The 3-D Secure style step, a chunk of its own: few payments need it, so it loads when one
 * does (the platform answered 202), and no other checkout pays for its bytes. If it cannot
 * load, the buyer is told to check their connection (the payment waits, uncharged).
 */
const challengeView = signal<typeof ChallengeViewType | null | false>(null);
let challengeLoad: Promise<unknown> | undefined;

function Challenge({ model }: { model: CheckoutModel }) {
  if (!challengeLoad) {
    challengeLoad = import("./components/ChallengeView.tsx").then(
      (module) => {
        challengeView.value = module.ChallengeView;
      },
      () => {
        challengeView.value = false;
      },
    );
  }
  const View = challengeView.value;
  return View === false ? <Unavailable text={t("network")} /> : View && <View model={model} />;
}

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
        <Challenge model={model} />
      ) : model.isEntry.value ? (
        <EntryForm model={model} />
      ) : (
        <PaymentForm model={model} />
      )}
    </div>
  );
}
