package dev.cpx.web.security;

import dev.cpx.core.identity.IdentityService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.dao.DataAccessException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.TransactionException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a portal session whose person was disabled or whose roles changed since sign-in: the session knew the roles
 * it signed in with, so without this a disabled person, or one whose role was taken away, would keep acting until the
 * session expired. The request goes on as anonymous (to the sign-in page, or 401 on the API). One look-up by key
 * per signed-in request.
 */
final class SessionStandingFilter extends OncePerRequestFilter {

    private final IdentityService identity;

    SessionStandingFilter(IdentityService identity) {
        this.identity = identity;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        var person = Principals.of(SecurityContextHolder.getContext().getAuthentication())
                .filter(principal -> principal.userId() != null);
        if (person.isPresent()) {
            var principal = person.get();
            if (!standing(principal)) {
                SecurityContextHolder.clearContext();
                var session = request.getSession(false);
                if (session != null) {
                    session.invalidate();
                }
            }
        }
        chain.doFilter(request, response);
    }

    /** With the database away the page itself fails with its own clear answer; this check does not add another. */
    private boolean standing(CpxPrincipal principal) {
        try {
            return identity.standing(principal.userId())
                    .filter(now -> now.enabled() && now.roles().equals(principal.roles())).isPresent();
        } catch (DataAccessException | TransactionException unavailable) {
            return true;
        }
    }
}
