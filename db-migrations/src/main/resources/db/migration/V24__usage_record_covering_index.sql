-- Rating reads every usage record of a chunk of contracts: with the interval's end and the GPU-seconds in the index
-- it reads the index alone, in contract order, instead of one row of the table per record (a day of one-hour
-- contracts is a million records spread over the table in the order they arrived). The new index is created first:
-- it starts with contract_id, so the foreign key keeps an index when the old one goes.

CREATE INDEX ix_usage_record_rating ON usage_record (contract_id, source, node_id, interval_start, interval_end,
                                                     gpu_seconds);

DROP INDEX ix_usage_record_interval ON usage_record;
