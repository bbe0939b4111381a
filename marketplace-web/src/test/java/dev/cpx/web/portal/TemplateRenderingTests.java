package dev.cpx.web.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockServletContext;
import org.thymeleaf.context.WebContext;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;
import org.thymeleaf.web.servlet.JakartaServletWebApplication;

/**
 * Renders the portal's shared templates (layout, sign-in, home, error pages) with sample models
 * shaped like the controllers' and checks what a reader sees. Setting the system property
 * {@code cpx.preview.dir} also writes each rendered page there, for a look in a browser.
 */
class TemplateRenderingTests {

    private static final SpringTemplateEngine ENGINE = engine();

    private static final String SIGN_IN_FAILED =
            "Sign-in failed. Check your e-mail and password; after repeated failures the account is paused for a few minutes.";

    @Test
    void signInPageHasEmailAndPasswordFieldsPostingToLogin() {
        String html = render("login", model(null), Map.of());

        assertThat(html)
                .contains("<title>Sign in · CPX</title>")
                .contains("action=\"/login\"")
                .contains("method=\"post\"")
                .contains("type=\"email\" id=\"username\" name=\"username\" autocomplete=\"username\"")
                .contains("name=\"password\" autocomplete=\"current-password\"")
                .contains("<label for=\"username\">E-mail</label>")
                .doesNotContain(SIGN_IN_FAILED)
                .doesNotContain("Demo accounts")
                .contains("href=\"/login\"");
        preview("login", html);
    }

    @Test
    void failedSignInShowsOneMessageThatDoesNotRevealTheAccount() {
        String html = render("login", model(null), Map.of("error", ""));

        assertThat(html).contains(SIGN_IN_FAILED).doesNotContainIgnoringCase("unknown").doesNotContainIgnoringCase("not found");
        preview("login-error", html);
    }

    @Test
    void signInPageConfirmsSignOutAndExplainsExpiredSession() {
        assertThat(render("login", model(null), Map.of("logout", ""))).contains("You have signed out.");
        assertThat(render("login", model(null), Map.of("expired", ""))).contains("Your session expired");
    }

    @Test
    void demoAccountsAreListedWithFillButtonsInDemoMode() {
        Map<String, Object> model = model(null);
        model.put("demoMode", true);
        model.put("demoLogins", List.of(
                new DemoLogin("trader@acme.example", "demo-trader-pass", "Acme Robotics", "Trader"),
                new DemoLogin("ops@northgrid.example", "demo-ops-pass", "NorthGrid Compute", "Provider operations")));

        String html = render("login", model, Map.of());

        assertThat(html)
                .contains("Demo accounts")
                .contains("data-fill-login")
                .contains("data-email=\"trader@acme.example\"")
                .contains("data-password=\"demo-ops-pass\"")
                .contains("NorthGrid Compute")
                .contains("class=\"demo-ribbon\"");
        preview("login-demo", html);
    }

    @Test
    void anonymousHeaderOffersSignInAndOnlyPublicLinks() {
        String html = render("login", model(null), Map.of());

        assertThat(html)
                .contains(">Sign in</a>")
                .contains("href=\"/catalog\"")
                .contains("href=\"/providers\"")
                .contains("href=\"/swagger-ui.html\"")
                .doesNotContain("href=\"/home\"")
                .doesNotContain("href=\"/nodes\"")
                .doesNotContain("href=\"/settings/api-keys\"")
                .doesNotContain("action=\"/logout\"");
    }

    @Test
    void traderSeesBuyCapacityButNoProviderOrAdminSections() {
        String html = render("home", homeModel(user("TRADER")), Map.of());

        assertThat(html)
                .contains("Welcome, Ada Lovelace")
                .contains("Buy capacity")
                .contains("href=\"/catalog\"")
                .contains("action=\"/logout\"")
                .contains(">ACME<")
                .doesNotContain("Registered capacity")
                .doesNotContain("Settlement")
                .doesNotContain("Manage API keys")
                .doesNotContain("href=\"/nodes\"")
                .doesNotContain("href=\"/settings/api-keys\"");
        assertThat(html).contains("<a href=\"/home\" aria-current=\"page\">Home</a>");
        preview("home-trader", html);
    }

