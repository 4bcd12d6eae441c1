-- The whole schema, as SQLite reaches it after its migrations 001 and 002, in PostgreSQL.
-- Kept deliberately close to SQLite's so one set of row mappers serves both engines:
--   * timestamps are ISO 8601 text in UTC with milliseconds (iso_now()), exactly the strings
--     the API returns, so answers are byte for byte the same on either engine;
--   * JSON columns are text written by JSON.stringify, not jsonb (which reorders keys);
--   * every integer is BIGINT, as wide as SQLite's INTEGER (money in minor units, stock, days,
--     epoch milliseconds); `seq` (an identity) orders rows created in one millisecond, as
--     SQLite's rowid does.

CREATE FUNCTION iso_now() RETURNS TEXT LANGUAGE SQL VOLATILE AS
  $$ SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

CREATE TABLE companies (
  id               TEXT PRIMARY KEY,
  title            TEXT NOT NULL,
  redirect_url     TEXT,
  -- JSON array of origins allowed to frame this company's checkout (frame-ancestors).
  allowed_origins  TEXT NOT NULL DEFAULT '[]',
  created_at       TEXT NOT NULL DEFAULT iso_now()
);

CREATE TABLE products (
  id           TEXT PRIMARY KEY,
  seq          BIGINT GENERATED ALWAYS AS IDENTITY,
  company_id   TEXT NOT NULL REFERENCES companies(id),
  title        TEXT NOT NULL,
  headline     TEXT,
  description  TEXT,
  logo_url     TEXT,
  route        TEXT NOT NULL UNIQUE,
  redirect_url TEXT,
  terms_url    TEXT,
  visibility   TEXT NOT NULL DEFAULT 'visible'
               CHECK (visibility IN ('visible', 'hidden', 'quick_link', 'archived')),
  created_at   TEXT NOT NULL DEFAULT iso_now()
);
CREATE INDEX products_company ON products(company_id);

CREATE TABLE plans (
  id                TEXT PRIMARY KEY,
  seq               BIGINT GENERATED ALWAYS AS IDENTITY,
  product_id        TEXT NOT NULL REFERENCES products(id),
  plan_type         TEXT NOT NULL CHECK (plan_type IN ('one_time', 'renewal')),
  release_method    TEXT NOT NULL DEFAULT 'buy_now'
                    CHECK (release_method IN ('buy_now', 'waitlist', 'raffle')),
  visibility        TEXT NOT NULL DEFAULT 'visible'
                    CHECK (visibility IN ('visible', 'hidden', 'quick_link', 'archived')),
  base_currency     TEXT NOT NULL,
  initial_price     BIGINT NOT NULL CHECK (initial_price >= 0),
  renewal_price     BIGINT NOT NULL DEFAULT 0 CHECK (renewal_price >= 0),
  billing_period    BIGINT CHECK (billing_period > 0),
  trial_period_days BIGINT CHECK (trial_period_days >= 0),
  expiration_days   BIGINT CHECK (expiration_days > 0),
  unlimited_stock   BOOLEAN NOT NULL DEFAULT TRUE,
  stock             BIGINT NOT NULL DEFAULT 0 CHECK (stock >= 0),
  description       TEXT,
  custom_fields     TEXT NOT NULL DEFAULT '[]',
  created_at        TEXT NOT NULL DEFAULT iso_now()
);
CREATE INDEX plans_product ON plans(product_id);

CREATE TABLE checkout_sessions (
  id            TEXT PRIMARY KEY,
  plan_id       TEXT NOT NULL REFERENCES plans(id),
  metadata      TEXT NOT NULL DEFAULT '{}',
  redirect_url  TEXT,
  expires_at    TEXT NOT NULL,
  created_at    TEXT NOT NULL DEFAULT iso_now()
);
CREATE INDEX checkout_sessions_plan ON checkout_sessions(plan_id);

CREATE TABLE promo_codes (
  id               TEXT PRIMARY KEY,
  seq              BIGINT GENERATED ALWAYS AS IDENTITY,
  company_id       TEXT NOT NULL REFERENCES companies(id),
  -- Stored upper case; buyers may type any case.
  code             TEXT NOT NULL CHECK (code = upper(code) AND length(code) BETWEEN 1 AND 64),
  percent_off      BIGINT CHECK (percent_off BETWEEN 1 AND 100),
  -- Minor units of `currency`.
  amount_off       BIGINT CHECK (amount_off > 0),
  currency         TEXT,
  -- JSON array of plan ids the code is valid for; empty means every plan of the company.
  plan_ids         TEXT NOT NULL DEFAULT '[]',
  expires_at       TEXT,
  max_redemptions  BIGINT CHECK (max_redemptions > 0),
  redemptions      BIGINT NOT NULL DEFAULT 0 CHECK (redemptions >= 0),
  created_at       TEXT NOT NULL DEFAULT iso_now(),
  CHECK ((percent_off IS NULL) <> (amount_off IS NULL)),
  CHECK (amount_off IS NULL OR currency IS NOT NULL),
  CHECK (max_redemptions IS NULL OR redemptions <= max_redemptions),
  UNIQUE (company_id, code)
);

