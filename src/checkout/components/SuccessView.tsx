import { useEffect, useState } from "preact/hooks";
import { money } from "../format.ts";
import { t } from "../i18n.ts";
import type { CheckoutModel } from "../models/CheckoutModel.ts";
import { useFocusOnMount } from "./focus.ts";

/** How long after a purchase a navigation that has not begun is taken as not coming (ms). */
export const NAVIGATION_WAIT = 3000;

/** Confirmation of a payment (receipt) or of a waitlist / raffle entry. */
export function SuccessView({ model }: { model: CheckoutModel }) {
  const heading = useFocusOnMount();
  const result = model.result.value;
  // The loader navigates on `complete`, unloading this frame, unless told not to (skip-redirect,
  // known here) or the page cancels the event, which only the loader knows: a frame still here
  // a moment later is not being taken anywhere, so it stops saying so.
  const [movingOn, setMovingOn] = useState(!!result?.redirect_url && !model.config.skipRedirect);
  useEffect(() => {
    const timer = setTimeout(setMovingOn, NAVIGATION_WAIT, false);
    return () => clearTimeout(timer);
  }, []);
  const entry = model.entry.value;
  const receipt = result?.receipt;
  const trial = !!model.plan.value?.trial_period_days && receipt?.amount === 0;
  const email = receipt?.email ?? entry?.email ?? "";
  const [title, body] = receipt
    ? trial
      ? ["trialStarted", "trialBody"]
      : ["paid", "paidBody"]
    : entry?.kind === "raffle"
      ? ["entered", "enteredBody"]
      : ["joined", "joinedBody"];
  // Without a mail server the platform keeps the receipt unsent: the sentence says so.
  const [before, after] = t(
    `${body}${receipt?.email_status === "held" ? "Kept" : ""}` as "paidBody",
    {
      a: receipt ? money(receipt.amount, receipt.currency) : "",
      e: "\u0000",
    },
  ).split("\u0000");
  return (
    <section class="panel success" aria-labelledby="done-title" data-testid="success">
      <div class="check" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true">
          <path fill="none" stroke="currentColor" stroke-width="2.6" d="m5 12.5 4.5 4.5L19 7.5" />
        </svg>
      </div>
      <h2 id="done-title" tabIndex={-1} ref={heading}>
        {t(title as "paid")}
      </h2>
      <p>
        {before}
        <strong>{email}</strong>
        {after}
      </p>
      {receipt && (
        <p class="receipt">
          {t("receipt")} <code data-testid="receipt-id">{receipt.id}</code>
        </p>
      )}
      {movingOn && <p class="note">{t("onward")}</p>}
    </section>
  );
}
