package dev.cpx.core.identity;

/** Published inside the creating transaction, so what reacts to it commits or rolls back with it. */
public record OrganizationCreated(long organizationId, String code) {
}
