-- A quote's fallback candidates are stored with the quote in one column (one line per candidate, cheapest first),
-- so storing a quote is one insert instead of a transaction of two statements. market_quote_candidate keeps the
-- candidates of quotes stored before, read until they expire and are deleted.
ALTER TABLE market_quote ADD COLUMN candidates MEDIUMTEXT NULL;
