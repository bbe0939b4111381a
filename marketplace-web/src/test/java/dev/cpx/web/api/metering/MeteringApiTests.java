package dev.cpx.web.api.metering;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.settlement.metering.MeteringService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Usage and heartbeat intake on a contract that was traded, allocated and delivered: each bad record refused
 * on its own with its reason, re-sending changes nothing. Runs on its own database because it moves the clock.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:metering-api;MODE=MySQL;DATABASE_TO_LOWER=TRUE;"
        + "CASE_INSENSITIVE_IDENTIFIERS=TRUE;DB_CLOSE_DELAY=-1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeteringApiTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** A 24th of an hour: the records cut the contract's one delivery hour into slices. */
    private static final long SLICE = 150;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeteringService metering;

    private final HttpClient http = HttpClient.newHttpClient();
    private long contractId;
    private String allocated;
    private String notAllocated;
    private Instant start;

    record Reply(int status, JsonNode body) {
    }

    Reply post(String path, String key, String json) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), JSON.readTree(response.body()));
    }

    @BeforeAll
    void deliveredContract() throws Exception {
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(2);
        String symbol = "A100-SXM-80G.CN-EAST." + day + "T00";
        start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        post("/orders", "demo-shcc-key", order("m-s", symbol, "SELL", 8));
        contractId = post("/orders", "demo-acme-key", order("m-b", symbol, "BUY", 8)).body().get("trades").get(0)
                .get("contractId").asLong();
        List<String> cpids = jdbc.sql("select cpid from node n join organization o on o.id = n.organization_id "
                + "where o.code = 'SHCC' and n.compute_class_code = 'A100-SXM-80G' order by cpid").query(String.class)
                .list();
        allocated = cpids.get(0);
        notAllocated = cpids.get(1);
        assertThat(post("/contracts/" + contractId + "/allocations", "demo-shcc-key",
                "{\"cpids\":[\"" + allocated + "\"]}").status()).isEqualTo(200);
        assertThat(post("/admin/clock", "demo-admin-key", "{\"advanceBy\":\"P3D\"}").status()).isEqualTo(200);
    }

    private static String order(String id, String symbol, String side, int quantity) {
        return "{\"clientOrderId\":\"" + id + "\",\"instrument\":\"" + symbol + "\",\"side\":\"" + side
                + "\",\"type\":\"LIMIT\",\"timeInForce\":\"GTC\",\"price\":\"1.00\",\"quantity\":" + quantity + "}";
    }

    /** A record from slice {@code fromSlice} to {@code toSlice} of the contract's delivery hour. */
    private String record(String recordId, long contract, String cpid, long fromSlice, long toSlice, long gpuSeconds) {
        return "{\"recordId\":\"" + recordId + "\",\"contractId\":" + contract + ",\"cpid\":\"" + cpid
                + "\",\"intervalStart\":\"" + start.plusSeconds(fromSlice * SLICE) + "\",\"intervalEnd\":\""
                + start.plusSeconds(toSlice * SLICE) + "\",\"gpuSeconds\":" + gpuSeconds + "}";
    }

    private static String batch(String... records) {
        return "{\"records\":[" + String.join(",", records) + "]}";
    }

    @Test
    void eachBadRecordIsRefusedOnItsOwnWithItsReason() throws Exception {
        Reply reply = post("/usage", "demo-shcc-key", batch(
                record("p-1", contractId, allocated, 0, 1, 8 * SLICE),
                record("p-2", 999_999, allocated, 1, 2, 100),
                record("p-3", contractId, notAllocated, 1, 2, 100),
                record("p-4", contractId, allocated, 30, 31, 100),
                record("p-5", contractId, allocated, 1, 2, 8 * SLICE + 1),
                record("p-6", contractId, allocated, 0, 2, 100),
                record("p-7", contractId, allocated, 1, 2, 7 * SLICE)));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body().get("accepted").asInt()).isEqualTo(2);
        assertThat(reply.body().get("duplicates").asInt()).isZero();
        var reasons = new ArrayList<String>();
        reply.body().get("rejected").forEach(r -> reasons.add(r.get("index").asInt() + " " + r.get("reason").asString()));
        assertThat(reasons).hasSize(5);
        assertThat(reasons.get(0)).startsWith("1 unknown contract");
        assertThat(reasons.get(1)).startsWith("2 node").contains("not allocated");
        assertThat(reasons.get(2)).startsWith("3 interval outside the delivery window");
        assertThat(reasons.get(3)).startsWith("4 more GPU-seconds");
        assertThat(reasons.get(4)).startsWith("5 overlaps an earlier record");

        Reply again = post("/usage", "demo-shcc-key", batch(record("p-1", contractId, allocated, 0, 1, 8 * SLICE),
                record("p-7", contractId, allocated, 1, 2, 7 * SLICE)));
        assertThat(again.body().get("duplicates").asInt()).isEqualTo(2);
        assertThat(again.body().get("accepted").asInt()).isZero();
        assertThat(jdbc.sql("select count(*) from usage_record where source = 'PROVIDER' and record_id like 'p-%'").query(Long.class).single())
                .isEqualTo(2);
    }

    @Test
    void theBuyerIsASecondIndependentSource() throws Exception {
        Reply buyer = post("/usage", "demo-acme-key", batch(record("p-1", contractId, allocated, 0, 1, 8 * SLICE)));
        assertThat(buyer.body().get("accepted").asInt()).isEqualTo(1);
        Reply stranger = post("/usage", "demo-nova-key", batch(record("n-1", contractId, allocated, 2, 3, 10)));
        assertThat(stranger.body().get("rejected").get(0).get("reason").asString()).startsWith("unknown contract");
    }

    @Test
    void aBatchAboveTheLimitIsRefusedWhole() throws Exception {
        var records = new String[MeteringService.MAX_BATCH + 1];
        for (int i = 0; i < records.length; i++) {
            records[i] = record("big-" + i, contractId, allocated, 0, 1, 1);
        }
        Reply reply = post("/usage", "demo-shcc-key", batch(records));
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body().get("code").asString()).isEqualTo("limit-exceeded");
    }

    @Test
    void heartbeatsUpdateTheLatestStatusOfOwnNodesOnly() throws Exception {
        Instant now = Instant.parse(post("/admin/clock", "demo-admin-key", "{\"advanceBy\":\"PT1M\"}").body()
                .get("now").asString());
        String gzdhNode = jdbc.sql("select cpid from node n join organization o on o.id = n.organization_id "
                + "where o.code = 'GZDH' order by cpid limit 1").query(String.class).single();
        Reply reply = post("/heartbeats", "demo-shcc-key", "{\"records\":["
                + "{\"cpid\":\"" + allocated + "\",\"at\":\"" + now + "\",\"status\":\"DEGRADED\",\"gpuUtilization\":0.5},"
                + "{\"cpid\":\"" + allocated + "\",\"at\":\"" + now.minusSeconds(60) + "\",\"status\":\"UP\"},"
                + "{\"cpid\":\"" + gzdhNode + "\",\"at\":\"" + now + "\",\"status\":\"UP\"},"
                + "{\"cpid\":\"" + allocated + "\",\"at\":\"" + now + "\",\"status\":\"SLEEPING\"}]}");
        assertThat(reply.body().get("accepted").asInt()).isEqualTo(2);
        assertThat(reply.body().get("rejected")).hasSize(2);

        long shcc = jdbc.sql("select id from organization where code = 'SHCC'").query(Long.class).single();
        var health = metering.nodeHealth(shcc).stream().filter(h -> h.cpid().equals(allocated)).findFirst()
                .orElseThrow();
        assertThat(health.status()).as("a late, older heartbeat does not overwrite").isEqualTo("DEGRADED");
        assertThat(post("/heartbeats", "demo-acme-key", "{\"records\":[]}").status()).isEqualTo(403);
    }

    @Test
    void reliabilityIsTheDeliveredShareOfContractedGpuTime() throws Exception {
        post("/usage", "demo-shcc-key", batch(record("r-1", contractId, allocated, 10, 22, 8 * 12 * SLICE)));
        var shcc = metering.reliability().stream().filter(r -> r.provider().equals("SHCC")).findFirst().orElseThrow();
        assertThat(shcc.contractedGpuSeconds()).isEqualTo(8L * 3600);
        long delivered = jdbc.sql("select sum(gpu_seconds) from usage_record where source = 'PROVIDER'")
                .query(Long.class).single();
        assertThat(shcc.deliveredGpuSeconds()).isEqualTo(delivered);
    }
}
