-- Catalog, checkout sessions and payments. Amounts are integer minor units of `currency`.

CREATE TABLE companies (
  id               TEXT PRIMARY KEY,
  title            TEXT NOT NULL,
  redirect_url     TEXT,
  -- JSON array of origins allowed to frame this company's checkout (frame-ancestors).
  allowed_origins  TEXT NOT NULL DEFAULT '[]',
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE products (
  id           TEXT PRIMARY KEY,
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
  created_at   TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE plans (
  id                TEXT PRIMARY KEY,
  product_id        TEXT NOT NULL REFERENCES products(id),
  plan_type         TEXT NOT NULL CHECK (plan_type IN ('one_time', 'renewal')),
  release_method    TEXT NOT NULL DEFAULT 'buy_now'
                    CHECK (release_method IN ('buy_now', 'waitlist', 'raffle')),
  visibility        TEXT NOT NULL DEFAULT 'visible'
                    CHECK (visibility IN ('visible', 'hidden', 'quick_link', 'archived')),
  base_currency     TEXT NOT NULL,
  initial_price     INTEGER NOT NULL CHECK (initial_price >= 0),
  renewal_price     INTEGER NOT NULL DEFAULT 0 CHECK (renewal_price >= 0),
  billing_period    INTEGER CHECK (billing_period > 0),
  trial_period_days INTEGER CHECK (trial_period_days >= 0),
  expiration_days   INTEGER CHECK (expiration_days > 0),
  unlimited_stock   INTEGER NOT NULL DEFAULT 1 CHECK (unlimited_stock IN (0, 1)),
  stock             INTEGER NOT NULL DEFAULT 0 CHECK (stock >= 0),
  description       TEXT,
  custom_fields     TEXT NOT NULL DEFAULT '[]',
  created_at        TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE checkout_sessions (
  id            TEXT PRIMARY KEY,
  plan_id       TEXT NOT NULL REFERENCES plans(id),
  metadata      TEXT NOT NULL DEFAULT '{}',
  redirect_url  TEXT,
  expires_at    TEXT NOT NULL,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE payments (
  id               TEXT PRIMARY KEY,
  plan_id          TEXT NOT NULL REFERENCES plans(id),
  session_id       TEXT REFERENCES checkout_sessions(id),
  status           TEXT NOT NULL CHECK (status IN ('succeeded', 'failed')),
  failure_code     TEXT,
  amount           INTEGER NOT NULL,
  currency         TEXT NOT NULL,
  email            TEXT NOT NULL,
  name             TEXT,
  country          TEXT,
  -- Only the brand and the last four digits of a card are ever stored.
  card_brand       TEXT NOT NULL,
  card_last4       TEXT NOT NULL CHECK (length(card_last4) = 4),
  metadata         TEXT NOT NULL DEFAULT '{}',
  utm              TEXT NOT NULL DEFAULT '{}',
  affiliate_code   TEXT,
  idempotency_key  TEXT,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX payments_plan ON payments(plan_id);

CREATE TABLE receipts (
  id          TEXT PRIMARY KEY,
  payment_id  TEXT NOT NULL UNIQUE REFERENCES payments(id),
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE TABLE memberships (
  id          TEXT PRIMARY KEY,
  plan_id     TEXT NOT NULL REFERENCES plans(id),
  payment_id  TEXT NOT NULL REFERENCES payments(id),
  email       TEXT NOT NULL,
  status      TEXT NOT NULL CHECK (status IN ('active', 'trialing', 'expired', 'canceled')),
  renews_at   TEXT,
  trial_ends_at TEXT,
  expires_at  TEXT,
  created_at  TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

-- A stored answer per Idempotency-Key: a retry gets the same answer, never a second charge.
CREATE TABLE idempotency_keys (
  key           TEXT PRIMARY KEY,
  request_hash  TEXT NOT NULL,
  status_code   INTEGER NOT NULL,
  response      TEXT NOT NULL,
  created_at    TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
