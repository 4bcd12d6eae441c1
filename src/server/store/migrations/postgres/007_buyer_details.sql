-- Buyer details beyond the card: what a plan asks the buyer for (a full billing address, a
-- shipping address, a phone number), and what a payment was given. Addresses are JSON text
-- (line1, line2, city, state, postal_code, country; a shipping address also has name), as every
-- JSON column is, so both engines answer byte for byte the same; written only by the payment
-- route after its checks. The phone is E.164 ("+12015550123").
ALTER TABLE plans ADD COLUMN collect_address BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE plans ADD COLUMN collect_shipping BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE plans ADD COLUMN collect_phone BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE payments ADD COLUMN billing_address TEXT;
ALTER TABLE payments ADD COLUMN shipping_address TEXT;
ALTER TABLE payments ADD COLUMN phone TEXT;