    @Test
    void providerOpsSeeCapacityTableWithTotals() {
        String html = render("home", homeModel(user("PROVIDER_OPS")), Map.of());

        assertThat(html)
                .contains("Registered capacity")
                .contains("H100-SXM-80G")
                .contains("CN-EAST")
                .contains("1,024")
                .contains("Register a node")
                .contains("href=\"/nodes\"")
                .doesNotContain("No nodes registered yet")
                .doesNotContain("Buy capacity");
        preview("home-provider", html);
    }

    @Test
    void providerOpsWithoutNodesSeeAnEmptyStateLinkingToNodes() {
        Map<String, Object> model = homeModel(user("PROVIDER_OPS"));
        model.put("home", new HomeView("NorthGrid Compute", "NGRID", List.of("Provider"), 0, 4, 5, 0, 0, List.of(), 0));

        String html = render("home", model, Map.of());

        assertThat(html).contains("No nodes registered yet").contains("Go to nodes").doesNotContain("<tfoot>");
        preview("home-provider-empty", html);
    }

    @Test
    void financeIsPointedAtStatementsAndPeriods() {
        String html = render("home", homeModel(user("FINANCE")), Map.of());

        assertThat(html).contains("Settlement").contains("href=\"/finance\"").contains("Statements and periods");
    }

    @Test
    void orgAdminSeesApiKeyCountAndNavLinks() {
        String html = render("home", homeModel(user("ORG_ADMIN")), Map.of());

        assertThat(html)
                .contains("Manage API keys")
                .contains("href=\"/settings/api-keys\"")
                .contains("href=\"/nodes\"")
                .contains("active keys");
    }

    @Test
    void platformAdminSeesPlatformCounts() {
        String html = render("home", homeModel(user("PLATFORM_ADMIN")), Map.of());

        assertThat(html).contains("Platform").contains("Review the catalog").contains("href=\"/settings/api-keys\"")
                .doesNotContain("href=\"/nodes\"");
    }

    @Test
    void userWithEveryRoleSeesEverySection() {
        Map<String, Object> model = homeModel(user("TRADER", "PROVIDER_OPS", "FINANCE", "ORG_ADMIN", "PLATFORM_ADMIN"));
        model.put("demoMode", true);

        String html = render("home", model, Map.of());

        assertThat(html)
                .contains("Buy capacity", "Registered capacity", "Settlement", "Manage API keys", "Review the catalog")
                .doesNotContain("No role assigned yet");
        preview("home-all", html);
    }

    @Test
    void userWithoutRolesIsToldHowToGetOne() {
        String html = render("home", homeModel(user()), Map.of());

        assertThat(html).contains("No role assigned yet").doesNotContain("Buy capacity");
    }

    @ParameterizedTest
    @ValueSource(strings = {"error", "error/404", "error/403", "error/409", "error/500", "error/503"})
    void errorPagesRenderWithoutAnyModelBeyondBootsErrorAttributes(String template) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("status", statusOf(template));
        model.put("error", "Reason");
        model.put("path", "/orders/42");
        model.put("trace", "java.lang.IllegalStateException: secret detail\n\tat dev.cpx.Secret");
        model.put("exception", "java.lang.IllegalStateException");

        String html = render(template, model, Map.of());

