import { formatMoney } from "../../money.ts";
import type { PaymentResult } from "../../protocol.ts";

export function SuccessView({ result }: { result: PaymentResult }) {
  const { receipt } = result;
  return (
    <section class="success" aria-live="polite" data-testid="success">
      <div class="check" aria-hidden="true">
        ✓
      </div>
      <h2>Payment successful</h2>
      <p>
        {formatMoney(receipt.amount, receipt.currency)} paid. A receipt was sent to{" "}
        <strong>{receipt.email}</strong>.
      </p>
      <p class="receipt">
        Receipt <code data-testid="receipt-id">{receipt.id}</code>
      </p>
      {result.redirect_url && <p class="fine">Taking you onward…</p>}
    </section>
  );
}
