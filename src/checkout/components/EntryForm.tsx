import { t } from "../i18n.ts";
import type { CheckoutModel } from "../models/CheckoutModel.ts";
import { CustomFields } from "./CustomFields.tsx";
import { EmailField } from "./Field.tsx";
import { Form } from "./Form.tsx";

/** Waitlist and raffle plans: email and the plan's own questions, no card. */
export function EntryForm({ model }: { model: CheckoutModel }) {
  const raffle = model.plan.value!.release_method === "raffle";
  const processing = model.state.value === "processing";
  return (
    <Form model={model} submitLabel={processing ? t("processing") : t(raffle ? "enter" : "join")}>
      <p class="note">{t(raffle ? "raffleNote" : "waitlistNote")}</p>
      <EmailField model={model} />
      <CustomFields model={model} />
    </Form>
  );
}
