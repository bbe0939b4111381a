package dev.cpx.web.api.catalog;

import static dev.cpx.web.api.catalog.CatalogApiTests.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.catalog.Cpid;
import dev.cpx.web.support.Browser;
import dev.cpx.web.support.EmbeddedAppTest;
import dev.cpx.web.support.Reply;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** POST and GET /api/v1/nodes with the demo providers' keys: the CPID rules, ownership and tenant isolation. */
@EmbeddedAppTest
class NodeRegistrationTests {

    private static final String SHCC_KEY = "demo-shcc-key";
    private static final String GZDH_KEY = "demo-gzdh-key";
    /** Node names unique within the JVM, so the shared application context can be reused in any order. */
    private static final AtomicInteger NEXT_NODE = new AtomicInteger((int) (System.nanoTime() % 100_000));

    @LocalServerPort
    int port;

    private Browser api;

    @BeforeEach
    void client() {
        api = new Browser(port);
    }

    @Test
    void providerRegistersANodeUnderItsOwnCpid() {
        String cpid = newCpid("CN-EAST", "SHCC", "SH01");
        Instant before = Instant.now();

        Reply reply = register(SHCC_KEY, cpid, "H100-SXM-80G", 8);

        assertThat(reply.status()).as("%s", reply).isEqualTo(201);
        JsonNode node = reply.json();
        assertThat(node.get("cpid").asString()).isEqualTo(cpid);
        assertThat(node.get("computeClass").asString()).isEqualTo("H100-SXM-80G");
        assertThat(node.get("region").asString()).isEqualTo("CN-EAST");
        assertThat(node.get("site").asString()).isEqualTo("SH01");
        assertThat(node.get("gpuCount").asInt()).isEqualTo(8);
        assertThat(node.get("status").asString()).isEqualTo("ACTIVE");
        assertThat(node.get("registeredAt").asString()).endsWith("Z");
        assertThat(Instant.parse(node.get("registeredAt").asString())).isBetween(before.minusSeconds(5),
                Instant.now().plusSeconds(5));
    }

    @Test
    void registeredNodeIsListedWithTheSameFields() {
        String cpid = newCpid("CN-NORTH", "SHCC", "BJ01");
        JsonNode registered = register(SHCC_KEY, cpid, "H20-96G", 4).json();

        JsonNode listed = ownNodes(SHCC_KEY).values().stream()
                .filter(n -> cpid.equals(n.get("cpid").asString())).findFirst().orElseThrow();

        assertThat(listed).isEqualTo(registered);
    }

    @ParameterizedTest(name = "{0} -> part {1}")
    @CsvSource({
            "CP1.CN-EAST.SHCC.SH01, format",
            "CP2.CN-EAST.SHCC.SH01.N0001.65, version",
            "CP1.cn-east.SHCC.SH01.N0001.65, region",
            "CP1.CNEAST.SHCC.SH01.N0001.65, region",
            "CP1.CN-EAST.S.SH01.N0001.65, provider",
            "CP1.CN-EAST.SHCC.S.N0001.65, site",
            "CP1.CN-EAST.SHCC.SH01.N_0001.65, node",
            "CP1.CN-EAST.SHCC.SH01.N0001.66, check",
            "CP1.CN-EAST.SHCC.SH01.N0001.6X, check"})
    void malformedCpidIsRefusedNamingThePart(String cpid, String part) {
        JsonNode problem = assertProblem(register(SHCC_KEY, cpid, "H100-SXM-80G", 8), 400);

        assertThat(problem.get("code").asString()).isEqualTo("invalid-cpid");
        assertThat(problem.get("part").asString()).isEqualTo(part);
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("cpid");
        assertThat(problem.get("errors").get(0).get("message").asString()).startsWith(part);
    }

    @Test
    void cpidOfAnUnknownRegionIsRefusedNamingTheRegionPart() {
        String cpid = Cpid.of("XX-NOWHERE", "SHCC", "SH09", "N1").value();

        JsonNode problem = assertProblem(register(SHCC_KEY, cpid, "H100-SXM-80G", 8), 400);

        assertThat(problem.get("code").asString()).isEqualTo("invalid-cpid");
        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("cpid");
        assertThat(problem.path("part").asString()).as("the part at fault, as for every other CPID error")
                .isEqualTo("region");
    }

    @Test
    void cpidNamingAnotherProviderIsForbidden() {
        String gzdhCpid = newCpid("CN-WEST", "GZDH", "GY01");

        JsonNode problem = assertProblem(register(SHCC_KEY, gzdhCpid, "H100-SXM-80G", 8), 403);

        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("cpid");
        assertThat(ownNodes(GZDH_KEY).values()).noneMatch(n -> gzdhCpid.equals(n.get("cpid").asString()));
    }

    @Test
    void buyerOrganizationMayNotRegisterNodes() {
        String cpid = newCpid("CN-EAST", "ACME", "AC01");

        assertProblem(register("demo-acme-key", cpid, "H100-SXM-80G", 8), 403);
    }

