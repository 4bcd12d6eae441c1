import { formatMoney } from "../../src/money.ts";
import {
  type ApiErrorBody,
  type CheckoutSessionView,
  type PaymentView,
  RECEIPT_ID,
  type ReceiptView,
} from "../../src/protocol/index.ts";
import { escapeHtml } from "../../src/server/http/escape-html.ts";

/**
 * What a merchant's own server does around the embed: it holds the API key, creates a checkout
 * session (with its own metadata) before rendering the page, and confirms receipts server-side
 * rather than trusting the redirect's query string. Everything goes over the platform's public
 * HTTP API, exactly as it would from another machine.
 */
export class MerchantBackend {
  constructor(
    private readonly platformOrigin: string,
    private readonly apiKey: string,
  ) {}

  private async call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const response = await fetch(`${this.platformOrigin}/api/v1${path}`, {
      ...init,
      headers: {
        Authorization: `Bearer ${this.apiKey}`,
        "Content-Type": "application/json",
        ...init.headers,
      },
    });
    const body = (await response.json().catch(() => null)) as (T & Partial<ApiErrorBody>) | null;
    if (!response.ok || !body) {
      throw new Error(body?.error?.message ?? `The platform answered ${response.status}.`);
    }
    return body;
  }

  /** A fresh session per page view, carrying the merchant's own order reference. */
  async createSession(
    planId: string,
    metadata: Record<string, string>,
  ): Promise<CheckoutSessionView> {
    const { session } = await this.call<{ session: CheckoutSessionView }>("/checkout_sessions", {
      method: "POST",
      body: JSON.stringify({ plan_id: planId, metadata, expires_in: 3600 }),
    });
    return session;
  }

  /** The receipt and its payment as the platform knows them; throws when there is none. */
  getReceipt(receiptId: string): Promise<{ receipt: ReceiptView; payment: PaymentView }> {
    if (!RECEIPT_ID.test(receiptId)) {
      return Promise.reject(new Error("The receipt id in the link is malformed."));
    }
    return this.call(`/receipts/${receiptId}`);
  }
}

/** The thank-you page's verdict on a redirect, rendered on the server. */
export async function confirmationHtml(
  merchant: MerchantBackend,
  query: URLSearchParams,
): Promise<string> {
  const receiptId = query.get("receipt_id");
  if (!receiptId) {
    return `<p class="verdict unverified" data-verdict="missing">No receipt id in the link: nothing to confirm.</p>`;
  }
  try {
    const { receipt, payment } = await merchant.getReceipt(receiptId);
    if (payment.status !== "succeeded") throw new Error(`The payment is ${payment.status}.`);
    const planMatches = !query.get("plan_id") || query.get("plan_id") === payment.plan_id;
    if (!planMatches) throw new Error("The link names a different plan than the receipt.");
    return `<p class="verdict verified" data-verdict="verified">Confirmed by the platform: ${escapeHtml(
      formatMoney(receipt.amount, receipt.currency, "en-US"),
    )} paid by ${escapeHtml(receipt.email)} for ${escapeHtml(payment.plan_id)} (receipt ${escapeHtml(
      receipt.id,
    )}).</p>`;
  } catch (error) {
    return `<p class="verdict unverified" data-verdict="unverified">Not confirmed: ${escapeHtml(
      (error as Error).message,
    )} Do not grant access on the strength of the link alone.</p>`;
  }
}
