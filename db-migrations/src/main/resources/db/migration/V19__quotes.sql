-- Quotes (API 1.1): a priced job shape any instance can accept until it expires. Only the feasible candidates it
-- may fall back on are kept, cheapest first (candidate_rank 0 is the best). accept_client_order_id claims the quote
-- for one accept at a time; accepted_rank records which candidate was bought, so a replay answers the same block.
CREATE TABLE market_quote (
    id                     VARCHAR(36) NOT NULL,
    organization_id        BIGINT      NOT NULL,
    created_at             DATETIME(6) NOT NULL,
    expires_at             DATETIME(6) NOT NULL,
    accept_client_order_id VARCHAR(58) NULL,
    accepted_rank          INT         NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_market_quote_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);
CREATE INDEX ix_market_quote_expires ON market_quote (expires_at);

CREATE TABLE market_quote_candidate (
    quote_id           VARCHAR(36) NOT NULL,
    candidate_rank     INT         NOT NULL,
    compute_class_code VARCHAR(32) NOT NULL,
    region_code        VARCHAR(13) NOT NULL,
    delivery_start     DATETIME(6) NOT NULL,
    delivery_end       DATETIME(6) NOT NULL,
    gpus               BIGINT      NOT NULL,
    scu_per_gpu        DECIMAL(6, 2) NOT NULL,
    total_minor        BIGINT      NOT NULL,
    PRIMARY KEY (quote_id, candidate_rank),
    CONSTRAINT fk_market_quote_candidate_quote FOREIGN KEY (quote_id) REFERENCES market_quote (id) ON DELETE CASCADE
);
