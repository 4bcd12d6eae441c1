-- Idempotency records expire 24 hours after their first answer and are then deleted (the
-- payment route sweeps them, oldest first by this index).
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);

-- The request hashes written before now were unkeyed SHA-256 of the whole payment body, card
-- number and CVC included, from which the card could be recovered. They are overwritten by a
-- value no keyed fingerprint equals: reusing such a key answers 409 until its record expires.
UPDATE idempotency_keys SET request_hash = 'retired-unkeyed-hash';
