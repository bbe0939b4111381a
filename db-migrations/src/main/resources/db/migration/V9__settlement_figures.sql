-- Settlement figures: the currency and rating rules a period records when it opens; coverage and differences of
-- each settled contract; every difference between the sources as a discrepancy; adjustments and prepayments on
-- each statement.

-- Periods opened before this version get the documented defaults (USD, 60 GPU-seconds or 20 per mille, a 50 bp
-- provider fee); docs/api.md says how to correct them where a deployment ran other settings.
ALTER TABLE settlement_period ADD COLUMN currency CHAR(3) NOT NULL DEFAULT 'USD';
ALTER TABLE settlement_period ADD COLUMN tolerance_gpu_seconds BIGINT NOT NULL DEFAULT 60;
ALTER TABLE settlement_period ADD COLUMN tolerance_permille INT NOT NULL DEFAULT 20;
ALTER TABLE settlement_period ADD COLUMN provider_fee_basis_points INT NOT NULL DEFAULT 50;

ALTER TABLE settled_contract ADD COLUMN coverage VARCHAR(16) NOT NULL DEFAULT 'BOTH';
ALTER TABLE settled_contract ADD COLUMN one_sided_provider_gpu_seconds BIGINT NOT NULL DEFAULT 0;
ALTER TABLE settled_contract ADD COLUMN one_sided_buyer_gpu_seconds BIGINT NOT NULL DEFAULT 0;
ALTER TABLE settled_contract ADD COLUMN over_allocated_gpu_seconds BIGINT NOT NULL DEFAULT 0;
ALTER TABLE settled_contract ADD COLUMN difference_count INT NOT NULL DEFAULT 0;
ALTER TABLE settled_contract ADD COLUMN beyond_tolerance_count INT NOT NULL DEFAULT 0;
-- The former rule rated the provider alone where the buyer sent nothing, both sides (the lower) otherwise.
UPDATE settled_contract SET coverage = 'PROVIDER_ONLY', one_sided_provider_gpu_seconds = provider_gpu_seconds
 WHERE buyer_reported = FALSE AND provider_gpu_seconds > 0;
UPDATE settled_contract SET coverage = 'NONE' WHERE buyer_reported = FALSE AND provider_gpu_seconds = 0;
UPDATE settled_contract SET difference_count =
       (SELECT COUNT(*) FROM discrepancy d
         WHERE d.period_id = settled_contract.period_id AND d.contract_id = settled_contract.contract_id),
       beyond_tolerance_count =
       (SELECT COUNT(*) FROM discrepancy d
         WHERE d.period_id = settled_contract.period_id AND d.contract_id = settled_contract.contract_id);

-- Former discrepancies were all beyond the tolerance and rated at the lower figure.
ALTER TABLE discrepancy ADD COLUMN within_tolerance BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE discrepancy ADD COLUMN rated_gpu_seconds BIGINT NOT NULL DEFAULT 0;
UPDATE discrepancy SET rated_gpu_seconds = LEAST(provider_gpu_seconds, buyer_gpu_seconds);

-- Frozen statements keep their figures (their adjustments stay inside gross payable and receivable); what
-- buyers prepaid and what the close paid out is filled in from their settled contracts.
ALTER TABLE statement ADD COLUMN adjustments_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE statement ADD COLUMN prepaid_minor BIGINT NOT NULL DEFAULT 0;
ALTER TABLE statement ADD COLUMN paid_at_close_minor BIGINT NOT NULL DEFAULT 0;
UPDATE statement SET prepaid_minor =
       (SELECT COALESCE(SUM(s.value_minor + s.buyer_fee_minor), 0) FROM settled_contract s
          JOIN contract c ON c.id = s.contract_id
         WHERE s.period_id = statement.period_id AND c.buyer_org_id = statement.organization_id),
       paid_at_close_minor =
       (SELECT COALESCE(SUM(s.sla_credit_minor), 0) FROM settled_contract s JOIN contract c ON c.id = s.contract_id
         WHERE s.period_id = statement.period_id AND c.buyer_org_id = statement.organization_id)
     + (SELECT COALESCE(SUM(s.rated_value_minor - s.provider_fee_minor), 0) FROM settled_contract s
          JOIN contract c ON c.id = s.contract_id
         WHERE s.period_id = statement.period_id AND c.provider_org_id = statement.organization_id);
