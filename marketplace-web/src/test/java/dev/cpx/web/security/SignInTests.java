package dev.cpx.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.CpxApplication;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.NewUser;
import dev.cpx.core.identity.Role;
import dev.cpx.core.time.MovableClock;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.Reply;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.test.context.ActiveProfiles;

/**
 * Portal sign-in as a browser does it: the form's CSRF token from GET /login, POST /login, the redirect to
 * /home. Lockout tests work on accounts they create, so the demo logins stay usable in any test order.
 * Its own database: the market clock is moved forward here to end a lock.
 */
@SpringBootTest(classes = CpxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:cpx-sign-in-tests;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
                "cpx.demo.enabled=true",
                "cpx.security.sign-in-attempts-per-minute=10000"})
@ActiveProfiles("embedded")
class SignInTests {

    private static final String PASSWORD = "demo-pass-1";
    private static final AtomicInteger NEXT_USER = new AtomicInteger();

    @LocalServerPort
    int port;

    @Autowired
    IdentityService identity;

    @Autowired
    PasswordEncoder passwords;

    @Autowired
    MovableClock clock;

    private Browser browser;

    @BeforeEach
    void freshBrowser() {
        browser = new Browser(port);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "trader@acme.demo, Acme Robotics",
            "finance@acme.demo, Acme Robotics",
            "trader@nova.demo, Nova Pharma",
            "finance@nova.demo, Nova Pharma",
            "ops@shcc.demo, Shanghai Compute Center",
            "finance@shcc.demo, Shanghai Compute Center",
            "ops@gzdh.demo, Guizhou DataHub",
            "finance@gzdh.demo, Guizhou DataHub",
            "admin@cpx.demo, CPX Platform",
            "finance@cpx.demo, CPX Platform"})
    void demoLoginSignsInAndHomeShowsTheOrganization(String email, String organizationName) {
        Reply signIn = browser.signIn(email, PASSWORD);

        assertThat(signIn.status()).as("%s", signIn).isEqualTo(302);
        assertThat(browser.pathOf(signIn.location())).isEqualTo("/home");
        Reply home = browser.follow(signIn);
        assertThat(home.status()).as("%s", home).isEqualTo(200);
        assertThat(home.body()).contains(organizationName);
    }

    @Test
    void wrongPasswordReturnsToTheSignInPageWithAnError() {
        Reply signIn = browser.signIn("trader@nova.demo", "not-the-password");

        assertThat(signIn.status()).isEqualTo(302);
        assertThat(browser.pathOf(signIn.location())).isEqualTo("/login?error");
        assertThat(browser.follow(signIn).status()).isEqualTo(200);
        assertNotSignedIn();
    }

    @Test
    void fifthWrongPasswordLocksTheAccountSoTheRightPasswordFailsToo() {
        String email = newUser();
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(browser.pathOf(browser.signIn(email, "wrong-" + attempt).location())).isEqualTo("/login?error");
        }

        Reply rightPassword = browser.signIn(email, PASSWORD);

        assertThat(browser.pathOf(rightPassword.location())).isEqualTo("/login?error");
        assertNotSignedIn();
    }

    @Test
    void fourWrongPasswordsDoNotLockTheAccount() {
        String email = newUser();
        for (int attempt = 1; attempt <= 4; attempt++) {
            browser.signIn(email, "wrong-" + attempt);
        }

        assertThat(browser.pathOf(browser.signIn(email, PASSWORD).location())).isEqualTo("/home");
    }

    @Test
    void lockedAccountSignsInAgainOnceTheLockHasPassed() {
        String email = newUser();
        for (int attempt = 1; attempt <= 5; attempt++) {
            browser.signIn(email, "wrong-" + attempt);
        }
        assertThat(browser.pathOf(browser.signIn(email, PASSWORD).location())).isEqualTo("/login?error");

        clock.advance(Duration.ofMinutes(16));

        assertThat(browser.pathOf(browser.signIn(email, PASSWORD).location())).isEqualTo("/home");
    }

    @Test
    void unknownEmailLockedAccountAndWrongPasswordLookTheSame() {
        String locked = newUser();
        for (int attempt = 1; attempt <= 5; attempt++) {
            browser.signIn(locked, "wrong-" + attempt);
        }

        String wrongPassword = failurePage("trader@acme.demo", "not-the-password");
        String unknownEmail = failurePage("nobody-" + NEXT_USER.incrementAndGet() + "@acme.demo", PASSWORD);
        String lockedAccount = failurePage(locked, PASSWORD);

        assertThat(unknownEmail).isEqualTo(wrongPassword);
        assertThat(lockedAccount).isEqualTo(wrongPassword);
        assertThat(wrongPassword).containsIgnoringCase("sign-in failed").doesNotContainIgnoringCase("locked")
                .doesNotContainIgnoringCase("no such user").doesNotContainIgnoringCase("unknown");
    }

    @Test
    void signInWithoutTheCsrfTokenIsRefused() {
        browser.csrfTokenFromLoginPage();

        Reply reply = browser.postForm("/login", Map.of("username", "trader@acme.demo", "password", PASSWORD));

        assertThat(reply.status()).isEqualTo(403);
        assertNotSignedIn();
    }

    @Test
    void signInGivesANewSessionId() {
        browser.csrfTokenFromLoginPage();
        String anonymousSession = browser.cookie("JSESSIONID");
        assertThat(anonymousSession).as("GET /login keeps the CSRF token in a session").isNotNull();

        browser.signIn("trader@acme.demo", PASSWORD);
        String signedInSession = browser.cookie("JSESSIONID");

        assertThat(signedInSession).isNotNull().isNotEqualTo(anonymousSession);
        var stale = new Browser(port);
        stale.setCookie("JSESSIONID", anonymousSession);
        assertThat(stale.getHtml("/home").status()).as("the pre-sign-in session id is not signed in").isEqualTo(302);
    }

    @Test
    void signOutEndsTheSession() {
        Reply home = browser.follow(browser.signIn("ops@shcc.demo", PASSWORD));
        assertThat(home.status()).isEqualTo(200);

        Reply signOut = browser.postForm("/logout", Map.of("_csrf", Browser.csrfToken(home.body())));

        assertThat(signOut.status()).isEqualTo(302);
        assertThat(browser.pathOf(signOut.location())).isEqualTo("/login?logout");
        assertNotSignedIn();
    }

    private String failurePage(String email, String password) {
        var stranger = new Browser(port);
        Reply reply = stranger.signIn(email, password);
        assertThat(reply.status()).isEqualTo(302);
        assertThat(stranger.pathOf(reply.location())).isEqualTo("/login?error");
        // The CSRF token differs per session; everything else must be identical.
        return stranger.follow(reply).body().replaceAll("name=\"_csrf\" value=\"[^\"]*\"", "name=\"_csrf\"");
    }

    private void assertNotSignedIn() {
        Reply home = browser.getHtml("/home");
        assertThat(home.status()).isEqualTo(302);
        assertThat(browser.pathOf(home.location())).isEqualTo("/login");
    }

    /** A fresh ACME trader with the demo password, so lockouts never touch the shared demo logins. */
    private String newUser() {
        var acme = identity.organizationByCode("ACME").orElseThrow();
        String email = "locktest-" + NEXT_USER.incrementAndGet() + "@acme.demo";
        identity.createUser(new NewUser(acme.id(), email, "Lock Test", passwords.encode(PASSWORD),
                Set.of(Role.TRADER)));
        return email;
    }
}
