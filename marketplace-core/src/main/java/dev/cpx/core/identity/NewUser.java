package dev.cpx.core.identity;

import java.util.Set;

/** A user to create; the password arrives already hashed by the web layer's encoder. */
public record NewUser(long organizationId, String email, String displayName, String passwordHash, Set<Role> roles) {

    public NewUser {
        if (email == null || !email.contains("@") || email.length() > 254) {
            throw new IllegalArgumentException("e-mail must be a valid address of at most 254 characters");
        }
        if (roles == null || roles.isEmpty()) {
            throw new IllegalArgumentException("a user needs at least one role");
        }
        roles = Set.copyOf(roles);
    }
}
