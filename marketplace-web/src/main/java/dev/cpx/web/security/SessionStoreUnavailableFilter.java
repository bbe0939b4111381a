package dev.cpx.web.security;

import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.config.RedisCircuit;
import dev.cpx.web.error.ErrorPages;
import dev.cpx.web.error.ProblemResponses;
import dev.cpx.web.error.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Sits outside the session filter: when the session store (Redis) fails while a request reads or saves its
 * session, the caller gets a clear 503 ("sign-in is temporarily unavailable, try again in a minute") instead of
 * an error page or a 500. Requests without a session (public pages, the API with a key) never reach Redis. While
 * Redis is known not to answer, the sign-in page and form get that 503 before anything runs: the page would
 * otherwise create its session while it is being written out and fail half-way through.
 */
final class SessionStoreUnavailableFilter extends OncePerRequestFilter {

    static final String MESSAGE = "Sign-in is temporarily unavailable, try again in a minute. The catalog and "
            + "the API with an API key keep working.";
    static final String RETRY_AFTER_SECONDS = "60";

    private static final Logger log = LoggerFactory.getLogger(SessionStoreUnavailableFilter.class);
    private static final int MAX_CAUSES = 20;

    private static final String SIGN_IN = "/login";

    private final ProblemResponses problems;
    private final RedisCircuit redis;

    /** Without Redis: the filter only turns a session store failure into a 503. */
    SessionStoreUnavailableFilter(ProblemResponses problems) {
        this(problems, RedisCircuit.withoutRedis());
    }

    SessionStoreUnavailableFilter(ProblemResponses problems, RedisCircuit redis) {
        this.problems = problems;
        this.redis = redis;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (signIn(request) && !redis.answering()) {
            log.debug("Sign-in refused while Redis does not answer: {} {}", request.getMethod(),
                    request.getRequestURI());
            unavailable(request, response);
            return;
        }
        try {
            chain.doFilter(request, response);
        } catch (IOException | ServletException | RuntimeException failure) {
            if (!causedByRedis(failure) || response.isCommitted()) {
                throw failure;
            }
            // An outage is logged once by the circuit; anything else Redis refused is worth a line each time.
            if (redis.failed(failure)) {
                log.debug("Session store unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(),
                        rootCause(failure).toString());
            } else {
                log.warn("Session store unavailable for {} {}: {}", request.getMethod(), request.getRequestURI(),
                        rootCause(failure).toString());
            }
            unavailable(request, response);
        }
    }

    private static boolean signIn(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length()).equals(SIGN_IN);
    }

    private void unavailable(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        response.reset();
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        if (ProblemResponses.wantsProblem(request, request.getRequestURI())) {
            problems.write(request, response, Problems.of(ErrorCode.SERVICE_UNAVAILABLE,
                    "sign-in and portal sessions are temporarily unavailable; try again in a minute (API keys "
                            + "keep working)"));
            return;
        }
        // The forward bypasses the session filter (it handles REQUEST and ERROR dispatches only).
        request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, request.getRequestURI());
        request.setAttribute(ErrorPages.UNAVAILABLE_MESSAGE, MESSAGE);
        request.getRequestDispatcher("/error").forward(request, response);
    }

    static boolean causedByRedis(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            String type = cause.getClass().getName();
            // The circuit's own refusal is a connection failure of a type of ours.
            if (cause instanceof org.springframework.data.redis.RedisConnectionFailureException
                    || type.startsWith("org.springframework.data.redis.") || type.startsWith("io.lettuce.core.")) {
                return true;
            }
        }
        return false;
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause.getCause() != null && depth < MAX_CAUSES; depth++) {
            cause = cause.getCause();
        }
        return cause;
    }
}
