-- Idempotency keys are unique per company, not across the platform: two merchants' backends
-- (or two buyers' browsers on two merchants' pages) may pick the same key without one being
-- answered with the other's payment or refused as a conflict.
--
-- Every stored answer names the payment it made (`payment.id` in a 201, `payment_id` in a 202
-- or 402), and that payment's plan names the company. An answer naming no payment cannot be
-- scoped and is dropped, its key starting afresh; none is ever written without one.
CREATE FUNCTION idempotency_answer_company(response TEXT) RETURNS TEXT LANGUAGE SQL STABLE AS $$
  SELECT pr.company_id FROM payments p
  JOIN plans pl ON pl.id = p.plan_id
  JOIN products pr ON pr.id = pl.product_id
  WHERE p.id = coalesce(response::json ->> 'payment_id', response::json -> 'payment' ->> 'id')
$$;

ALTER TABLE idempotency_keys ADD COLUMN company_id TEXT REFERENCES companies(id);
UPDATE idempotency_keys SET company_id = idempotency_answer_company(response);
DELETE FROM idempotency_keys WHERE company_id IS NULL;
ALTER TABLE idempotency_keys ALTER COLUMN company_id SET NOT NULL;
ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey;
ALTER TABLE idempotency_keys ADD PRIMARY KEY (company_id, key);

-- During a rolling release, instances of the previous release still store answers without a
-- company; the company is then read from the answer's payment, so their rows stay valid and
-- new instances find them.
CREATE FUNCTION idempotency_keys_fill_company() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.company_id := idempotency_answer_company(NEW.response);
  RETURN NEW;
END
$$;
CREATE TRIGGER idempotency_keys_fill_company BEFORE INSERT ON idempotency_keys
  FOR EACH ROW WHEN (NEW.company_id IS NULL) EXECUTE FUNCTION idempotency_keys_fill_company();
