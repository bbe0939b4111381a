package dev.cpx.web.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import dev.cpx.web.support.Reply;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Failures render as RFC 9457 problem details for API callers and as portal pages for browsers, never a trace. */
@EmbeddedAppTest
class ErrorRenderingTests {

    @LocalServerPort
    int port;

    private Browser browser;

    @BeforeEach
    void freshBrowser() {
        browser = new Browser(port);
    }

    @Test
    void failingApiCallIsAProblemDocument() {
        Reply reply = browser.get("/api/v1/instruments/NOPE");

        JsonNode problem = problem(reply, 404);
        assertThat(problem.get("type").asString()).isEqualTo("urn:cpx:problem:not-found");
        assertThat(problem.get("title").asString()).isEqualTo("Not found");
        assertThat(problem.get("code").asString()).isEqualTo("not-found");
        assertThat(problem.get("detail").asString()).contains("NOPE");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/instruments/NOPE");
    }

    @Test
    void unknownApiPathIsAProblemDocumentEvenWhenABrowserAsks() {
        Reply reply = browser.get("/api/v1/no-such-endpoint", "Authorization", Browser.bearer("demo-acme-key"),
                "Accept", "text/html");

        JsonNode problem = problem(reply, 404);
        assertThat(problem.get("code").asString()).isEqualTo("not-found");
        assertThat(problem.get("instance").asString()).isEqualTo("/api/v1/no-such-endpoint");
    }

    @Test
    void missingPageRendersTheNotFoundPage() {
        Reply reply = browser.getHtml("/catalog/no-such-thing");

        assertNotFoundPage(reply);
        assertThat(reply.body()).contains("/catalog/no-such-thing").contains("href=\"/login\"");
    }

    @Test
    void missingPageForASignedInCallerRendersTheNotFoundPage() {
        // Signed in to the portal: an API key authenticates API paths only.
        assertThat(browser.signIn("ops@shcc.demo", "demo-pass-1").status()).isEqualTo(302);
        Reply reply = browser.getHtml("/no-such-page");

        assertNotFoundPage(reply);
    }

    @Test
    void theErrorPageAskedForByItsAddressIsNotFoundRatherThanAServerError() {
        assertNotFoundPage(browser.getHtml("/error"));
        assertThat(problem(browser.get("/error", "Accept", "application/json"), 404).get("code").asString())
                .isEqualTo("not-found");
    }

    @Test
    void sameMissingPageIsAProblemDocumentForAJsonClient() {
        Reply reply = browser.get("/catalog/no-such-thing", "Accept", "application/json");

        assertThat(problem(reply, 404).get("code").asString()).isEqualTo("not-found");
    }

    @Test
    void wrongMethodOnAnApiResourceIsAProblemDocumentWithACode() {
        Reply reply = browser.postJson("/api/v1/regions", "{}", "Authorization", Browser.bearer("demo-acme-key"));

        JsonNode problem = problem(reply, 405);
        assertThat(problem.path("code").asString()).as("every problem carries a stable code").isNotBlank();
        assertThat(problem.path("title").asString()).isNotBlank();
    }

    @Test
    void unknownIdOnAPortalPageRendersTheNotFoundPage() {
        Reply home = browser.follow(browser.signIn("trader@nova.demo", "demo-pass-1"));
        assertThat(home.status()).isEqualTo(200);

        Reply reply = browser.postForm("/settings/api-keys/987654321/revoke",
                java.util.Map.of("_csrf", Browser.csrfToken(home.body())));

        assertNotFoundPage(reply);
    }

    @Test
    void anonymousVisitToAProtectedPageIsSentToSignIn() {
        Reply reply = browser.getHtml("/settings/api-keys");

        assertThat(reply.status()).isEqualTo(302);
        assertThat(browser.pathOf(reply.location())).isEqualTo("/login");
    }

    private static JsonNode problem(Reply reply, int status) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.contentType()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("type").asString()).startsWith("urn:cpx:problem:");
        assertThat(reply.body()).doesNotContain("Exception").doesNotContain("trace");
        return problem;
    }

    private static void assertNotFoundPage(Reply reply) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(404);
        assertThat(reply.contentType()).startsWith("text/html");
        assertThat(reply.body()).contains("<title>Page not found · CPX</title>").contains("Error 404")
                .doesNotContain("Exception").doesNotContain("at org.springframework").doesNotContain("at dev.cpx")
                .doesNotContainIgnoringCase("stack").doesNotContain("Whitelabel");
    }
}
