-- Wallet top-ups through Stripe (or a manual bank transfer without Stripe), and the Stripe events applied.

CREATE TABLE wallet_top_up (
    id                BIGINT       NOT NULL AUTO_INCREMENT,
    organization_id   BIGINT       NOT NULL,
    amount_minor      BIGINT       NOT NULL,
    currency          CHAR(3)      NOT NULL,
    channel           VARCHAR(8)   NOT NULL,
    status            VARCHAR(24)  NOT NULL,
    idempotency_key   VARCHAR(64)  NOT NULL,
    payment_intent_id VARCHAR(255) NULL,
    failure           VARCHAR(500) NULL,
    created_by        VARCHAR(254) NOT NULL,
    created_at        DATETIME(6)  NOT NULL,
    updated_at        DATETIME(6)  NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_top_up_idempotency UNIQUE (idempotency_key),
    CONSTRAINT uk_top_up_intent UNIQUE (payment_intent_id),
    CONSTRAINT fk_top_up_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);
CREATE INDEX ix_top_up_status ON wallet_top_up (status, created_at);

-- Each Stripe event is applied once: its id is the key.
CREATE TABLE stripe_event (
    id          VARCHAR(255) NOT NULL,
    type        VARCHAR(100) NOT NULL,
    received_at DATETIME(6)  NOT NULL,
    PRIMARY KEY (id)
);

-- Demo and sandbox deployments move the market clock forward; the offset survives a restart.
CREATE TABLE market_clock (
    id            INT    NOT NULL,
    offset_millis BIGINT NOT NULL,
    PRIMARY KEY (id)
);
