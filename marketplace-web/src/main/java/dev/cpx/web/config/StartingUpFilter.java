package dev.cpx.web.config;

import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.error.ProblemResponses;
import dev.cpx.web.error.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The web server listens before start-up has finished (demo data, the market's first load): until the application
 * is ready, every request but the health probes gets a short 503 that says so, instead of a sign-in that fails
 * because the demo logins do not exist yet or a page without its data.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class StartingUpFilter extends OncePerRequestFilter {

    private static final String RETRY_AFTER_SECONDS = "2";
    private static final String PAGE = """
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="2">
            <title>Starting · CPX</title></head><body style="font-family:sans-serif;margin:3rem">
            <h1>CPX is starting</h1><p>The exchange is loading its data; this page reloads by itself in a moment.</p>
            </body></html>""";

    private final ProblemResponses problems;
    private volatile boolean ready;

    StartingUpFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    /** Once ready, always ready: a shutdown's refusal is the server's to answer. */
    @EventListener
    void on(AvailabilityChangeEvent<ReadinessState> change) {
        if (change.getState() == ReadinessState.ACCEPTING_TRAFFIC) {
            ready = true;
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (ready || request.getRequestURI().startsWith("/actuator/health")) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        if (ProblemResponses.wantsProblem(request, request.getRequestURI())) {
            problems.write(request, response, Problems.of(ErrorCode.SERVICE_UNAVAILABLE,
                    "CPX is starting; retry in a few seconds"));
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(PAGE.getBytes(StandardCharsets.UTF_8));
    }
}
