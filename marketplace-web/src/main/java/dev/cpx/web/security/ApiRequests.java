package dev.cpx.web.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The API's paths, {@code /api/**}: the only requests an API key authenticates, and never the reason for a
 * session (no saved request, no CSRF token stored where no session exists).
 */
final class ApiRequests {

    static final RequestMatcher API = PathPatternRequestMatcher.withDefaults().matcher("/api/**");

    private ApiRequests() {
    }

    static boolean isApi(HttpServletRequest request) {
        return API.matches(request);
    }
}
