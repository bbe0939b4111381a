package dev.cpx.core.identity;

import java.io.Serializable;

/** An organization as the rest of the platform sees it. */
public record OrganizationView(long id, String code, String name, boolean buyer, boolean provider, boolean platform,
                               long creditLimitMinor) implements Serializable {
}
