package dev.cpx.web.security;

import java.util.Optional;
import org.springframework.security.core.Authentication;

/** The one place that turns Spring Security's authentication into a {@link CpxPrincipal}. */
public final class Principals {

    private Principals() {
    }

    public static Optional<CpxPrincipal> of(Authentication authentication) {
        if (authentication == null || !authentication.isAuthenticated()) {
            return Optional.empty();
        }
        return switch (authentication.getPrincipal()) {
            case CpxPrincipal principal -> Optional.of(principal);
            case CpxUserDetails user -> Optional.of(user.principal());
            case null, default -> Optional.empty();
        };
    }
}
