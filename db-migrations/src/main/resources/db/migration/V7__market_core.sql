-- The market core: one fenced owner (lease with an epoch), its command journal, the inbox through which
-- money and capacity from elsewhere reach it, and the quantity an order lost to cancellation.

-- One row per market shard. Every batch the owner commits updates its row under its own epoch, so a former
-- owner (paused past its lease, then resumed) can never write. Other instances forward market commands to
-- owner_address with forward_token, a secret the owner draws at each takeover. next_sequence is the high-water mark of every
-- id the owner hands out (orders, trades, contracts, priorities, journal commands): a new owner starts there.
CREATE TABLE market_lease (
    shard           INT          NOT NULL,
    epoch           BIGINT       NOT NULL,
    owner_id        VARCHAR(64)  NOT NULL,
    owner_address   VARCHAR(255) NOT NULL,
    forward_token   VARCHAR(64)  NOT NULL,
    expires_at_ms   BIGINT       NOT NULL,
    next_sequence   BIGINT       NOT NULL,
    updated_at      DATETIME(6)  NOT NULL,
    PRIMARY KEY (shard)
);

INSERT INTO market_lease (shard, epoch, owner_id, owner_address, forward_token, expires_at_ms, next_sequence,
                          updated_at)
SELECT 0, 0, '', '', '', 0,
       GREATEST((SELECT COALESCE(MAX(id), 0) FROM market_order), (SELECT COALESCE(MAX(id), 0) FROM trade),
                (SELECT COALESCE(MAX(id), 0) FROM contract), (SELECT COALESCE(MAX(priority), 0) FROM market_order))
           + 1,
       CURRENT_TIMESTAMP(6);

-- Every command the core executed, in execution order, with what it answered: replaying the bodies
-- through a fresh core from the same starting state reproduces the same state.
CREATE TABLE market_command (
    sequence     BIGINT        NOT NULL,
    epoch        BIGINT        NOT NULL,
    executed_at  DATETIME(6)   NOT NULL,
    kind         VARCHAR(32)   NOT NULL,
    body         VARCHAR(4000) NOT NULL,
    outcome      VARCHAR(255)  NOT NULL,
    PRIMARY KEY (sequence)
);

-- Money and capacity changes decided elsewhere (top-ups, settlement, adjustments, node registrations),
-- written in the deciding transaction and applied by the core exactly once (applied_sequence set in the
-- core's batch transaction).
CREATE TABLE market_inbox (
    id               BIGINT       NOT NULL AUTO_INCREMENT,
    kind             VARCHAR(16)  NOT NULL,
    organization_id  BIGINT       NOT NULL,
    amount_minor     BIGINT       NOT NULL DEFAULT 0,
    compute_class    VARCHAR(32)  NULL,
    region           VARCHAR(16)  NULL,
    gpus             BIGINT       NOT NULL DEFAULT 0,
    reference        VARCHAR(120) NOT NULL,
    created_at       DATETIME(6)  NOT NULL,
    applied_sequence BIGINT       NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_market_inbox_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);
CREATE INDEX ix_market_inbox_pending ON market_inbox (applied_sequence, id);

ALTER TABLE market_order ADD COLUMN cancelled_quantity BIGINT NOT NULL DEFAULT 0;
UPDATE market_order SET cancelled_quantity = quantity - filled_quantity - remaining_quantity;

-- Money on its way into or out of an organization's wallet: credited by the deciding transaction, moved to
-- the wallet by the market core when it applies the inbox row.
INSERT INTO ledger_account (code, organization_id, kind, balance_minor, created_at)
VALUES ('PLATFORM:IN-TRANSIT', NULL, 'TRANSIT', 0, CURRENT_TIMESTAMP(6));