        assertThat(html)
                .contains("Error " + statusOf(template))
                .contains("/orders/42")
                .contains("href=\"/catalog\"")
                .contains(">Sign in</a>")
                .doesNotContain("IllegalStateException")
                .doesNotContain("secret detail");
        preview(template.replace('/', '-'), html);
    }

    @Test
    void errorPagesOfferHomeWhenSignedIn() {
        Map<String, Object> model = model(user("TRADER"));
        model.put("status", 404);

        assertThat(render("error/404", model, Map.of())).contains("Page not found").contains("href=\"/home\"");
    }

    @Test
    void conflictPageShowsTheBusinessMessageButOtherPagesDoNot() {
        Map<String, Object> model = model(user("TRADER"));
        model.put("status", 409);
        model.put("message", "The gate for H100-SXM-80G CN-EAST 2026-11-26 has closed.");

        String conflict = render("error/409", model, Map.of());
        model.put("status", 500);
        String failure = render("error/500", model, Map.of());

        assertThat(conflict).contains("The gate for H100-SXM-80G CN-EAST 2026-11-26 has closed.");
        assertThat(failure).doesNotContain("The gate for").contains("Something went wrong on our side");
        preview("error-409-message", conflict);
    }

    @Test
    void genericErrorPageCopesWithoutStatus() {
        assertThat(render("error", new LinkedHashMap<>(), Map.of())).contains("Error 500");
    }

    private static int statusOf(String template) {
        return template.startsWith("error/") ? Integer.parseInt(template.substring(6)) : 418;
    }

    private static Map<String, Object> model(CurrentUser user) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("currentUser", user);
        if (user != null) {
            // As for a person of an organization that buys and provides.
            boolean operatesNodes = user.providerOps() || user.orgAdmin();
            model.put("menu", new PortalMenu(true, true, operatesNodes, operatesNodes, user.finance(), user.finance(),
                    user.orgAdmin() || user.platformAdmin(), user.platformAdmin()));
        }
        model.put("demoMode", false);
        return model;
    }

    private static Map<String, Object> homeModel(CurrentUser user) {
        Map<String, Object> model = model(user);
        model.put("activeNav", "home");
        model.put("home", new HomeView("Acme Robotics", "ACME", List.of("Buyer", "Provider"),
                12, 6, 5, 136, 1_088,
                List.of(new CapacityRow("H100-SXM-80G", "CN-EAST", 128, 1_024),
                        new CapacityRow("MI300X-192G", "EU-CENTRAL", 6, 48),
                        new CapacityRow("ASCEND-910B-64G", "CN-WEST", 2, 16)),
                3));
        return model;
    }

    private static CurrentUser user(String... roles) {
        return new CurrentUser("Ada Lovelace", "ada@acme.example", "ACME", "Acme Robotics",
                new LinkedHashSet<>(List.of(roles)));
    }

    private static String render(String template, Map<String, Object> model, Map<String, String> params) {
        MockServletContext servletContext = new MockServletContext();
        MockHttpServletRequest request = new MockHttpServletRequest(servletContext, "GET", "/" + template);
        params.forEach(request::addParameter);
        MockHttpServletResponse response = new MockHttpServletResponse();
        JakartaServletWebApplication application = JakartaServletWebApplication.buildApplication(servletContext);
        WebContext context = new WebContext(application.buildExchange(request, response));
        context.setVariables(model);
        return ENGINE.process(template, context);
    }

    private static SpringTemplateEngine engine() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
        SpringTemplateEngine engine = new SpringTemplateEngine();
        engine.setTemplateResolver(resolver);
        return engine;
    }

    private static void preview(String name, String html) {
        String dir = System.getProperty("cpx.preview.dir");
        if (dir == null) {
            return;
        }
        try {
            Path target = Path.of(dir, name + ".html");
            Files.createDirectories(target.getParent());
            Files.writeString(target, html, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write preview " + name, e);
        }
    }

    /** Shaped like the portal's signed-in user: properties plus one boolean per role. */
    public record CurrentUser(String displayName, String email, String organizationCode, String organizationName,
                              Set<String> roles) {

        public boolean trader() { return roles.contains("TRADER"); }
        public boolean providerOps() { return roles.contains("PROVIDER_OPS"); }
        public boolean finance() { return roles.contains("FINANCE"); }
        public boolean orgAdmin() { return roles.contains("ORG_ADMIN"); }
        public boolean platformAdmin() { return roles.contains("PLATFORM_ADMIN"); }
    }

    public record DemoLogin(String email, String password, String organization, String role) {
    }

    public record HomeView(String organizationName, String organizationCode, List<String> capabilities,
                           long openInstrumentCount, long classCount, long regionCount, long nodeCount,
                           long gpuCount, List<CapacityRow> capacity, long apiKeyCount) {
    }

    public record CapacityRow(String computeClass, String region, long nodes, long gpus) {
    }
}
