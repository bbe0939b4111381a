package dev.cpx.settlement.invoice;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An issued invoice or credit note as it was issued: the parties' details then, its lines and figures in minor
 * units, and where it comes from (period, run and the statement's content hash). {@code references} is the number
 * of the invoice a credit note or further invoice refers to, null for an original invoice.
 */
public record InvoiceView(String invoiceNumber, InvoiceKind kind, InvoicePurpose purpose, boolean selfBilled,
                          Party issuer, Party recipient, LocalDate issueDate, LocalDate dueDate, long periodId,
                          Instant periodStart, Instant periodEnd, int run, String runKind, String organization,
                          String statementHash, String currency, long subtotalMinor, int taxRateBasisPoints,
                          long taxMinor, long totalMinor, boolean reverseCharge, String poReference,
                          String references, List<InvoicePlan.Line> lines) {

    /** A party as the document names it: organization code, legal name, tax id (empty when none) and address. */
    public record Party(String code, String legalName, String taxId, String address) {
    }
}
