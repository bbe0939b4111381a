package dev.cpx.core.identity;

import java.time.Instant;

/**
 * What an organization's invoices say about it. {@code poReference} (null for none) is the purchase-order reference
 * its invoices carry unless an order names another; {@code updatedBy} is who last changed it.
 */
public record BillingProfile(String legalName, String taxId, String address, String poReference, Instant updatedAt,
                             String updatedBy) {
}
