-- A credit limit changed by an administrator reaches the market core through the inbox (kind CREDIT_LIMIT,
-- amount_minor the new limit). previous_minor keeps the limit it replaced: the journal audit replays the market
-- from each organization's limit before its first change.
ALTER TABLE market_inbox ADD COLUMN previous_minor BIGINT NULL;

-- One row that the demo lifecycle locks (SELECT ... FOR UPDATE) around opening and closing settlement periods,
-- so instances running it at the same time open each period once.
CREATE TABLE demo_lifecycle_lock (
    id INT NOT NULL,
    PRIMARY KEY (id)
);
INSERT INTO demo_lifecycle_lock (id) VALUES (1);
