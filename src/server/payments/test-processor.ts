import { type CardBrand, detectBrand, digitsOnly, isExpired } from "../../card.ts";
import type { CardInput, DeclineCode } from "../../protocol/index.ts";

type ChargeOutcome =
  | { ok: true; brand: CardBrand; last4: string }
  | { ok: "challenge"; brand: CardBrand; last4: string }
  | { ok: false; brand: CardBrand; last4: string; code: DeclineCode; message: string };

/**
 * The message of each decline, in the API's answer (the checkout shows its own translation,
 * chosen by code).
 */
export const DECLINE_MESSAGES: Record<DeclineCode, string> = {
  card_declined: "Your card was declined. Try another card or contact your bank.",
  insufficient_funds: "Your card has insufficient funds. Try another card.",
  expired_card: "Your card has expired. Check the expiry date or use another card.",
};

/**
 * Test-mode card numbers and what they do. Any other number is declined, as a test-mode
 * processor must never appear to charge a real card.
 */
const TEST_CARDS: Record<string, "ok" | "challenge" | DeclineCode> = {
  "4242424242424242": "ok",
  // Needs a 3-D Secure style challenge before it succeeds or fails.
  "4000000000003220": "challenge",
  "5555555555554444": "ok",
  "378282246310005": "ok",
  "4000000000000002": "card_declined",
  "4000000000009995": "insufficient_funds",
  "4000000000000069": "expired_card",
};

/** Charges a card in test mode. Deterministic, synchronous and without side effects. */
export function chargeTestCard(card: CardInput): ChargeOutcome {
  const number = digitsOnly(card.number);
  const brand = detectBrand(number);
  const last4 = number.slice(-4);
  const outcome = isExpired(card.exp_month, card.exp_year)
    ? "expired_card"
    : (TEST_CARDS[number] ?? "card_declined");
  if (outcome === "ok") return { ok: true, brand, last4 };
  if (outcome === "challenge") return { ok: "challenge", brand, last4 };
  return { ok: false, brand, last4, code: outcome, message: DECLINE_MESSAGES[outcome] };
}
