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

-- Card payments taken back: what Stripe refunded or a card holder disputed, reversed out of the wallet once each.
ALTER TABLE wallet_top_up ADD COLUMN refunded_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE wallet_top_up ADD COLUMN disputed_minor BIGINT NOT NULL DEFAULT 0;
-- The caller's own Idempotency-Key: the same key again answers the same top-up instead of a second one.
ALTER TABLE wallet_top_up ADD COLUMN client_key VARCHAR(64) NULL;
CREATE UNIQUE INDEX uk_top_up_client_key ON wallet_top_up (organization_id, client_key);
