-- Companies are listed in the order they were created (`company list`), as SQLite's rowid
-- orders them; `created_at` alone ties within a millisecond.
ALTER TABLE companies ADD COLUMN seq BIGINT GENERATED ALWAYS AS IDENTITY;
