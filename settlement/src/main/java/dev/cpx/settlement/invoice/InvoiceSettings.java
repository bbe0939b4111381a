package dev.cpx.settlement.invoice;

import java.util.Map;

/**
 * How invoices are written: the tax rate (basis points of the subtotal) and reverse-charge treatment for an
 * organization's documents, by default and per organization code; the payment terms in days; and the platform's
 * own details, used when the platform organization has no billing profile.
 */
public record InvoiceSettings(Tax defaultTax, Map<String, Tax> organizations, int paymentTermsDays,
                             InvoiceView.Party platform) {

    public static final int MAX_TAX_BASIS_POINTS = 10_000;
    public static final int MAX_PAYMENT_TERMS_DAYS = 365;

    public InvoiceSettings {
        organizations = Map.copyOf(organizations);
        if (defaultTax == null || platform == null) {
            throw new IllegalArgumentException("invoice settings need a default tax and the platform's details");
        }
        if (paymentTermsDays < 0 || paymentTermsDays > MAX_PAYMENT_TERMS_DAYS) {
            throw new IllegalArgumentException("payment terms are 0 to " + MAX_PAYMENT_TERMS_DAYS + " days, not "
                    + paymentTermsDays);
        }
    }

    /** A tax rate in basis points (2000 = 20%), and whether a 0% document carries the reverse-charge note. */
    public record Tax(int rateBasisPoints, boolean reverseCharge) {

        public Tax {
            if (rateBasisPoints < 0 || rateBasisPoints > MAX_TAX_BASIS_POINTS) {
                throw new IllegalArgumentException("a tax rate is 0 to " + MAX_TAX_BASIS_POINTS + " basis points, not "
                        + rateBasisPoints);
            }
        }

        /** The reverse-charge note applies to untaxed documents of organizations under reverse charge. */
        public boolean reverseChargeNote() {
            return reverseCharge && rateBasisPoints == 0;
        }
    }

    /** The tax of the documents between the platform and {@code organization}, whichever of them issues. */
    public Tax tax(String organization) {
        return organizations.getOrDefault(organization, defaultTax);
    }
}
