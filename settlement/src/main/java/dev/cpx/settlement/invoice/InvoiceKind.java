package dev.cpx.settlement.invoice;

/** An invoice asks for money; a credit note gives back money an earlier invoice asked for. */
public enum InvoiceKind {
    INVOICE,
    CREDIT_NOTE
}
