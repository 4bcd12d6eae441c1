-- A receipt email is kept as the facts it states (`facts`: JSON of the receipt's facts, see
-- receipts/message.ts), and its text and HTML bodies are composed from them when it is sent or
-- shown: the same message, deterministically, in a tenth of the bytes. Emails written before
-- keep their bodies.
ALTER TABLE receipt_emails
  ADD COLUMN facts TEXT,
  ALTER COLUMN text_body DROP NOT NULL,
  ALTER COLUMN html_body DROP NOT NULL,
  ADD CONSTRAINT receipt_emails_message
    CHECK (facts IS NOT NULL OR (text_body IS NOT NULL AND html_body IS NOT NULL));
