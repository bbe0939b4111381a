package dev.cpx.core.identity;

/**
 * An administrator changed an organization's credit limit. Published inside the changing transaction, so the market
 * hears of it (through its inbox) exactly when the change commits.
 */
public record CreditLimitChanged(long organizationId, String code, long previousMinor, long creditLimitMinor) {
}
