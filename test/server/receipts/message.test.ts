import { describe, expect, it } from "vitest";
import { composeReceipt, type ReceiptFacts } from "../../../src/server/receipts/message.ts";

const facts = (overrides: Partial<ReceiptFacts> = {}): ReceiptFacts => ({
  receipt_id: "r_AAAAAAAAAAAAAAAA",
  payment_id: "pay_BBBBBBBBBBBBBBBB",
  created_at: "2025-03-05T14:03:09.120Z",
  amount: 4900,
  currency: "usd",
  card_brand: "visa",
  card_last4: "4242",
  company_title: "Acme",
  product_title: "Course",
  plan_description: "Lifetime access",
  trial: false,
  ...overrides,
});

describe("the receipt email", () => {
  it("says what was bought, for how much, when, with which card, and from whom", () => {
    const { subject, text } = composeReceipt(facts());
    expect(subject).toBe("Your receipt from Acme: $49.00 for Course (Lifetime access)");
    expect(text).toBe(
      [
        "Thank you for your purchase.",
        "",
        "Item: Course (Lifetime access)",
        "Amount paid: $49.00",
        "Date: March 5, 2025 at 2:03 PM UTC",
        "Paid with: Visa ending in 4242",
        "Receipt: r_AAAAAAAAAAAAAAAA",
        "Payment: pay_BBBBBBBBBBBBBBBB",
        "",
        "Sold by Acme. Test mode: no real card was charged.",
        "",
      ].join("\n"),
    );
  });

  it("dates each receipt to its own minute, one after another", () => {
    const dateOf = (created_at: string) =>
      /Date: (.*)\n/.exec(composeReceipt(facts({ created_at })).text)![1];
    expect(dateOf("2025-03-05T14:03:59.999Z")).toBe("March 5, 2025 at 2:03 PM UTC");
    expect(dateOf("2025-03-05T14:04:00.000Z")).toBe("March 5, 2025 at 2:04 PM UTC");
    expect(dateOf("2025-03-05T14:03:00.000Z")).toBe("March 5, 2025 at 2:03 PM UTC");
    expect(dateOf("2026-12-31T23:59:30.000Z")).toBe("December 31, 2026 at 11:59 PM UTC");
  });

  it("formats each currency with its own digits", () => {
    expect(composeReceipt(facts({ amount: 4900, currency: "jpy" })).text).toContain("¥4,900");
    // Intl puts a no-break space between the code and the amount.
    expect(composeReceipt(facts({ amount: 15250, currency: "kwd" })).text).toMatch(
      /Amount paid: KWD\s15\.250\n/,
    );
  });

  it("words a free trial's start as such, and names an unknown brand plainly", () => {
    const { text } = composeReceipt(
      facts({ trial: true, amount: 0, card_brand: "unknown", plan_description: null }),
    );
    expect(text).toContain("Your free trial has started.");
    expect(text).toContain("Item: Course\n");
    expect(text).toContain("Charged today: $0.00");
    expect(text).toContain("Paid with: Card ending in 4242");
  });

  it("escapes the merchant's names in the HTML body", () => {
    const { html } = composeReceipt(
      facts({ company_title: 'A&B <script>alert("x")</script>', product_title: "<b>Course</b>" }),
    );
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<b>Course");
    expect(html).toContain("A&#38;B &#60;script&#62;");
    expect(html).toContain("<td");
  });
});
