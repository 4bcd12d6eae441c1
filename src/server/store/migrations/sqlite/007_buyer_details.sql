-- Buyer details beyond the card: what a plan asks the buyer for (a full billing address, a
-- shipping address, a phone number), and what a payment was given. Addresses are JSON text
-- (line1, line2, city, state, postal_code, country; a shipping address also has name), written
-- only by the payment route after its checks; the phone is E.164 ("+12015550123").
ALTER TABLE plans ADD COLUMN collect_address INTEGER NOT NULL DEFAULT 0 CHECK (collect_address IN (0, 1));
ALTER TABLE plans ADD COLUMN collect_shipping INTEGER NOT NULL DEFAULT 0 CHECK (collect_shipping IN (0, 1));
ALTER TABLE plans ADD COLUMN collect_phone INTEGER NOT NULL DEFAULT 0 CHECK (collect_phone IN (0, 1));
ALTER TABLE payments ADD COLUMN billing_address TEXT;
ALTER TABLE payments ADD COLUMN shipping_address TEXT;
ALTER TABLE payments ADD COLUMN phone TEXT;
