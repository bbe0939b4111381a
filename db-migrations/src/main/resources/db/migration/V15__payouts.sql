-- Payouts: each organization's net receivable of a closed period's run (less what open disputes withhold, less what
-- earlier runs of the period already paid), made once per organization and run over one of two rails.

-- Where an organization's payouts go: its Stripe connected account, or a bank account for the ISO 20022 file.
CREATE TABLE payout_account (
    organization_id   BIGINT       NOT NULL,
    rail              VARCHAR(16)  NOT NULL,
    stripe_account_id VARCHAR(64)  NULL,
    account_holder    VARCHAR(70)  NULL,
    iban              VARCHAR(34)  NULL,
    bic               VARCHAR(11)  NULL,
    updated_at        DATETIME(6)  NOT NULL,
    updated_by        VARCHAR(254) NOT NULL,
    PRIMARY KEY (organization_id),
    CONSTRAINT fk_payout_account_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);

-- One payout per organization and run. The destination is copied from the payout account when the payout is made,
-- so a later change of settings never redirects money already on its way. debit: WAITING until the market core
-- applied its inbox row (inbox_id), DEBITED when the wallet paid it; status PENDING, SENT, FAILED or REFUSED.
CREATE TABLE payout (
    id                BIGINT       NOT NULL AUTO_INCREMENT,
    period_id         BIGINT       NOT NULL,
    run_number        INT          NOT NULL,
    organization_id   BIGINT       NOT NULL,
    receivable_minor  BIGINT       NOT NULL,
    withheld_minor    BIGINT       NOT NULL,
    paid_before_minor BIGINT       NOT NULL,
    amount_minor      BIGINT       NOT NULL,
    currency          CHAR(3)      NOT NULL,
    rail              VARCHAR(16)  NOT NULL,
    stripe_account_id VARCHAR(64)  NULL,
    account_holder    VARCHAR(70)  NULL,
    iban              VARCHAR(34)  NULL,
    bic               VARCHAR(11)  NULL,
    idempotency_key   VARCHAR(64)  NOT NULL,
    inbox_id          BIGINT       NULL,
    debit             VARCHAR(8)   NOT NULL,
    status            VARCHAR(8)   NOT NULL,
    transfer_id       VARCHAR(64)  NULL,
    bank_file_id      VARCHAR(35)  NULL,
    failure           VARCHAR(500) NULL,
    attempts          INT          NOT NULL DEFAULT 0,
    claimed_until     DATETIME(6)  NULL,
    created_at        DATETIME(6)  NOT NULL,
    created_by        VARCHAR(254) NOT NULL,
    updated_at        DATETIME(6)  NOT NULL,
    sent_at           DATETIME(6)  NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_payout_run UNIQUE (period_id, organization_id, run_number),
    CONSTRAINT uk_payout_idempotency_key UNIQUE (idempotency_key),
    CONSTRAINT fk_payout_period FOREIGN KEY (period_id) REFERENCES settlement_period (id),
    CONSTRAINT fk_payout_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);
CREATE INDEX ix_payout_status ON payout (status, debit, claimed_until);
CREATE INDEX ix_payout_organization ON payout (organization_id, id);

-- Money paid out of wallets by the market core and not yet confirmed sent, and the outside world it goes to.
INSERT INTO ledger_account (code, organization_id, kind, balance_minor, created_at)
VALUES ('PLATFORM:PAYOUTS-IN-TRANSIT', NULL, 'TRANSIT', 0, CURRENT_TIMESTAMP(6)),
       ('EXTERNAL:PAYOUTS', NULL, 'PAYOUTS', 0, CURRENT_TIMESTAMP(6));
