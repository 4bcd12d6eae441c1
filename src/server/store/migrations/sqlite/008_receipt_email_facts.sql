-- A receipt email is kept as the facts it states (`facts`: JSON of the receipt's facts, see
-- receipts/message.ts), and its text and HTML bodies are composed from them when it is sent or
-- shown: the same message, deterministically, in a tenth of the bytes. The bodies were over half
-- of what a payment wrote (4 KB of 7, most of it an overflow page of its own), and the disk
-- writes of each commit and checkpoint grow with them. Emails written before keep their bodies.
-- SQLite cannot drop a NOT NULL in place, so the table is rebuilt, rowids (the sending order)
-- and all.
CREATE TABLE receipt_emails_new (
  receipt_id       TEXT PRIMARY KEY REFERENCES receipts(id),
  company_id       TEXT NOT NULL REFERENCES companies(id),
  recipient        TEXT NOT NULL,
  -- The display name of the From header (the company); the address is the platform's.
  sender_name      TEXT NOT NULL,
  subject          TEXT NOT NULL,
  facts            TEXT,
  text_body        TEXT,
  html_body        TEXT,
  status           TEXT NOT NULL CHECK (status IN ('pending', 'sent', 'failed', 'held')),
  attempts         INTEGER NOT NULL DEFAULT 0,
  -- Milliseconds since the epoch, so the due query compares integers.
  next_attempt_at  INTEGER NOT NULL,
  -- A sender's claim on the row until this time; a crashed sender's claim simply lapses.
  locked_until     INTEGER,
  last_error       TEXT,
  sent_at          TEXT,
  created_at       TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
  CHECK (facts IS NOT NULL OR (text_body IS NOT NULL AND html_body IS NOT NULL))
);
INSERT INTO receipt_emails_new (rowid, receipt_id, company_id, recipient, sender_name, subject,
  text_body, html_body, status, attempts, next_attempt_at, locked_until, last_error, sent_at,
  created_at)
SELECT rowid, receipt_id, company_id, recipient, sender_name, subject, text_body, html_body,
  status, attempts, next_attempt_at, locked_until, last_error, sent_at, created_at
FROM receipt_emails;
DROP TABLE receipt_emails;
ALTER TABLE receipt_emails_new RENAME TO receipt_emails;
CREATE INDEX receipt_emails_due ON receipt_emails(status, next_attempt_at);
CREATE INDEX receipt_emails_company ON receipt_emails(company_id, created_at);
