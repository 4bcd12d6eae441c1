import { money } from "../format.ts";
import { t } from "../i18n.ts";
import type { CheckoutModel } from "../models/CheckoutModel.ts";
import { useFocusOnMount } from "./focus.ts";

/** The 3-D Secure style step, shown inside the checkout in place of the form. */
export function ChallengeView({ model }: { model: CheckoutModel }) {
  const heading = useFocusOnMount();
  const { plan, company } = model.view.value!;
  const processing = model.state.value === "processing";
  const problem = model.problem.value;
  return (
    <section class="panel challenge" aria-labelledby="challenge-title" data-testid="challenge">
      <div class="shield" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="26" height="26" aria-hidden="true">
          <path
            fill="currentColor"
            d="M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5l-8-3Zm-1.2 14.2-3.5-3.5 1.4-1.4 2.1 2.1 4.9-4.9 1.4 1.4-6.3 6.3Z"
          />
        </svg>
      </div>
      <h2 id="challenge-title" tabIndex={-1} ref={heading}>
        {t("chTitle")}
      </h2>
      <p>
        {t("chBody", { a: money(model.amountDue.value, plan.base_currency), s: company.title })}
      </p>
      <p class="note">{t("chHint")}</p>
      <div class="alert" role="alert">
        {problem?.message ?? ""}
      </div>
      <div class="actions">
        <button
          type="button"
          class="pay"
          aria-disabled={processing}
          onClick={() => void model.resolveChallenge("approve")}
        >
          {t("approve")}
        </button>
        <button
          type="button"
          class="secondary"
          aria-disabled={processing}
          onClick={() => void model.resolveChallenge("fail")}
        >
          {t("fail")}
        </button>
      </div>
    </section>
  );
}
