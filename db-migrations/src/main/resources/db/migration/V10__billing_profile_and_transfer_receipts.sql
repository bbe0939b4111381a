-- What an organization's invoices carry about it: legal name, tax id, address and a default purchase-order reference.
CREATE TABLE billing_profile (
    organization_id BIGINT       NOT NULL,
    legal_name      VARCHAR(200) NOT NULL,
    tax_id          VARCHAR(64)  NOT NULL,
    address         VARCHAR(500) NOT NULL,
    po_reference    VARCHAR(64)  NULL,
    updated_at      DATETIME(6)  NOT NULL,
    updated_by      VARCHAR(120) NOT NULL,
    version         BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (organization_id),
    CONSTRAINT fk_billing_profile_organization FOREIGN KEY (organization_id) REFERENCES organization (id)
);

-- A confirmed bank transfer records what arrived, the bank's reference, and who confirmed it.
ALTER TABLE wallet_top_up ADD COLUMN received_minor BIGINT NULL;
ALTER TABLE wallet_top_up ADD COLUMN received_reference VARCHAR(64) NULL;
ALTER TABLE wallet_top_up ADD COLUMN confirmed_by VARCHAR(120) NULL;
ALTER TABLE wallet_top_up ADD COLUMN confirmed_at DATETIME(6) NULL;