CREATE TABLE payments (
  id               TEXT PRIMARY KEY,
  seq              BIGINT GENERATED ALWAYS AS IDENTITY,
  plan_id          TEXT NOT NULL REFERENCES plans(id),
  session_id       TEXT REFERENCES checkout_sessions(id),
  status           TEXT NOT NULL CHECK (status IN ('requires_action', 'succeeded', 'failed')),
  failure_code     TEXT,
  -- What was charged: subtotal - discount.
  amount           BIGINT NOT NULL CHECK (amount >= 0),
  subtotal         BIGINT NOT NULL DEFAULT 0 CHECK (subtotal >= 0),
  discount         BIGINT NOT NULL DEFAULT 0 CHECK (discount >= 0),
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
  created_at       TEXT NOT NULL DEFAULT iso_now(),
  updated_at       TEXT NOT NULL DEFAULT iso_now()
);
CREATE INDEX payments_plan ON payments(plan_id);
CREATE INDEX payments_created ON payments(created_at);

CREATE TABLE receipts (
  id          TEXT PRIMARY KEY,
  payment_id  TEXT NOT NULL UNIQUE REFERENCES payments(id),
  created_at  TEXT NOT NULL DEFAULT iso_now()
);

CREATE TABLE memberships (
  id          TEXT PRIMARY KEY,
  seq         BIGINT GENERATED ALWAYS AS IDENTITY,
  plan_id     TEXT NOT NULL REFERENCES plans(id),
  payment_id  TEXT NOT NULL REFERENCES payments(id),
  email       TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('active', 'trialing', 'expired', 'canceled')),
  renews_at   TEXT,
  trial_ends_at TEXT,
  expires_at  TEXT,
  created_at  TEXT NOT NULL DEFAULT iso_now()
);
CREATE INDEX memberships_plan ON memberships(plan_id);

-- A stored answer per Idempotency-Key: a retry gets the same answer, never a second charge.
CREATE TABLE idempotency_keys (
  key           TEXT PRIMARY KEY,
  request_hash  TEXT NOT NULL,
  status_code   BIGINT NOT NULL,
  response      TEXT NOT NULL,
  created_at    TEXT NOT NULL DEFAULT iso_now()
);

CREATE TABLE entries (
  id             TEXT PRIMARY KEY,
  seq            BIGINT GENERATED ALWAYS AS IDENTITY,
  plan_id        TEXT NOT NULL REFERENCES plans(id),
  session_id     TEXT REFERENCES checkout_sessions(id),
  kind           TEXT NOT NULL CHECK (kind IN ('waitlist', 'raffle')),
  -- Lower case, so one buyer holds one entry per plan whatever case they type.
  email          TEXT NOT NULL,
  custom_fields  TEXT NOT NULL DEFAULT '{}',
  status         TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied')),
  created_at     TEXT NOT NULL DEFAULT iso_now(),
  UNIQUE (plan_id, email)
);

-- Server-to-server API keys. Only a SHA-256 of the key is kept; the key is shown once.
CREATE TABLE api_keys (
  id            TEXT PRIMARY KEY,
  seq           BIGINT GENERATED ALWAYS AS IDENTITY,
  company_id    TEXT NOT NULL REFERENCES companies(id),
  name          TEXT NOT NULL,
  -- The first characters of the key, so people can tell keys apart in listings.
  prefix        TEXT NOT NULL,
  key_hash      TEXT NOT NULL UNIQUE,
  created_at    TEXT NOT NULL DEFAULT iso_now(),
  last_used_at  TEXT,
  revoked_at    TEXT
);

CREATE TABLE webhook_endpoints (
  id          TEXT PRIMARY KEY,
  seq         BIGINT GENERATED ALWAYS AS IDENTITY,
  company_id  TEXT NOT NULL REFERENCES companies(id),
  url         TEXT NOT NULL,
  -- Standard Webhooks signing secret (`whsec_…`); needed in clear to sign.
  secret      TEXT NOT NULL,
  -- JSON array of event types; empty means all.
  events      TEXT NOT NULL DEFAULT '[]',
  enabled     BOOLEAN NOT NULL DEFAULT TRUE,
  created_at  TEXT NOT NULL DEFAULT iso_now()
);

-- The outbox: an event is written in the same transaction as the change it reports, with one
-- delivery row per endpoint, so nothing is lost if the process dies before sending.
CREATE TABLE webhook_events (
  id          TEXT PRIMARY KEY,
  seq         BIGINT GENERATED ALWAYS AS IDENTITY,
  company_id  TEXT NOT NULL REFERENCES companies(id),
  type        TEXT NOT NULL,
  payload     TEXT NOT NULL,
  created_at  TEXT NOT NULL DEFAULT iso_now()
);

CREATE TABLE webhook_deliveries (
  id               TEXT PRIMARY KEY,
  seq              BIGINT GENERATED ALWAYS AS IDENTITY,
  event_id         TEXT NOT NULL REFERENCES webhook_events(id),
  endpoint_id      TEXT NOT NULL REFERENCES webhook_endpoints(id),
  status           TEXT NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         BIGINT NOT NULL DEFAULT 0,
  -- Milliseconds since the epoch, so the due query compares integers.
  next_attempt_at  BIGINT NOT NULL,
  -- An instance's claim on the row until this time; a crashed instance's claim simply lapses.
  locked_until     BIGINT,
  last_status_code BIGINT,
  last_error       TEXT,
  delivered_at     TEXT,
  created_at       TEXT NOT NULL DEFAULT iso_now()
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(status, next_attempt_at);
