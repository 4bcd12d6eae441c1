-- A buy_now plan's custom fields are answered at payment: the answers (JSON object keyed by field
-- id, checked against the plan's fields) are kept with the payment.
ALTER TABLE payments ADD COLUMN custom_fields TEXT NOT NULL DEFAULT '{}';

-- The receipt email of each receipt, written in the payment's own transaction: a receipt exists
-- exactly when its message does, and a crash before sending loses nothing. The message is kept
-- as it is (or would be) sent. With no mail server configured it is `held`, and stays readable
-- here (`receipts show`); otherwise it is `pending` until the sender delivers it (`sent`), or
-- gives up after its retries (`failed`).
CREATE TABLE receipt_emails (
  receipt_id       TEXT PRIMARY KEY REFERENCES receipts(id),
  company_id       TEXT NOT NULL REFERENCES companies(id),
  recipient        TEXT NOT NULL,
  -- The display name of the From header (the company); the address is the platform's.
  sender_name      TEXT NOT NULL,
  subject          TEXT NOT NULL,
  text_body        TEXT NOT NULL,
  html_body        TEXT NOT NULL,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'held')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  -- Milliseconds since the epoch, so the due query compares integers.
  next_attempt_at  INTEGER NOT NULL,
  -- A sender's claim on the row until this time; a crashed sender's claim simply lapses.
  locked_until     INTEGER,
  last_error       TEXT,
  sent_at          TEXT,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);
CREATE INDEX receipt_emails_due ON receipt_emails(status, next_attempt_at);
CREATE INDEX receipt_emails_company ON receipt_emails(company_id, created_at);
