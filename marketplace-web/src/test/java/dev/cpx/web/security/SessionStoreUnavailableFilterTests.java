package dev.cpx.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cpx.web.error.ErrorPages;
import dev.cpx.web.error.ProblemResponses;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import tools.jackson.databind.json.JsonMapper;

class SessionStoreUnavailableFilterTests {

    private final SessionStoreUnavailableFilter filter =
            new SessionStoreUnavailableFilter(new ProblemResponses(JsonMapper.builder().build()));

    private static FilterChain failing(Exception failure) {
        return (request, response) -> {
            response.getWriter().write("half a page");
            if (failure instanceof ServletException servlet) {
                throw servlet;
            }
            throw (RuntimeException) failure;
        };
    }

    private static Exception redisDown() {
        return new ServletException("Request processing failed",
                new RedisConnectionFailureException("Unable to connect to Redis"));
    }

    @Test
    void aPageWhoseSessionCannotBeStoredForwardsToA503SayingSignInIsUnavailable() throws Exception {
        var request = new MockHttpServletRequest("GET", "/login");
        request.addHeader("Accept", "text/html");
        var response = new MockHttpServletResponse();

        filter.doFilter(request, response, failing(redisDown()));

        assertThat(response.getForwardedUrl()).isEqualTo("/error");
        assertThat(request.getAttribute(jakarta.servlet.RequestDispatcher.ERROR_STATUS_CODE)).isEqualTo(503);
        assertThat((String) request.getAttribute(ErrorPages.UNAVAILABLE_MESSAGE))
                .startsWith("Sign-in is temporarily unavailable, try again in a minute");
        assertThat(response.getHeader("Retry-After")).isEqualTo("60");
        assertThat(response.getContentAsString()).doesNotContain("half a page");
    }

    @Test
    void anApiCallWithASessionGetsA503ProblemDetail() throws Exception {
        var request = new MockHttpServletRequest("GET", "/api/v1/orders");
        var response = new MockHttpServletResponse();

        filter.doFilter(request, response, failing(redisDown()));

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("\"code\":\"service-unavailable\"", "try again in a minute");
    }

    @Test
    void otherFailuresAreNotTheFiltersBusiness() {
        var failure = new DataAccessResourceFailureException("database away");
        var request = new MockHttpServletRequest("GET", "/home");

        assertThatThrownBy(() -> filter.doFilter(request, new MockHttpServletResponse(), failing(failure)))
                .isSameAs(failure);
    }

    @Test
    void aResponseAlreadySentCannotBeReplaced() {
        var request = new MockHttpServletRequest("GET", "/home");
        var response = new MockHttpServletResponse();
        response.setCommitted(true);

        assertThatThrownBy(() -> filter.doFilter(request, response, failing(redisDown())))
                .isInstanceOf(ServletException.class);
    }
}
