/**
 * The receipt email a buyer gets for a succeeded payment: a subject, a plain-text body and a
 * simple HTML body saying the same. It names the card by brand and last four digits only: the
 * platform never has more of it to give.
 */
import { BRAND_NAMES } from "../../card.ts";
import { formatMoney } from "../../money.ts";
import { escapeHtml } from "../http/escape-html.ts";

/** Everything a receipt says, read in the payment's transaction. */
export interface ReceiptFacts {
  receipt_id: string;
  payment_id: string;
  /** ISO time the receipt was issued. */
  created_at: string;
  /** Minor units of `currency`, as charged. */
  amount: number;
  currency: string;
  card_brand: string;
  card_last4: string;
  company_title: string;
  product_title: string;
  plan_description: string | null;
  /** Whether this is a free trial's start (nothing charged today). */
  trial: boolean;
}

interface ReceiptMessage {
  subject: string;
  text: string;
  html: string;
}

// Emails go out in English with UTC times: the platform does not know the buyer's language or
// zone when it writes them (the checkout's catalogue stays in the iframe).
const LOCALE = "en";
// Made once: building an Intl format costs more than a payment's own SQL (a CPU profile of
// the payments bench had it at 8%).
const DATE_FORMAT = new Intl.DateTimeFormat(LOCALE, {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "UTC",
});
/**
 * The time to the minute, as the format shows it: receipts written in the same minute say the
 * same, so the last minute's text is kept (formatting took a fiftieth of a payment's CPU).
 */
let lastMinute = { minute: Number.NaN, text: "" };
function dateText(iso: string): string {
  const minute = Math.floor(Date.parse(iso) / 60_000);
  if (minute !== lastMinute.minute) {
    lastMinute = { minute, text: `${DATE_FORMAT.format(new Date(minute * 60_000))} UTC` };
  }
  return lastMinute.text;
}

const itemOf = (facts: ReceiptFacts) =>
  facts.plan_description
    ? `${facts.product_title} (${facts.plan_description})`
    : facts.product_title;
const amountOf = (facts: ReceiptFacts) => formatMoney(facts.amount, facts.currency, LOCALE);

/** The subject alone, which listings show without composing the bodies. */
export const receiptSubject = (facts: ReceiptFacts) =>
  `Your receipt from ${facts.company_title}: ${amountOf(facts)} for ${itemOf(facts)}`;

export function composeReceipt(facts: ReceiptFacts): ReceiptMessage {
  const item = itemOf(facts);
  const amount = amountOf(facts);
  const brand = BRAND_NAMES[facts.card_brand] ?? "Card";
  const heading = facts.trial ? "Your free trial has started" : "Thank you for your purchase";
  const rows: [string, string][] = [
    ["Item", item],
    [facts.trial ? "Charged today" : "Amount paid", amount],
    ["Date", dateText(facts.created_at)],
    ["Paid with", `${brand} ending in ${facts.card_last4}`],
    ["Receipt", facts.receipt_id],
    ["Payment", facts.payment_id],
  ];
  const footer = `Sold by ${facts.company_title}. Test mode: no real card was charged.`;
  const text = [
    `${heading}.`,
    "",
    ...rows.map(([label, value]) => `${label}: ${value}`),
    "",
    footer,
    "",
  ].join("\n");
  const cell = "padding:4px 16px 4px 0;text-align:left;vertical-align:top";
  const html = `<!doctype html>
<html lang="${LOCALE}"><head><meta charset="utf-8"><title>${escapeHtml(heading)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#111;line-height:1.5">
<h1 style="font-size:20px">${escapeHtml(heading)}</h1>
<table role="presentation" style="border-collapse:collapse">
${rows.map(([label, value]) => `<tr><th scope="row" style="${cell};font-weight:600">${escapeHtml(label)}</th><td style="${cell}">${escapeHtml(value)}</td></tr>`).join("\n")}
</table>
<p style="color:#555;font-size:13px">${escapeHtml(footer)}</p>
</body></html>
`;
  return { subject: receiptSubject(facts), text, html };
}
