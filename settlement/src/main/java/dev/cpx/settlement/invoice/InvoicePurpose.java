package dev.cpx.settlement.invoice;

/**
 * What a document invoices, which fixes who issues it to whom (docs/reports.md, "Invoices"). The platform buys
 * compute from providers and sells it to buyers in its own name: it invoices each buyer the compute bought and the
 * buyer's fee, each provider invoices the platform the rated value it delivered (self-billed: the platform writes it
 * on the provider's behalf, in the provider's own series), and the platform invoices each provider its fee.
 */
public enum InvoicePurpose {
    /** Platform to buyer: the contract value of the compute bought and the buyer's fee. */
    BUYER_COMPUTE(true, null),
    /** Platform to buyer: the SLA credits on the compute bought, crediting its invoice. */
    BUYER_SLA_CREDIT(true, BUYER_COMPUTE),
    /** Platform to buyer: adjustments decided on disputes, against its compute invoice. */
    BUYER_ADJUSTMENT(true, BUYER_COMPUTE),
    /** Provider to platform, self-billed: the rated value of the compute delivered. */
    PROVIDER_SUPPLY(false, null),
    /** Platform to provider: the provider's fee on the rated value. */
    PROVIDER_FEES(true, null),
    /** Provider to platform, self-billed: adjustments decided on disputes, against its supply invoice. */
    PROVIDER_ADJUSTMENT(false, PROVIDER_SUPPLY);

    private final boolean issuedByPlatform;
    private final InvoicePurpose original;

    InvoicePurpose(boolean issuedByPlatform, InvoicePurpose original) {
        this.issuedByPlatform = issuedByPlatform;
        this.original = original;
    }

    /** Whether the platform issues the document; otherwise the organization does, self-billed by the platform. */
    public boolean issuedByPlatform() {
        return issuedByPlatform;
    }

    /** The purpose of the invoice a document of this purpose refers to; null for an original invoice. */
    public InvoicePurpose original() {
        return original;
    }
}
