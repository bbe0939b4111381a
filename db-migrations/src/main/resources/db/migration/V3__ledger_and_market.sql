-- Ledger (double entry) and the market: orders, trades, contracts, node allocations.
-- Amounts are BIGINT minor units (cents); prices BIGINT ticks of 0.01 per GPU-hour.

CREATE TABLE ledger_account (
    id              BIGINT      NOT NULL AUTO_INCREMENT,
    code            VARCHAR(48) NOT NULL,
    organization_id BIGINT      NULL,
    kind            VARCHAR(16) NOT NULL,
    balance_minor   BIGINT      NOT NULL DEFAULT 0,
    created_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_ledger_account_code UNIQUE (code),
    CONSTRAINT fk_ledger_account_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);
CREATE INDEX ix_ledger_account_org ON ledger_account (organization_id, kind);

CREATE TABLE journal_entry (
    id         BIGINT      NOT NULL AUTO_INCREMENT,
    kind       VARCHAR(16) NOT NULL,
    reference  VARCHAR(120) NOT NULL,
    created_at DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    -- A posting happens once: the same kind and reference again is a duplicate, refused by the database.
    CONSTRAINT uk_journal_entry_reference UNIQUE (kind, reference)
);

CREATE TABLE journal_line (
    id           BIGINT NOT NULL AUTO_INCREMENT,
    entry_id     BIGINT NOT NULL,
    account_id   BIGINT NOT NULL,
    amount_minor BIGINT NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_journal_line_entry FOREIGN KEY (entry_id) REFERENCES journal_entry (id),
    CONSTRAINT fk_journal_line_account FOREIGN KEY (account_id) REFERENCES ledger_account (id)
);
CREATE INDEX ix_journal_line_account ON journal_line (account_id);

CREATE TABLE market_order (
    id                 BIGINT      NOT NULL AUTO_INCREMENT,
    organization_id    BIGINT      NOT NULL,
    client_order_id    VARCHAR(64) NOT NULL,
    request_sha256     CHAR(64)    NOT NULL,
    instrument_id      BIGINT      NOT NULL,
    side               VARCHAR(4)  NOT NULL,
    order_type         VARCHAR(6)  NOT NULL,
    time_in_force      VARCHAR(3)  NOT NULL,
    price_ticks        BIGINT      NULL,
    quantity           BIGINT      NOT NULL,
    remaining_quantity BIGINT      NOT NULL,
    filled_quantity    BIGINT      NOT NULL DEFAULT 0,
    filled_value_ticks BIGINT      NOT NULL DEFAULT 0,
    status             VARCHAR(16) NOT NULL,
    hold_price_ticks   BIGINT      NULL,
    hold_minor         BIGINT      NOT NULL DEFAULT 0,
    priority           BIGINT      NOT NULL,
    amendments         INT         NOT NULL DEFAULT 0,
    created_at         DATETIME(6) NOT NULL,
    updated_at         DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_market_order_client UNIQUE (organization_id, client_order_id),
    CONSTRAINT fk_market_order_organization FOREIGN KEY (organization_id) REFERENCES organization (id),
    CONSTRAINT fk_market_order_instrument FOREIGN KEY (instrument_id) REFERENCES instrument (id)
);
CREATE INDEX ix_market_order_book ON market_order (instrument_id, status, priority);
CREATE INDEX ix_market_order_owner ON market_order (organization_id, status, id);

CREATE TABLE trade (
    id              BIGINT      NOT NULL AUTO_INCREMENT,
    instrument_id   BIGINT      NOT NULL,
    buy_order_id    BIGINT      NOT NULL,
    sell_order_id   BIGINT      NOT NULL,
    buyer_org_id    BIGINT      NOT NULL,
    seller_org_id   BIGINT      NOT NULL,
    price_ticks     BIGINT      NOT NULL,
    quantity        BIGINT      NOT NULL,
    aggressor_side  VARCHAR(4)  NOT NULL,
    executed_at     DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_trade_instrument FOREIGN KEY (instrument_id) REFERENCES instrument (id),
    CONSTRAINT fk_trade_buy_order FOREIGN KEY (buy_order_id) REFERENCES market_order (id),
    CONSTRAINT fk_trade_sell_order FOREIGN KEY (sell_order_id) REFERENCES market_order (id)
);
CREATE INDEX ix_trade_instrument ON trade (instrument_id, id);

CREATE TABLE contract (
    id              BIGINT      NOT NULL AUTO_INCREMENT,
    trade_id        BIGINT      NOT NULL,
    instrument_id   BIGINT      NOT NULL,
    buyer_org_id    BIGINT      NOT NULL,
    provider_org_id BIGINT      NOT NULL,
    quantity        BIGINT      NOT NULL,
    price_ticks     BIGINT      NOT NULL,
    value_minor     BIGINT      NOT NULL,
    buyer_fee_minor BIGINT      NOT NULL,
    delivery_start  DATETIME(6) NOT NULL,
    delivery_end    DATETIME(6) NOT NULL,
    created_at      DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_contract_trade UNIQUE (trade_id),
    CONSTRAINT fk_contract_trade FOREIGN KEY (trade_id) REFERENCES trade (id),
    CONSTRAINT fk_contract_instrument FOREIGN KEY (instrument_id) REFERENCES instrument (id)
);
CREATE INDEX ix_contract_buyer ON contract (buyer_org_id, instrument_id);
CREATE INDEX ix_contract_provider ON contract (provider_org_id, instrument_id);

CREATE TABLE contract_allocation (
    id            BIGINT      NOT NULL AUTO_INCREMENT,
    contract_id   BIGINT      NOT NULL,
    node_id       BIGINT      NOT NULL,
    instrument_id BIGINT      NOT NULL,
    gpu_count     INT         NOT NULL,
    created_at    DATETIME(6) NOT NULL,
    PRIMARY KEY (id),
    -- A node serves one contract per delivery window.
    CONSTRAINT uk_allocation_node_window UNIQUE (node_id, instrument_id),
    CONSTRAINT fk_allocation_contract FOREIGN KEY (contract_id) REFERENCES contract (id),
    CONSTRAINT fk_allocation_node FOREIGN KEY (node_id) REFERENCES node (id)
);
CREATE INDEX ix_allocation_contract ON contract_allocation (contract_id);

-- The platform's own accounts: fees it earns, and the outside world that funds wallets.
INSERT INTO ledger_account (code, organization_id, kind, balance_minor, created_at)
VALUES ('PLATFORM:FEES', NULL, 'FEES', 0, CURRENT_TIMESTAMP(6)),
       ('EXTERNAL:FUNDING', NULL, 'FUNDING', 0, CURRENT_TIMESTAMP(6));
