-- A rotated endpoint keeps its previous signing secret until `previous_secret_expires_at`
-- (milliseconds since the epoch); until then every delivery carries a signature with each, so
-- a receiver can switch to the new secret without missing a delivery.
ALTER TABLE webhook_endpoints ADD COLUMN previous_secret TEXT;
ALTER TABLE webhook_endpoints ADD COLUMN previous_secret_expires_at BIGINT;
