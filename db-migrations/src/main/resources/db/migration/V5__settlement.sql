-- Settlement periods: rated contracts, discrepancies, statements frozen at close, disputes and adjustments.

CREATE TABLE settlement_period (
    id                BIGINT      NOT NULL AUTO_INCREMENT,
    period_start      DATETIME(6) NOT NULL,
    period_end        DATETIME(6) NOT NULL,
    status            VARCHAR(8)  NOT NULL,
    contract_count    INT         NOT NULL DEFAULT 0,
    record_count      BIGINT      NOT NULL DEFAULT 0,
    discrepancy_count INT         NOT NULL DEFAULT 0,
    content_hash      CHAR(64)    NULL,
    created_at        DATETIME(6) NOT NULL,
    rated_at          DATETIME(6) NULL,
    closed_at         DATETIME(6) NULL,
    created_by        VARCHAR(254) NOT NULL,
    closed_by         VARCHAR(254) NULL,
    version           BIGINT      NOT NULL DEFAULT 0,
    PRIMARY KEY (id)
);
CREATE INDEX ix_settlement_period_window ON settlement_period (period_start, period_end);

CREATE TABLE settled_contract (
    id                     BIGINT NOT NULL AUTO_INCREMENT,
    period_id              BIGINT NOT NULL,
    contract_id            BIGINT NOT NULL,
    contracted_gpu_seconds BIGINT NOT NULL,
    provider_gpu_seconds   BIGINT NOT NULL,
    buyer_gpu_seconds      BIGINT NOT NULL,
    buyer_reported         BOOLEAN NOT NULL,
    delivered_gpu_seconds  BIGINT NOT NULL,
    value_minor            BIGINT NOT NULL,
    sla_credit_minor       BIGINT NOT NULL,
    rated_value_minor      BIGINT NOT NULL,
    buyer_fee_minor        BIGINT NOT NULL,
    provider_fee_minor     BIGINT NOT NULL,
    PRIMARY KEY (id),
    -- A contract is settled in one period only.
    CONSTRAINT uk_settled_contract UNIQUE (contract_id),
    CONSTRAINT fk_settled_contract_period FOREIGN KEY (period_id) REFERENCES settlement_period (id),
    CONSTRAINT fk_settled_contract_contract FOREIGN KEY (contract_id) REFERENCES contract (id)
);
CREATE INDEX ix_settled_contract_period ON settled_contract (period_id);

CREATE TABLE discrepancy (
    id                   BIGINT      NOT NULL AUTO_INCREMENT,
    period_id            BIGINT      NOT NULL,
    contract_id          BIGINT      NOT NULL,
    node_id              BIGINT      NOT NULL,
    interval_start       DATETIME(6) NOT NULL,
    interval_end         DATETIME(6) NOT NULL,
    provider_gpu_seconds BIGINT      NOT NULL,
    buyer_gpu_seconds    BIGINT      NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT fk_discrepancy_period FOREIGN KEY (period_id) REFERENCES settlement_period (id)
);
CREATE INDEX ix_discrepancy_period ON discrepancy (period_id, contract_id);

CREATE TABLE statement (
    id                    BIGINT   NOT NULL AUTO_INCREMENT,
    period_id             BIGINT   NOT NULL,
    organization_id       BIGINT   NOT NULL,
    gross_payable_minor   BIGINT   NOT NULL,
    gross_receivable_minor BIGINT  NOT NULL,
    sla_credits_minor     BIGINT   NOT NULL,
    fees_minor            BIGINT   NOT NULL,
    net_minor             BIGINT   NOT NULL,
    content_hash          CHAR(64) NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_statement UNIQUE (period_id, organization_id),
    CONSTRAINT fk_statement_period FOREIGN KEY (period_id) REFERENCES settlement_period (id),
    CONSTRAINT fk_statement_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);

CREATE TABLE dispute (
    id                BIGINT       NOT NULL AUTO_INCREMENT,
    discrepancy_id    BIGINT       NOT NULL,
    opened_by_org_id  BIGINT       NOT NULL,
    opened_by         VARCHAR(254) NOT NULL,
    reason            VARCHAR(500) NOT NULL,
    status            VARCHAR(10)  NOT NULL,
    resolution        VARCHAR(500) NULL,
    adjustment_minor  BIGINT       NULL,
    adjustment_period_id BIGINT    NULL,
    opened_at         DATETIME(6)  NOT NULL,
    resolved_at       DATETIME(6)  NULL,
    resolved_by       VARCHAR(254) NULL,
    version           BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    CONSTRAINT uk_dispute_discrepancy UNIQUE (discrepancy_id),
    CONSTRAINT fk_dispute_discrepancy FOREIGN KEY (discrepancy_id) REFERENCES discrepancy (id)
);

-- Who did what, when: every settlement action leaves a line here.
CREATE TABLE settlement_audit (
    id          BIGINT       NOT NULL AUTO_INCREMENT,
    at          DATETIME(6)  NOT NULL,
    actor       VARCHAR(254) NOT NULL,
    action      VARCHAR(40)  NOT NULL,
    period_id   BIGINT       NULL,
    subject     VARCHAR(80)  NULL,
    detail      VARCHAR(500) NULL,
    PRIMARY KEY (id)
);
CREATE INDEX ix_settlement_audit_period ON settlement_audit (period_id, id);
