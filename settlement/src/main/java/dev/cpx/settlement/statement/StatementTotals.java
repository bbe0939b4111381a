package dev.cpx.settlement.statement;

/**
 * An organization's totals for a period, in minor units: what it owes as a buyer (gross payable, after SLA
 * credits), what it is owed as a provider (gross receivable, after SLA credits), the SLA credits on its lines,
 * its platform fees, and the net ({@code grossReceivable - grossPayable - fees}; positive = the platform pays it).
 */
public record StatementTotals(String organization, long grossPayableMinor, long grossReceivableMinor,
                             long slaCreditsMinor, long feesMinor, long netMinor) {
}
