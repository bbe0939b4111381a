package dev.cpx.web.security;

import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.error.ProblemResponses;
import dev.cpx.web.error.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer <api-key>} on API requests only, for that request alone: the
 * context is never saved, so a key never creates or joins a session. On any other path the header is ignored
 * (the request is anonymous there, with CSRF and sign-in as for any browser), so a key can never act on a
 * portal page. A presented but unknown or revoked key ends an API request with 401 at once rather than falling
 * back to anonymous access.
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    static final String BEARER = "Bearer ";

    private final ApiKeyService apiKeys;
    private final AuthenticationEntryPoint entryPoint;
    private final ProblemResponses problems;

    ApiKeyAuthenticationFilter(ApiKeyService apiKeys, AuthenticationEntryPoint entryPoint, ProblemResponses problems) {
        this.apiKeys = apiKeys;
        this.entryPoint = entryPoint;
        this.problems = problems;
    }

    /** An API request that presents a key: the only kind a key authenticates, and exempt from CSRF. */
    static boolean presentsKey(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && ApiRequests.isApi(request);
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !presentsKey(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String secret = request.getHeader("Authorization").substring(BEARER.length()).strip();
        java.util.Optional<dev.cpx.core.identity.ApiKeyHolder> holder;
        try {
            holder = apiKeys.authenticate(secret);
        } catch (org.springframework.dao.DataAccessException | org.springframework.transaction.TransactionException
                 databaseAway) {
            // A key not in the cache cannot be checked while the database is away: a retryable 503, not a 500.
            response.setHeader("Retry-After", "2");
            problems.write(request, response, Problems.of(ErrorCode.SERVICE_UNAVAILABLE,
                    "the API key cannot be checked while the database is unavailable; retry shortly"));
            return;
        }
        if (holder.isEmpty()) {
            SecurityContextHolder.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("unknown or revoked API key"));
            return;
        }
        var key = holder.get();
        var principal = CpxPrincipal.ofKey(key.apiKeyId(), key.organization(), key.keyName(), key.permissions());
        var context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(new ApiKeyAuthentication(principal));
        SecurityContextHolder.setContext(context);
        try {
            chain.doFilter(request, response);
        } finally {
            SecurityContextHolder.clearContext();
        }
    }
}
