package dev.cpx.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.CpxApplication;
import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.Reply;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Each key permission reaches exactly the API endpoints its name says, and nothing else: the whole matrix of
 * permissions against endpoints, with one single-permission key each. A call counts as reached when the
 * caller is not refused as a caller (401, or 403 {@code forbidden}); the bodies and ids are chosen so that a
 * reached handler refuses the request itself (unknown ids, an unknown instrument, a bad CPID, empty batches)
 * and nothing changes. Its own database, as other classes count what the demo organizations hold.
 */
@SpringBootTest(classes = CpxApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "spring.datasource.url=jdbc:h2:mem:cpx_it_scopes_matrix;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
                        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1",
                "cpx.demo.enabled=true",
                "cpx.security.sign-in-attempts-per-minute=10000"})
@ActiveProfiles("embedded")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyPermissionTests {

    private static final String UNKNOWN = "999999999";
    private static final String ORDER = """
            {"clientOrderId":"matrix-1","instrument":"NO-SUCH-INSTRUMENT","side":"BUY","type":"LIMIT",
             "price":"1.00","quantity":1}""";

    /** The API calls of an organization's keys, each with the permissions that reach it. */
    private static final List<Call> CALLS = List.of(
            new Call("POST", "/api/v1/orders", ORDER, EnumSet.of(ApiKeyPermission.TRADE)),
            new Call("PATCH", "/api/v1/orders/" + UNKNOWN, "{\"quantity\":1}", EnumSet.of(ApiKeyPermission.TRADE)),
            new Call("DELETE", "/api/v1/orders/" + UNKNOWN, null, EnumSet.of(ApiKeyPermission.TRADE)),
            new Call("GET", "/api/v1/orders", null, reads()),
            new Call("GET", "/api/v1/orders/" + UNKNOWN, null, reads()),
            new Call("POST", "/api/v1/nodes", """
                    {"cpid":"CP1.NOT-A-CPID","computeClass":"H100-SXM-80G","gpuCount":8}""",
                    EnumSet.of(ApiKeyPermission.TRADE)),
            new Call("GET", "/api/v1/nodes", null, reads()),
            new Call("GET", "/api/v1/contracts", null, reads()),
            new Call("POST", "/api/v1/contracts/" + UNKNOWN + "/allocations", "{\"cpids\":[\"CP1.X\"]}",
                    EnumSet.of(ApiKeyPermission.TRADE)),
            new Call("GET", "/api/v1/account", null, reads()),
            new Call("POST", "/api/v1/usage", "{\"records\":[]}", EnumSet.of(ApiKeyPermission.METER)),
            new Call("POST", "/api/v1/heartbeats", "{\"records\":[]}", EnumSet.of(ApiKeyPermission.METER)),
            new Call("POST", "/api/v1/settlement/discrepancies/" + UNKNOWN + "/disputes", "{\"reason\":\"short\"}",
                    EnumSet.of(ApiKeyPermission.FINANCE)),
            new Call("GET", "/api/v1/settlement/disputes", null, EnumSet.of(ApiKeyPermission.FINANCE)),
            new Call("GET", "/api/v1/settlement/periods/" + UNKNOWN + "/statements", null,
                    EnumSet.of(ApiKeyPermission.FINANCE)),
            new Call("GET", "/api/v1/settlement/periods/" + UNKNOWN + "/reports/SHCC.csv", null,
                    EnumSet.of(ApiKeyPermission.FINANCE)),
            new Call("POST", "/api/v1/wallet/top-ups", "{\"amount\":\"0.00\"}", EnumSet.of(ApiKeyPermission.FINANCE)),
            new Call("GET", "/api/v1/wallet/top-ups", null, reads()),
            // An organization's finance lists the periods holding its statement.
            new Call("GET", "/api/v1/settlement/periods", null, EnumSet.of(ApiKeyPermission.FINANCE)),
            // Platform finance and administration are the platform's, whatever an organization's key holds.
            new Call("GET", "/api/v1/settlement/periods/" + UNKNOWN + "/netting", null, nobody()),
            new Call("POST", "/api/v1/settlement/periods/" + UNKNOWN + "/true-up", "{}", nobody()),
            new Call("POST", "/api/v1/admin/clock", "{\"advanceBy\":\"PT0S\"}", nobody()));

    /** The platform's own calls: only its finance key runs settlement, only its admin key moves the clock. */
    private static final List<Call> PLATFORM_CALLS = List.of(
            new Call("GET", "/api/v1/settlement/periods", null, EnumSet.of(ApiKeyPermission.FINANCE)),
            new Call("POST", "/api/v1/settlement/disputes/" + UNKNOWN + "/resolve",
                    "{\"adjustment\":\"0.00\",\"to\":\"BUYER\",\"resolution\":\"none\"}",
                    EnumSet.of(ApiKeyPermission.FINANCE)),
            new Call("POST", "/api/v1/admin/clock", "{\"advanceBy\":\"PT0S\"}", EnumSet.of(ApiKeyPermission.ADMIN)),
            new Call("POST", "/api/v1/orders", ORDER, nobody()));

    @LocalServerPort
    int port;

    @Autowired
    ApiKeyService apiKeys;

    @Autowired
    IdentityService identity;

    /** One key per permission: SHCC is buyer and provider, so every organization-side call applies to it. */
    private final Map<ApiKeyPermission, String> shccKeys = new EnumMap<>(ApiKeyPermission.class);
    private final Map<ApiKeyPermission, String> platformKeys = new EnumMap<>(ApiKeyPermission.class);

    @BeforeAll
    void issueOneKeyPerPermission() {
        long shcc = identity.organizationByCode("SHCC").orElseThrow().id();
        long platform = identity.organizationByCode("CPX").orElseThrow().id();
        for (ApiKeyPermission permission : EnumSet.complementOf(EnumSet.of(ApiKeyPermission.ADMIN))) {
            shccKeys.put(permission, issue(shcc, permission));
        }
        for (ApiKeyPermission permission : ApiKeyPermission.values()) {
            platformKeys.put(permission, issue(platform, permission));
        }
    }

    static Stream<Arguments> organizationMatrix() {
        return matrix(CALLS, EnumSet.complementOf(EnumSet.of(ApiKeyPermission.ADMIN)));
    }

    static Stream<Arguments> platformMatrix() {
        return matrix(PLATFORM_CALLS, EnumSet.allOf(ApiKeyPermission.class));
    }

    @ParameterizedTest(name = "{0} key, {1}")
    @MethodSource("organizationMatrix")
    void anOrganizationsKeyReachesExactlyWhatItsPermissionNames(ApiKeyPermission permission, Call call) {
        assertReach(shccKeys.get(permission), permission, call);
    }

    @ParameterizedTest(name = "{0} key, {1}")
    @MethodSource("platformMatrix")
    void thePlatformsKeyReachesExactlyWhatItsPermissionNames(ApiKeyPermission permission, Call call) {
        assertReach(platformKeys.get(permission), permission, call);
    }

    @ParameterizedTest(name = "{0} key of a provider that does not buy")
    @MethodSource("readingPermissions")
    void aProvidersReadAndFinanceKeysListItsNodes(ApiKeyPermission permission) {
        long gzdh = identity.organizationByCode("GZDH").orElseThrow().id();
        Reply nodes = new Browser(port).get("/api/v1/nodes", "Authorization",
                Browser.bearer(issue(gzdh, permission)));

        assertThat(nodes.status()).as("%s", nodes).isEqualTo(200);
        assertThat(nodes.json().size()).as("GZDH's demo nodes").isPositive();
    }

    static Stream<ApiKeyPermission> readingPermissions() {
        return Stream.of(ApiKeyPermission.READ, ApiKeyPermission.FINANCE);
    }

    private void assertReach(String key, ApiKeyPermission permission, Call call) {
        Reply reply = call.send(new Browser(port), key);

        assertThat(reply.status()).as("never a server error: %s", reply).isLessThan(500);
        assertThat(reply.status()).as("the key is valid: %s", reply).isNotEqualTo(401);
        if (call.reachedBy().contains(permission)) {
            assertThat(refusedAsCaller(reply)).as("%s reaches %s: %s", permission, call, reply).isFalse();
        } else {
            assertThat(refusedAsCaller(reply)).as("%s is refused on %s: %s", permission, call, reply).isTrue();
        }
        assertThat(reply.setCookies()).as("a key never gets a session").isEmpty();
    }

    private static boolean refusedAsCaller(Reply reply) {
        return reply.status() == 403 && reply.json().get("code").asString().equals("forbidden");
    }

    private static Stream<Arguments> matrix(List<Call> calls, Set<ApiKeyPermission> permissions) {
        var cases = new ArrayList<Arguments>();
        for (ApiKeyPermission permission : permissions) {
            calls.forEach(call -> cases.add(Arguments.of(permission, call)));
        }
        return cases.stream();
    }

    private static EnumSet<ApiKeyPermission> nobody() {
        return EnumSet.noneOf(ApiKeyPermission.class);
    }

    private static EnumSet<ApiKeyPermission> reads() {
        return EnumSet.of(ApiKeyPermission.READ, ApiKeyPermission.FINANCE);
    }

    private String issue(long organization, ApiKeyPermission permission) {
        return apiKeys.issue(organization, "Matrix " + permission.label() + " " + System.nanoTime(),
                Set.of(permission), null).secret();
    }

    /** One API request; {@code body} is JSON or null. */
    record Call(String method, String path, String body, Set<ApiKeyPermission> reachedBy) {

        Reply send(Browser browser, String key) {
            String authorization = Browser.bearer(key);
            return switch (method) {
                case "GET" -> browser.get(path, "Authorization", authorization);
                case "POST" -> browser.postJson(path, body, "Authorization", authorization);
                default -> browser.sendJson(method, path, body, "Authorization", authorization);
            };
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }
}
