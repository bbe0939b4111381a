-- Settlement runs: each period's PRELIMINARY run (re-rated while it is open), its FINAL run (frozen at close) and
-- its TRUE_UP runs (frozen, after disputes are resolved). A run stores each statement in its canonical form, whose
-- SHA-256 is the statement's content hash, and the netting of its statements; nothing of a frozen run is
-- recomputed from live tables.

CREATE TABLE settlement_run (
    id            BIGINT       NOT NULL AUTO_INCREMENT,
    period_id     BIGINT       NOT NULL,
    run_number    INT          NOT NULL,
    kind          VARCHAR(12)  NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    created_by    VARCHAR(254) NOT NULL,
    content_hash  CHAR(64)     NOT NULL,
    netting_hash  CHAR(64)     NOT NULL,
    netting       LONGTEXT     NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_settlement_run UNIQUE (period_id, run_number),
    CONSTRAINT fk_settlement_run_period FOREIGN KEY (period_id) REFERENCES settlement_period (id)
);

CREATE TABLE run_statement (
    id              BIGINT   NOT NULL AUTO_INCREMENT,
    run_id          BIGINT   NOT NULL,
    organization_id BIGINT   NOT NULL,
    content_hash    CHAR(64) NOT NULL,
    canonical       LONGTEXT NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_run_statement UNIQUE (run_id, organization_id),
    CONSTRAINT fk_run_statement_run FOREIGN KEY (run_id) REFERENCES settlement_run (id),
    CONSTRAINT fk_run_statement_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);

-- What a dispute withholds from the provider's payout while it is open (the contested share of the line's value).
ALTER TABLE dispute ADD COLUMN withheld_minor BIGINT NOT NULL DEFAULT 0;

-- A dispute names its period and contract; it names a discrepancy when it contests one, and none when it contests a
-- line where one side never reported (there is no difference to point at then: line_contract_id is the contract,
-- one such dispute per line).
ALTER TABLE dispute ADD COLUMN period_id BIGINT NULL;
ALTER TABLE dispute ADD COLUMN contract_id BIGINT NULL;
ALTER TABLE dispute ADD COLUMN line_contract_id BIGINT NULL;
UPDATE dispute SET period_id = (SELECT d.period_id FROM discrepancy d WHERE d.id = dispute.discrepancy_id),
                   contract_id = (SELECT d.contract_id FROM discrepancy d WHERE d.id = dispute.discrepancy_id);
ALTER TABLE dispute MODIFY discrepancy_id BIGINT NULL;
CREATE UNIQUE INDEX uk_dispute_line ON dispute (period_id, line_contract_id);
CREATE INDEX ix_dispute_period ON dispute (period_id, contract_id);
