-- Invoices and credit notes issued from each frozen settlement run (see docs/reports.md, "Invoices").

-- One gapless number series per issuer: the row is locked by the transaction that issues, so a number is taken only
-- when the invoice that carries it commits, and a rollback gives it back.
CREATE TABLE invoice_series (
    series      VARCHAR(40) NOT NULL,
    next_number BIGINT      NOT NULL,
    PRIMARY KEY (series)
);

-- Which run's documents of which organization were issued: once each, whatever issues them and how often.
CREATE TABLE invoice_issue (
    run_id          BIGINT      NOT NULL,
    organization_id BIGINT      NOT NULL,
    issued_at       DATETIME(6) NOT NULL,
    PRIMARY KEY (run_id, organization_id),
    CONSTRAINT fk_invoice_issue_run FOREIGN KEY (run_id) REFERENCES settlement_run (id),
    CONSTRAINT fk_invoice_issue_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);

-- An issued document with the parties' details as they were when it was issued; never changed afterwards.
CREATE TABLE invoice (
    id                 BIGINT       NOT NULL AUTO_INCREMENT,
    invoice_number     VARCHAR(40)  NOT NULL,
    kind               VARCHAR(12)  NOT NULL,
    purpose            VARCHAR(24)  NOT NULL,
    self_billed        BOOLEAN      NOT NULL,
    period_id          BIGINT       NOT NULL,
    run_id             BIGINT       NOT NULL,
    run_number         INT          NOT NULL,
    run_kind           VARCHAR(12)  NOT NULL,
    organization_id    BIGINT       NOT NULL,
    statement_hash     CHAR(64)     NOT NULL,
    issuer_code        VARCHAR(16)  NOT NULL,
    issuer_name        VARCHAR(200) NOT NULL,
    issuer_tax_id      VARCHAR(64)  NOT NULL,
    issuer_address     VARCHAR(500) NOT NULL,
    recipient_code     VARCHAR(16)  NOT NULL,
    recipient_name     VARCHAR(200) NOT NULL,
    recipient_tax_id   VARCHAR(64)  NOT NULL,
    recipient_address  VARCHAR(500) NOT NULL,
    issue_date         DATE         NOT NULL,
    due_date           DATE         NOT NULL,
    period_start       DATETIME(6)  NOT NULL,
    period_end         DATETIME(6)  NOT NULL,
    currency           CHAR(3)      NOT NULL,
    subtotal_minor     BIGINT       NOT NULL,
    tax_rate_bp        INT          NOT NULL,
    tax_minor          BIGINT       NOT NULL,
    total_minor        BIGINT       NOT NULL,
    reverse_charge     BOOLEAN      NOT NULL,
    po_reference       VARCHAR(64)  NULL,
    references_number  VARCHAR(40)  NULL,
    PRIMARY KEY (id),
    CONSTRAINT uk_invoice_number UNIQUE (invoice_number),
    CONSTRAINT fk_invoice_run FOREIGN KEY (run_id) REFERENCES settlement_run (id),
    CONSTRAINT fk_invoice_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);
CREATE INDEX ix_invoice_period ON invoice (period_id, id);
CREATE INDEX ix_invoice_issuer ON invoice (issuer_code, period_id);
CREATE INDEX ix_invoice_recipient ON invoice (recipient_code, period_id);

CREATE TABLE invoice_line (
    invoice_id   BIGINT       NOT NULL,
    line_number  INT          NOT NULL,
    description  VARCHAR(300) NOT NULL,
    instrument   VARCHAR(64)  NULL,
    project      VARCHAR(64)  NULL,
    gpu_seconds  BIGINT       NOT NULL,
    amount_minor BIGINT       NOT NULL,
    PRIMARY KEY (invoice_id, line_number),
    CONSTRAINT fk_invoice_line_invoice FOREIGN KEY (invoice_id) REFERENCES invoice (id)
);
