package dev.cpx.settlement.statement;

/**
 * An organization's totals for a period, in minor units: what it owes as a buyer (gross payable, the rated value
 * of what it bought), what it is owed as a provider (gross receivable), the SLA credits on its lines, its platform
 * fees, the adjustments booked to it (positive: to it), and the net
 * ({@code grossReceivable - grossPayable - fees + adjustments}; positive: the organization comes out ahead).
 *
 * <p>How the net is paid: a buyer paid the contract value and its fee when it traded ({@code prepaid}); the close
 * pays each provider its rated value less its fee and each buyer its SLA credits ({@code paidAtClose});
 * adjustments moved when they were decided. So {@code net = paidAtClose - prepaid + adjustments}, and nothing of a
 * negative net is left to pay.
 */
public record StatementTotals(String organization, long grossPayableMinor, long grossReceivableMinor,
                              long slaCreditsMinor, long feesMinor, long adjustmentsMinor, long netMinor,
                              long prepaidMinor, long paidAtCloseMinor) {
}
