import { signal } from "@preact/signals";
import type { FunctionComponent } from "preact";
import { EntryForm } from "./components/EntryForm.tsx";
import { PaymentForm } from "./components/PaymentForm.tsx";
import { PlanSummary } from "./components/PlanSummary.tsx";
import { t } from "./i18n.ts";
import type { CheckoutModel } from "./models/CheckoutModel.ts";

type Step = FunctionComponent<{ model: CheckoutModel }>;

/**
 * A step of the checkout in a chunk of its own, so that no checkout's first paint waits for its
 * bytes: loaded when first shown, or before through `load` (once; later calls do nothing).
 * Nothing shows until it is there; if it cannot load, `fallback` does.
 */
function onDemand(importStep: () => Promise<Step>, fallback: Step) {
  const step = signal<Step | null>(null);
  let loading: Promise<void> | undefined;
  const load = () => {
    if (!loading) {
      loading = importStep().then(
        (loaded) => {
          step.value = loaded;
        },
        () => {
          step.value = fallback;
        },
      );
    }
  };
  const Lazy: Step = ({ model }) => {
    load();
    const Loaded = step.value;
    return Loaded && <Loaded model={model} />;
  };
  return [Lazy, load] as const;
}

/**
 * The 3-D Secure style step: few payments need it (the platform answered 202). If it cannot
 * load, the buyer is told to check their connection (the payment waits, uncharged).
 */
const [Challenge] = onDemand(
  () => import("./components/ChallengeView.tsx").then((module) => module.ChallengeView),
  () => <Unavailable text={t("network")} />,
);

/**
 * The confirmation of a payment or an entry, loaded as soon as the buyer pays or enters (see
 * main.tsx), so it is there when the platform answers. If it cannot load, its title shows.
 */
const [Success, loadSuccess] = onDemand(
  () => import("./components/SuccessView.tsx").then((module) => module.SuccessView),
  ({ model }) => (
    <Unavailable
      text={t(
        model.result.value ? "paid" : model.entry.value?.kind === "raffle" ? "entered" : "joined",
      )}
    />
  ),
);

export { loadSuccess };

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
        <Success model={model} />
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
