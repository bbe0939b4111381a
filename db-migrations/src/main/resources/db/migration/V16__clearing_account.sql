-- The platform's clearing account: a settlement close collects what buyers prepaid (their escrow) into it and pays
-- each party of the period's netting its share out of it, in one transaction, so it is zero between closes.
INSERT INTO ledger_account (code, organization_id, kind, balance_minor, created_at)
VALUES ('PLATFORM:CLEARING', NULL, 'CLEARING', 0, CURRENT_TIMESTAMP(6));
