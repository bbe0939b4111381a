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
