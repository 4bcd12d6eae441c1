-- Idempotency keys are unique per company, not across the platform: two merchants' backends
-- (or two buyers' browsers on two merchants' pages) may pick the same key without one being
-- answered with the other's payment or refused as a conflict. SQLite cannot change a primary
-- key in place, so the table is rebuilt.
--
-- Every stored answer names the payment it made (`payment.id` in a 201, `payment_id` in a 202
-- or 402), and that payment's plan names the company. An answer naming no payment cannot be
-- scoped and is dropped, its key starting afresh; none is ever written without one.
CREATE TABLE idempotency_keys_new (
  company_id    TEXT NOT NULL REFERENCES companies(id),
  key           TEXT NOT NULL,
  request_hash  TEXT NOT NULL,
  status_code   INTEGER NOT NULL,
  response      TEXT NOT NULL,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  PRIMARY KEY (company_id, key)
);
INSERT INTO idempotency_keys_new (company_id, key, request_hash, status_code, response, created_at)
SELECT pr.company_id, k.key, k.request_hash, k.status_code, k.response, k.created_at
FROM idempotency_keys k
JOIN payments p ON p.id = coalesce(json_extract(k.response, '$.payment_id'),
                                   json_extract(k.response, '$.payment.id'))
JOIN plans pl ON pl.id = p.plan_id
JOIN products pr ON pr.id = pl.product_id;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_new RENAME TO idempotency_keys;
CREATE INDEX idempotency_keys_created ON idempotency_keys(created_at);
