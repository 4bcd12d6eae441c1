/**
 * What the idempotency record remembers of a payment request, to tell a retry (same body) from
 * a reused key (another body). A plain hash of the body would let anyone holding the database
 * recover the card: the number has about 10^10 candidates once the brand prefix and last four
 * are known, and the expiry and CVC a few thousand more. So the fingerprint is an HMAC under a
 * server secret that is never stored in the database, and the CVC is left out entirely: a card
 * payment may not keep it in any form after authorisation.
 */
import { createHmac } from "node:crypto";

export function requestFingerprint<Body extends { card: { cvc: string } }>(
  secret: Buffer,
  body: Body,
): string {
  const { cvc: _cvc, ...card } = body.card;
  return createHmac("sha256", secret)
    .update(JSON.stringify({ ...body, card }))
    .digest("hex");
}