    @Test
    void buyerOrganizationMayNotListNodes() {
        assertProblem(api.get("/api/v1/nodes", "Authorization", Browser.bearer("demo-acme-key")), 403);
    }

    @Test
    void registeringTheSameCpidTwiceIsAConflict() {
        String cpid = newCpid("CN-EAST", "SHCC", "SH01");
        assertThat(register(SHCC_KEY, cpid, "A100-SXM-80G", 8).status()).isEqualTo(201);

        JsonNode problem = assertProblem(register(SHCC_KEY, cpid, "A100-SXM-80G", 8), 409);

        assertThat(problem.get("code").asString()).isEqualTo("already-exists");
    }

    @Test
    void unknownComputeClassIsRefusedNamingTheField() {
        JsonNode problem = assertProblem(register(SHCC_KEY, newCpid("CN-EAST", "SHCC", "SH01"), "B200-NOPE", 8), 400);

        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("computeClass");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1, 65})
    void gpuCountOutsideOneToSixtyFourIsRefused(int gpuCount) {
        JsonNode problem = assertProblem(register(SHCC_KEY, newCpid("CN-EAST", "SHCC", "SH01"), "H100-SXM-80G",
                gpuCount), 400);

        assertThat(problem.get("errors").get(0).get("field").asString()).isEqualTo("gpuCount");
    }

    @Test
    void siteRegisteredInAnotherRegionIsRefusedAsABusinessRule() {
        // SH01 is SHCC's site in CN-EAST (demo data); the same site code cannot appear in CN-NORTH.
        JsonNode problem = assertProblem(register(SHCC_KEY, newCpid("CN-NORTH", "SHCC", "SH01"), "H100-SXM-80G", 8),
                422);

        assertThat(problem.get("code").asString()).isEqualTo("site-in-other-region");
    }

    @Test
    void bodyThatIsNotJsonIsAMalformedRequest() {
        Reply reply = api.postJson("/api/v1/nodes", "{\"cpid\": ", "Authorization", Browser.bearer(SHCC_KEY));

        assertProblem(reply, 400);
    }

    @Test
    void listingWithoutAKeyIsUnauthenticated() {
        Reply reply = api.get("/api/v1/nodes");

        assertProblem(reply, 401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void registeringWithoutAKeyIsUnauthenticated() {
        Reply reply = api.postJson("/api/v1/nodes", body(newCpid("CN-EAST", "SHCC", "SH01"), "H100-SXM-80G", 8));

        assertProblem(reply, 401);
        assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void unknownKeyIsUnauthenticatedEvenOnPublicReads() {
        Reply register = register("demo-nobody-key", newCpid("CN-EAST", "SHCC", "SH01"), "H100-SXM-80G", 8);
        Reply list = api.get("/api/v1/nodes", "Authorization", Browser.bearer("demo-nobody-key"));
        Reply publicRead = api.get("/api/v1/regions", "Authorization", Browser.bearer("demo-nobody-key"));

        for (Reply reply : List.of(register, list, publicRead)) {
            assertThat(assertProblem(reply, 401).get("code").asString()).isEqualTo("unauthenticated");
            assertThat(reply.header("WWW-Authenticate")).isEqualTo("Bearer");
        }
    }

    @Test
    void providersSeeOnlyTheirOwnNodes() {
        String gzdhCpid = newCpid("CN-SOUTH", "GZDH", "GZ01");
        assertThat(register(GZDH_KEY, gzdhCpid, "RTX4090-24G", 8).status()).isEqualTo(201);

        JsonNode shccNodes = ownNodes(SHCC_KEY);
        JsonNode gzdhNodes = ownNodes(GZDH_KEY);

        assertThat(shccNodes.size()).isGreaterThanOrEqualTo(9);
        assertThat(cpids(shccNodes)).allMatch(c -> c.contains(".SHCC.")).doesNotContain(gzdhCpid);
        assertThat(gzdhNodes.size()).isGreaterThanOrEqualTo(8);
        assertThat(cpids(gzdhNodes)).allMatch(c -> c.contains(".GZDH.")).contains(gzdhCpid);
        assertThat(cpids(gzdhNodes)).contains(Cpid.of("CN-WEST", "GZDH", "GY02", "N0005").value());
    }

    private Reply register(String key, String cpid, String computeClass, int gpuCount) {
        return api.postJson("/api/v1/nodes", body(cpid, computeClass, gpuCount), "Authorization", Browser.bearer(key));
    }

    private JsonNode ownNodes(String key) {
        Reply reply = api.get("/api/v1/nodes?size=500", "Authorization", Browser.bearer(key));
        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        return reply.json();
    }

    private static String body(String cpid, String computeClass, int gpuCount) {
        return """
                {"cpid": "%s", "computeClass": "%s", "gpuCount": %d}""".formatted(cpid, computeClass, gpuCount);
    }

    private static String newCpid(String region, String provider, String site) {
        return Cpid.of(region, provider, site, "T" + NEXT_NODE.incrementAndGet()).value();
    }

    private static List<String> cpids(JsonNode nodes) {
        return nodes.values().stream().map(n -> n.get("cpid").asString()).toList();
    }
}
