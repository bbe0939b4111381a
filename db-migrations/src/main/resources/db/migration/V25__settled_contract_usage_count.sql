-- The usage records each contract's rating read: a later rating of the open period (a re-run, a resolved
-- dispute, the close) rates again only the contracts whose count has changed since. Rows rated before this
-- column existed count 0 and are rated again once.
ALTER TABLE settled_contract ADD COLUMN usage_record_count INT NOT NULL DEFAULT 0;
