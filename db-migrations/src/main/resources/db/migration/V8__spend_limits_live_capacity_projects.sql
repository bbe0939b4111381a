-- A buyer's spend limits, written by the market's journal writer only (the market core checks them in memory and
-- sets them by command, so a replay of the journal reproduces them). NULL: no limit.
CREATE TABLE spend_limit (
    organization_id BIGINT      NOT NULL,
    per_order_minor BIGINT      NULL,
    per_day_minor   BIGINT      NULL,
    updated_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (organization_id),
    CONSTRAINT fk_spend_limit_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);

-- What a buyer spent on a day is read from its contracts of that day.
CREATE INDEX ix_contract_buyer_created ON contract (buyer_org_id, created_at);

-- Listed means rentable: a node that reported DOWN, or went silent past the heartbeat limit, is not live, and the
-- market no longer counts its GPUs for asks. Flipped by a conditional update, so one transition sends one change
-- of live capacity to the market.
ALTER TABLE node ADD COLUMN live BOOLEAN NOT NULL DEFAULT TRUE;
-- Why the market itself cancelled an order (capacity-lost); NULL for the owner's own cancels.
ALTER TABLE market_order ADD COLUMN cancel_reason VARCHAR(32) NULL;

-- An order's project (the buyer's or the provider's own tag for cost allocation) goes onto the contracts it makes.
ALTER TABLE market_order ADD COLUMN project VARCHAR(64) NULL;
ALTER TABLE contract ADD COLUMN buyer_project VARCHAR(64) NULL;
ALTER TABLE contract ADD COLUMN provider_project VARCHAR(64) NULL;
