package dev.cpx.core.identity;

import java.time.Instant;
import java.util.Set;

/** A user with what sign-in needs to decide; never leaves the server. */
public record UserAccount(long id, OrganizationView organization, String email, String displayName,
                          String passwordHash, Set<Role> roles, boolean enabled, Instant lockedUntil) {

    public boolean lockedAt(Instant now) {
        return lockedUntil != null && lockedUntil.isAfter(now);
    }
}
