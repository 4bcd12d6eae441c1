-- Promo codes, waitlist/raffle entries, 3-D Secure style challenges on payments, API keys,
-- webhook endpoints and the durable webhook outbox. Runs with foreign keys off (see migrate()),
-- so the payments table can be rebuilt to widen its status CHECK.

CREATE TABLE promo_codes (
  id               TEXT PRIMARY KEY,
  company_id       TEXT NOT NULL REFERENCES companies(id),
  -- Stored upper case; buyers may type any case.
  code             TEXT NOT NULL CHECK (code = upper(code) AND length(code) BETWEEN 1 AND 64),
  percent_off      INTEGER CHECK (percent_off BETWEEN 1 AND 100),
  -- Minor units of `currency`.
  amount_off       INTEGER CHECK (amount_off > 0),
  currency         TEXT,
  -- JSON array of plan ids the code is valid for; empty means every plan of the company.
  plan_ids         TEXT NOT NULL DEFAULT '[]',
  expires_at       TEXT,
  max_redemptions  INTEGER CHECK (max_redemptions > 0),
  redemptions      INTEGER NOT NULL DEFAULT 0 CHECK (redemptions >= 0),
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK ((percent_off IS NULL) <> (amount_off IS NULL)),
  CHECK (amount_off IS NULL OR currency IS NOT NULL),
  CHECK (max_redemptions IS NULL OR redemptions <= max_redemptions),
  UNIQUE (company_id, code)
);

CREATE TABLE entries (
  id             TEXT PRIMARY KEY,
  plan_id        TEXT NOT NULL REFERENCES plans(id),
  session_id     TEXT REFERENCES checkout_sessions(id),
  kind           TEXT NOT NULL CHECK (kind IN ('waitlist', 'raffle')),
  -- Lower case, so one buyer holds one entry per plan whatever case they type.
  email          TEXT NOT NULL,
  custom_fields  TEXT NOT NULL DEFAULT '{}',
  status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied')),
  created_at     TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  UNIQUE (plan_id, email)
);

-- payments: widen the status CHECK with 'requires_action' and add promo, pricing and challenge
-- columns. SQLite cannot alter a CHECK in place, so the table is rebuilt.
CREATE TABLE payments_new (
  id               TEXT PRIMARY KEY,
  plan_id          TEXT NOT NULL REFERENCES plans(id),
  session_id       TEXT REFERENCES checkout_sessions(id),
  status           TEXT NOT NULL CHECK (status IN ('requires_action', 'succeeded', 'failed')),
  failure_code     TEXT,
  -- What was charged: subtotal - discount.
  amount           INTEGER NOT NULL CHECK (amount >= 0),
  subtotal         INTEGER NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
  discount         INTEGER NOT NULL DEFAULT 0 CHECK (discount >= 0),
  currency         TEXT NOT NULL,
  promo_code_id    TEXT REFERENCES promo_codes(id),
  promo_code       TEXT,
  email            TEXT NOT NULL,
  name             TEXT,
  country          TEXT CHECK (country IS NULL OR length(country) = 2),
  -- Only the brand and the last four digits of a card are ever stored.
  card_brand       TEXT NOT NULL,
  card_last4       TEXT NOT NULL CHECK (length(card_last4) = 4),
  metadata         TEXT NOT NULL DEFAULT '{}',
  utm              TEXT NOT NULL DEFAULT '{}',
  affiliate_code   TEXT,
  idempotency_key  TEXT,
  -- Set while a 3-D Secure style challenge is pending and kept as a record afterwards.
  challenge_id     TEXT UNIQUE,
  challenge_outcome TEXT CHECK (challenge_outcome IN ('approve', 'fail')),
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  updated_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
INSERT INTO payments_new (id, plan_id, session_id, status, failure_code, amount, subtotal,
  discount, currency, email, name, country, card_brand, card_last4, metadata, utm,
  affiliate_code, idempotency_key, created_at, updated_at)
SELECT id, plan_id, session_id, status, failure_code, amount, amount, 0, currency, email, name,
  country, card_brand, card_last4, metadata, utm, affiliate_code, idempotency_key, created_at,
  created_at
FROM payments;
DROP TABLE payments;
ALTER TABLE payments_new RENAME TO payments;
CREATE INDEX payments_plan ON payments(plan_id);
CREATE INDEX payments_created ON payments(created_at);

CREATE INDEX memberships_plan ON memberships(plan_id);
CREATE INDEX checkout_sessions_plan ON checkout_sessions(plan_id);

-- Server-to-server API keys. Only a SHA-256 of the key is kept; the key is shown once.
CREATE TABLE api_keys (
  id            TEXT PRIMARY KEY,
  company_id    TEXT NOT NULL REFERENCES companies(id),
  name          TEXT NOT NULL,
  -- The first characters of the key, so people can tell keys apart in listings.
  prefix        TEXT NOT NULL,
  key_hash      TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  last_used_at  TEXT,
  revoked_at    TEXT
);

CREATE TABLE webhook_endpoints (
  id          TEXT PRIMARY KEY,
  company_id  TEXT NOT NULL REFERENCES companies(id),
  url         TEXT NOT NULL,
  -- Standard Webhooks signing secret (`whsec_…`); needed in clear to sign.
  secret      TEXT NOT NULL,
  -- JSON array of event types; empty means all.
  events      TEXT NOT NULL DEFAULT '[]',
  enabled     INTEGER NOT NULL DEFAULT 1 CHECK (enabled IN (0, 1)),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- The outbox: an event is written in the same transaction as the change it reports, with one
-- delivery row per endpoint, so nothing is lost if the process dies before sending.
CREATE TABLE webhook_events (
  id          TEXT PRIMARY KEY,
  company_id  TEXT NOT NULL REFERENCES companies(id),
  type        TEXT NOT NULL,
  payload     TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE webhook_deliveries (
  id               TEXT PRIMARY KEY,
  event_id         TEXT NOT NULL REFERENCES webhook_events(id),
  endpoint_id      TEXT NOT NULL REFERENCES webhook_endpoints(id),
  status           TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  -- Milliseconds since the epoch, so the due query compares integers.
  next_attempt_at  INTEGER NOT NULL,
  -- A worker's claim on the row until this time; a crashed worker's claim simply lapses.
  locked_until     INTEGER,
  last_status_code INTEGER,
  last_error       TEXT,
  delivered_at     TEXT,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
