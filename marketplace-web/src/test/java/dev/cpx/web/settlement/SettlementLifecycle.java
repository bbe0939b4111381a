package dev.cpx.web.settlement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.ledger.LedgerService;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A whole settlement lifecycle through the API, on the daily instruments (24-hour contracts) of a database from
 * before hourly instruments, which must keep settling as before: trades, allocations, usage from both sides with
 * planted differences (within and beyond the tolerance), a planted outage, a buyer's partial report, a silent
 * provider, an over-allocated contract, a period run, a close raced by late usage, and a replay of all usage. Every
 * figure is checked against a computation of its own here. Subclasses choose the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SettlementLifecycle {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final long HOUR = 3600;
    /** {@code cpx.market.horizon-days}: the calendar lists hourly instruments up to today + 13. */
    static final int HORIZON_DAYS = 14;
    static final int BUYER_FEE_BPS = 50;
    static final int PROVIDER_FEE_BPS = 50;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LedgerService ledger;
    @Autowired
    dev.cpx.settlement.period.ClosedPeriodRuns closedPeriodRuns;

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> providerBatches = new ArrayList<>();
    private final List<String> buyerBatches = new ArrayList<>();
    private final Map<String, Long> contracts = new HashMap<>();
    private Instant dayStart;
    private long periodId;

    record Reply(int status, JsonNode body) {
    }

    Reply call(String method, String path, String key, String json) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
                .header("Authorization", "Bearer " + key);
        builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        var response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(response.statusCode(), response.body().isBlank() ? null : JSON.readTree(response.body()));
    }

    private long trade(String name, String seller, String buyer, String computeClass, String region, String price,
                       int quantity) throws Exception {
        String symbol = computeClass + "." + region + "." + LocalDate.ofInstant(dayStart, ZoneOffset.UTC);
        String ask = "{\"clientOrderId\":\"life-" + name + "-a\",\"instrument\":\"" + symbol + "\",\"side\":\"SELL\","
                + "\"type\":\"LIMIT\",\"price\":\"" + price + "\",\"quantity\":" + quantity + "}";
        assertThat(call("POST", "/orders", seller, ask).status()).isEqualTo(201);
        String bid = ask.replace("-a\"", "-b\"").replace("SELL", "BUY");
        Reply filled = call("POST", "/orders", buyer, bid);
        assertThat(filled.body().get("status").asString()).isEqualTo("FILLED");
        long contractId = filled.body().get("trades").get(0).get("contractId").asLong();
        contracts.put(name, contractId);
        return contractId;
    }

    /** The day's instruments of the four classes traded here, as a database from before hourly instruments has them. */
    private void listDailyInstrumentsOfAnEarlierVersion() {
        for (String pair : List.of("H100-SXM-80G.CN-EAST", "ASCEND910B-64G.CN-WEST", "RTX4090-24G.CN-SOUTH",
                "A100-SXM-80G.CN-EAST")) {
            String[] parts = pair.split("\\.");
            jdbc.sql("insert into instrument (symbol, compute_class_code, region_code, delivery_start, delivery_end, "
                            + "gate_closure_at, created_at) values (?, ?, ?, ?, ?, ?, ?)")
                    .params(pair + "." + LocalDate.ofInstant(dayStart, ZoneOffset.UTC), parts[0], parts[1],
                            LocalDateTime.ofInstant(dayStart, ZoneOffset.UTC),
                            LocalDateTime.ofInstant(dayStart.plusSeconds(24 * HOUR), ZoneOffset.UTC),
                            LocalDateTime.ofInstant(dayStart.minusSeconds(HOUR), ZoneOffset.UTC),
                            LocalDateTime.now(ZoneOffset.UTC))
                    .update();
        }
    }

    private List<String> nodes(String provider, String computeClass, int count) {
        return jdbc.sql("select cpid from node n join organization o on o.id = n.organization_id "
                        + "where o.code = ? and n.compute_class_code = ? order by cpid limit ?")
                .params(provider, computeClass, count).query(String.class).list();
    }

    private void allocate(String key, long contractId, List<String> cpids) throws Exception {
        String body = "{\"cpids\":[\"" + String.join("\",\"", cpids) + "\"]}";
        assertThat(call("POST", "/contracts/" + contractId + "/allocations", key, body).status()).isEqualTo(200);
    }

    private static String record(String id, long contractId, String cpid, Instant start, long hours, long gpuSeconds) {
        return "{\"recordId\":\"" + id + "\",\"contractId\":" + contractId + ",\"cpid\":\"" + cpid
                + "\",\"intervalStart\":\"" + start + "\",\"intervalEnd\":\"" + start.plusSeconds(hours * HOUR)
                + "\",\"gpuSeconds\":" + gpuSeconds + "}";
    }

    // Expected, computed here independently: per contract the delivered GPU-seconds.
    private final Map<String, Long> delivered = new HashMap<>();
    private final Map<String, Long> quantities = Map.of("acme-h100", 8L, "nova-ascend", 16L, "shcc-rtx", 8L,
            "acme-partial", 8L, "nova-silent", 8L, "acme-over", 12L);
    private final Map<String, Long> prices = Map.of("acme-h100", 200L, "nova-ascend", 100L, "shcc-rtx", 50L,
            "acme-partial", 150L, "nova-silent", 100L, "acme-over", 300L);
    private final Map<String, String[]> parties = Map.of("acme-h100", new String[] {"ACME", "SHCC"},
            "nova-ascend", new String[] {"NOVA", "GZDH"}, "shcc-rtx", new String[] {"SHCC", "GZDH"},
            "acme-partial", new String[] {"ACME", "SHCC"}, "nova-silent", new String[] {"NOVA", "GZDH"},
            "acme-over", new String[] {"ACME", "SHCC"});
    /** The silent provider's buyer reports in two halves: the first before the period, the second racing its close. */
    private final List<String> lateBuyerRecords = new ArrayList<>();
    private final Map<String, Long> lateBuyerSeconds = new HashMap<>();

    @Test
    @Order(1)
    void tradeAllocateDeliverAndMeter() throws Exception {
        // Daily instruments as versions before hourly ones listed them, on the day after the calendar's horizon (which
        // ends with today + 13): their contracts must still trade, deliver, settle and report as they always did.
        dayStart = LocalDate.now(ZoneOffset.UTC).plusDays(HORIZON_DAYS).atStartOfDay(ZoneOffset.UTC).toInstant();
        listDailyInstrumentsOfAnEarlierVersion();
        long h100 = trade("acme-h100", "demo-shcc-key", "demo-acme-key", "H100-SXM-80G", "CN-EAST", "2.00", 8);
        long ascend = trade("nova-ascend", "demo-gzdh-key", "demo-nova-key", "ASCEND910B-64G", "CN-WEST", "1.00", 16);
        long rtx = trade("shcc-rtx", "demo-gzdh-key", "demo-shcc-key", "RTX4090-24G", "CN-SOUTH", "0.50", 8);
        long partial = trade("acme-partial", "demo-shcc-key", "demo-acme-key", "H100-SXM-80G", "CN-EAST", "1.50", 8);
        long silent = trade("nova-silent", "demo-gzdh-key", "demo-nova-key", "ASCEND910B-64G", "CN-WEST", "1.00", 8);
        long over = trade("acme-over", "demo-shcc-key", "demo-acme-key", "A100-SXM-80G", "CN-EAST", "3.00", 12);
        var cpids = Map.of("h100", nodes("SHCC", "H100-SXM-80G", 2), "ascend", nodes("GZDH", "ASCEND910B-64G", 3),
                "a100", nodes("SHCC", "A100-SXM-80G", 2));
        String h100Node = cpids.get("h100").getFirst();
        List<String> ascendNodes = cpids.get("ascend").subList(0, 2);
        String rtxNode = nodes("GZDH", "RTX4090-24G", 1).getFirst();
        allocate("demo-shcc-key", h100, List.of(h100Node));
        allocate("demo-gzdh-key", ascend, ascendNodes);
        allocate("demo-gzdh-key", rtx, List.of(rtxNode));
        allocate("demo-shcc-key", partial, List.of(cpids.get("h100").get(1)));
        allocate("demo-gzdh-key", silent, List.of(cpids.get("ascend").get(2)));
        // 16 GPUs for 12: two whole nodes, as the allocation rule allows (without either one it would be short).
        allocate("demo-shcc-key", over, cpids.get("a100"));
        // Past the delivery day and at least two hours into the next, whatever the hour now. The calendar then lists
        // the hours of the new horizon around that day, never inside it.
        assertThat(call("POST", "/admin/clock", "demo-admin-key", "{\"advanceBy\":\"P" + (HORIZON_DAYS + 1)
                + "DT2H\"}").status()).isEqualTo(200);
        assertThat(jdbc.sql("select count(*) from instrument where delivery_start >= ? and delivery_start < ?")
                .params(LocalDateTime.ofInstant(dayStart, ZoneOffset.UTC),
                        LocalDateTime.ofInstant(dayStart.plusSeconds(24 * HOUR), ZoneOffset.UTC))
                .query(Long.class).single()).as("the daily instruments' day gets no hourly ones").isEqualTo(4);

        // H100: provider reports every hour full; the buyer reports the same except hour 3 (half: beyond the
        // tolerance of max(60, 2% of 28,800) = 576, so the buyer's figure plus 576 counts) and hour 4 (30
        // GPU-seconds less: within the tolerance, so the provider's figure counts). Both are listed.
        var provider = new ArrayList<String>();
        var buyer = new ArrayList<String>();
        long h100Delivered = 0;
        for (int h = 0; h < 24; h++) {
            Instant at = dayStart.plusSeconds(h * HOUR);
            provider.add(record("p-h100-" + h, h100, h100Node, at, 1, 8 * HOUR));
            long buyerSeconds = h == 3 ? 4 * HOUR : h == 4 ? 8 * HOUR - 30 : 8 * HOUR;
            buyer.add(record("b-h100-" + h, h100, h100Node, at, 1, buyerSeconds));
            h100Delivered += h == 3 ? 4 * HOUR + 576 : 8 * HOUR;
        }
        delivered.put("acme-h100", h100Delivered);
        // Ascend: the second node is down from hour 5 to hour 9 (a planted outage): no GPU-seconds then.
        long ascendDelivered = 0;
        for (int n = 0; n < 2; n++) {
            for (int h = 0; h < 24; h += 2) {
                long seconds = n == 1 && h >= 4 && h < 10 ? (h == 4 ? 8 * HOUR : 0) : 16 * HOUR;
                provider.add(record("p-asc-" + n + "-" + h, ascend, ascendNodes.get(n), dayStart.plusSeconds(h * HOUR), 2,
                        seconds));
                ascendDelivered += seconds;
            }
        }
        delivered.put("nova-ascend", ascendDelivered);
        // RTX: one record for the whole day, no buyer records (the provider is the only source).
        provider.add(record("p-rtx", rtx, rtxNode, dayStart, 24, 8 * 24 * HOUR));
        delivered.put("shcc-rtx", 8 * 24 * HOUR);

        providerBatches.add("{\"records\":[" + String.join(",", provider.stream()
                .filter(r -> !r.contains("p-rtx")).toList()) + "]}");
        buyerBatches.add("{\"records\":[" + String.join(",", buyer) + "]}");
        Reply shcc = call("POST", "/usage", "demo-shcc-key", providerBatches.getFirst().replaceAll(
                ",\\{[^}]*p-asc-[^}]*}", "").replaceAll("\\{[^}]*p-asc-[^}]*},?", ""));
        assertThat(shcc.body().get("rejected")).isEmpty();
        String gzdhRecords = "{\"records\":[" + String.join(",", provider.stream()
                .filter(r -> r.contains("p-asc-") || r.contains("p-rtx")).toList()) + "]}";
        providerBatches.add(gzdhRecords);
        Reply gzdh = call("POST", "/usage", "demo-gzdh-key", gzdhRecords);
        assertThat(gzdh.body().get("rejected")).isEmpty();
        assertThat(gzdh.body().get("accepted").asInt()).isEqualTo(25);
        Reply acme = call("POST", "/usage", "demo-acme-key", buyerBatches.getFirst());
        assertThat(acme.body().get("accepted").asInt()).isEqualTo(24);
        partialOneSidedAndOverAllocatedContracts(cpids);
    }

    /**
     * Three more contracts of the same day: a buyer's one-minute report of nothing against a provider's full day,
     * a provider that reports nothing while its buyer reports the whole day, and a 12-GPU contract on two 8-GPU
     * nodes that run both at full for 12 hours, then go dark.
     */
    private void partialOneSidedAndOverAllocatedContracts(Map<String, List<String>> cpids) throws Exception {
        String partialNode = cpids.get("h100").get(1);
        long partial = contracts.get("acme-partial");
        var provider = new ArrayList<String>();
        for (int h = 0; h < 24; h++) {
            provider.add(record("p-partial-" + h, partial, partialNode, dayStart.plusSeconds(h * HOUR), 1, 8 * HOUR));
        }
        long over = contracts.get("acme-over");
        for (String node : cpids.get("a100")) {
            for (int h = 0; h < 12; h++) {
                provider.add(record("p-over-" + node.split("\\.")[4] + "-" + h, over, node,
                        dayStart.plusSeconds(h * HOUR), 1, 8 * HOUR));
            }
        }
        String shccBatch = "{\"records\":[" + String.join(",", provider) + "]}";
        providerBatches.add(shccBatch);
        assertThat(call("POST", "/usage", "demo-shcc-key", shccBatch).body().get("accepted").asInt())
                .isEqualTo(24 + 24);
        String minute = "{\"recordId\":\"b-partial\",\"contractId\":" + partial + ",\"cpid\":\"" + partialNode
                + "\",\"intervalStart\":\"" + dayStart.plusSeconds(5 * HOUR) + "\",\"intervalEnd\":\""
                + dayStart.plusSeconds(5 * HOUR + 60) + "\",\"gpuSeconds\":0}";
        buyerBatches.add("{\"records\":[" + minute + "]}");
        assertThat(call("POST", "/usage", "demo-acme-key", buyerBatches.getLast()).body().get("accepted").asInt())
                .isEqualTo(1);
        // That minute: the provider's 480 GPU-seconds capped at the buyer's 0 plus the 60 GPU-second tolerance.
        delivered.put("acme-partial", 8 * 24 * HOUR - 480 + 60);
        // Each hour counts at most the contract's 12 GPUs, however many the nodes gave: 12 of 24 hours.
        delivered.put("acme-over", 12 * 12 * HOUR);

        long silent = contracts.get("nova-silent");
        String silentNode = cpids.get("ascend").get(2);
        var firstHalf = new ArrayList<String>();
        for (int h = 0; h < 24; h++) {
            String one = record("b-silent-" + h, silent, silentNode, dayStart.plusSeconds(h * HOUR), 1, 8 * HOUR);
            if (h < 12) {
                firstHalf.add(one);
            } else {
                lateBuyerRecords.add(one);
                lateBuyerSeconds.put("b-silent-" + h, 8 * HOUR);
            }
        }
        assertThat(call("POST", "/usage", "demo-nova-key", "{\"records\":[" + String.join(",", firstHalf) + "]}")
                .body().get("accepted").asInt()).isEqualTo(12);
        // The provider is silent: the buyer's records count alone; the second half comes while the period closes.
        delivered.put("nova-silent", 8 * 12 * HOUR);
    }

    @Test
    @Order(2)
    void periodRatesReconcilesAndNetsAsComputedHere() throws Exception {
        String body = "{\"periodStart\":\"" + dayStart + "\",\"periodEnd\":\"" + dayStart.plusSeconds(24 * HOUR) + "\"}";
        assertThat(call("POST", "/settlement/periods", "demo-acme-key", body).status()).isEqualTo(403);
        Reply opened = call("POST", "/settlement/periods", "demo-admin-key", body);
        assertThat(opened.status()).isEqualTo(201);
        assertThat(opened.body().get("status").asString()).isEqualTo("OPEN");
        periodId = opened.body().get("periodId").asLong();
        assertThat(opened.body().get("counts").get("contracts").asInt()).isEqualTo(6);
        assertThat(opened.body().get("preliminary").asBoolean()).isTrue();
        assertThat(opened.body().get("currency").asString()).isEqualTo("USD");
        assertThat(opened.body().get("rules").get("providerFeeBasisPoints").asInt()).isEqualTo(PROVIDER_FEE_BPS);

        // Every difference is listed, within the tolerance or beyond it, with what was rated for it.
        Reply discrepancies = call("GET", "/settlement/periods/" + periodId + "/discrepancies", "demo-admin-key", null);
        assertThat(discrepancies.body()).hasSize(3);
        JsonNode discrepancy = discrepancies.body().get(0);
        assertThat(discrepancy.get("contractId").asLong()).isEqualTo(contracts.get("acme-h100"));
        assertThat(discrepancy.get("intervalStart").asString()).isEqualTo(dayStart.plusSeconds(3 * HOUR).toString());
        assertThat(discrepancy.get("difference").asLong()).isEqualTo(4 * HOUR);
        assertThat(discrepancy.get("withinTolerance").asBoolean()).isFalse();
        assertThat(discrepancy.get("ratedGpuSeconds").asLong()).isEqualTo(4 * HOUR + 576);
        JsonNode within = discrepancies.body().get(1);
        assertThat(within.get("difference").asLong()).isEqualTo(30);
        assertThat(within.get("withinTolerance").asBoolean()).isTrue();
        assertThat(within.get("ratedGpuSeconds").asLong()).isEqualTo(8 * HOUR);
        JsonNode minute = discrepancies.body().get(2);
        assertThat(minute.get("contractId").asLong()).isEqualTo(contracts.get("acme-partial"));
        assertThat(minute.get("providerGpuSeconds").asLong()).isEqualTo(480);
        assertThat(minute.get("buyerGpuSeconds").asLong()).isZero();
        assertThat(minute.get("ratedGpuSeconds").asLong()).isEqualTo(60);
        coverageIsFlaggedOnTheLines();
        aDifferenceMayBeDisputedFromTheFirstRun(within.get("discrepancyId").asLong());

        Map<String, long[]> expected = expectedStatements();
        assertStatementsAsComputedHere();
        Reply own = call("GET", "/settlement/periods/" + periodId + "/statements", "demo-nova-key", null);
        assertThat(own.body()).hasSize(1);
        assertThat(own.body().get(0).get("organization").asString()).isEqualTo("NOVA");

        Reply netting = call("GET", "/settlement/periods/" + periodId + "/netting", "demo-admin-key", null);
        // SHCC both buys (RTX) and sells (H100): it settles only its net.
        long shccNet = expected.get("SHCC")[1] - expected.get("SHCC")[0] - expected.get("SHCC")[3];
        assertThat(minor(netting.body().get("net").get("SHCC"))).isEqualTo(shccNet);
        long paymentsIn = 0;
        for (JsonNode payment : netting.body().get("payments")) {
            paymentsIn += payment.get("to").asString().equals("CLEARING") ? minor(payment.get("amount")) : 0;
        }
        long paymentsOut = 0;
        for (JsonNode payment : netting.body().get("payments")) {
            paymentsOut += payment.get("from").asString().equals("CLEARING") ? minor(payment.get("amount")) : 0;
        }
        assertThat(paymentsIn).isEqualTo(paymentsOut);
    }

    /** The statement lines say which side each figure rests on, and the open period's report says PRELIMINARY. */
    private void coverageIsFlaggedOnTheLines() throws Exception {
        Map<String, List<String>> acme = csvLines("ACME.csv", "demo-acme-key");
        assertThat(acme.get("metadata")).contains("figures=PRELIMINARY", "run=1", "run_kind=PRELIMINARY");
        List<String> partial = acme.get(Long.toString(contracts.get("acme-partial")));
        assertThat(partial).contains("coverage=PARTLY_ONE_SIDED", "differences=1",
                "delivered_gpu_seconds=" + delivered.get("acme-partial"));
        assertThat(acme.get(Long.toString(contracts.get("acme-over"))))
                .contains("coverage=PROVIDER_ONLY", "delivered_gpu_seconds=" + 12 * 12 * HOUR,
                        "provider_gpu_seconds=" + 16 * 12 * HOUR);
        assertThat(acme.get(Long.toString(contracts.get("acme-h100")))).contains("coverage=BOTH", "differences=2");
        List<String> silent = csvLines("NOVA.csv", "demo-nova-key").get(Long.toString(contracts.get("nova-silent")));
        assertThat(silent).contains("coverage=BUYER_ONLY", "delivered_gpu_seconds=" + 8 * 12 * HOUR,
                "one_sided_gpu_seconds=" + 8 * 12 * HOUR);
        assertThat(String.join(" ", silent)).contains("note=prepaid at trade: ");
    }

    /** A statement CSV as "column=value" per line, keyed by contract id; "metadata" holds the metadata rows. */
    private Map<String, List<String>> csvLines(String file, String key) throws Exception {
        var lines = new HashMap<String, List<String>>();
        try (var parser = org.apache.commons.csv.CSVFormat.RFC4180.builder().get()
                .parse(new java.io.InputStreamReader(new java.io.ByteArrayInputStream(download(file, key)),
                        java.nio.charset.StandardCharsets.UTF_8))) {
            List<org.apache.commons.csv.CSVRecord> records = parser.getRecords();
            int header = 0;
            var metadata = new ArrayList<String>();
            while (!records.get(header).get(0).equals("contract_id")) {
                metadata.add(records.get(header).get(0) + "=" + records.get(header).get(1));
                header++;
            }
            lines.put("metadata", metadata);
            List<String> names = records.get(header).toList();
            for (var record : records.subList(header + 1, records.size())) {
                var cells = new ArrayList<String>();
                for (int i = 0; i < names.size(); i++) {
                    cells.add(names.get(i) + "=" + record.get(i));
                }
                lines.merge(record.get(0), cells, (a, b) -> {
                    a.addAll(b);
                    return a;
                });
            }
        }
        return lines;
    }

    @Test
    @Order(3)
    void closeFreezesStatementsAndPostsTheLedger() throws Exception {
        long journalBefore = ledger.journalSum();
        Reply closed = closeWhileTheBuyerSendsLateUsage();
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.body().get("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.body().get("contentHash").asString()).hasSize(64);
        // The close rated again only the contracts whose usage changed; its counts are those of the whole period.
        JsonNode counts = closed.body().get("counts");
        assertThat(counts.get("usageRecords").asLong()).isEqualTo(jdbc.sql("select count(*) from usage_record u "
                + "join settled_contract s on s.contract_id = u.contract_id where s.period_id = ?").param(periodId)
                .query(Long.class).single());
        assertThat(counts.get("discrepancies").asLong()).isEqualTo(jdbc.sql("select count(*) from discrepancy "
                + "where period_id = ?").param(periodId).query(Long.class).single());
        assertThat(journalBefore).isZero();
        assertThat(ledger.journalSum()).isZero();
        assertThat(ledger.balanceSum()).isZero();
        assertThat(call("POST", "/settlement/periods/" + periodId + "/close", "demo-admin-key", null).status())
                .isEqualTo(409);
        assertThat(call("POST", "/settlement/periods/" + periodId + "/rerun", "demo-admin-key", null).status())
                .isEqualTo(409);
        JsonNode runs = call("GET", "/settlement/periods/" + periodId + "/runs", "demo-admin-key", null).body();
        finalRun = runs.size();
        // The close rates the late usage straight into the FINAL run: no PRELIMINARY run of the same figures first,
        // and the FINAL run differs from the last PRELIMINARY one.
        assertThat(finalRun).isGreaterThanOrEqualTo(2);
        assertThat(runs.get(finalRun - 1).get("contentHash").asString())
                .isNotEqualTo(runs.get(finalRun - 2).get("contentHash").asString());
        for (int i = 0; i < finalRun; i++) {
            assertThat(runs.get(i).get("run").asInt()).isEqualTo(i + 1);
            assertThat(runs.get(i).get("kind").asString()).isEqualTo(i < finalRun - 1 ? "PRELIMINARY" : "FINAL");
        }
        assertThat(runs.get(finalRun - 1).get("contentHash").asString())
                .isEqualTo(closed.body().get("contentHash").asString());
        for (JsonNode statement : call("GET", "/settlement/periods/" + periodId + "/statements", "demo-admin-key",
                null).body()) {
            assertThat(statement.get("run").asInt()).isEqualTo(finalRun);
            finalHashes.put(statement.get("organization").asString(), statement.get("contentHash").asString());
        }
        everyStatementVerifiesAgainstItsCanonicalFile(finalRun);
        for (int run = 1; run < finalRun; run++) {
            everyStatementVerifiesAgainstItsCanonicalFile(run);
        }
        assertThat(download("NOVA.csv?run=1", "demo-nova-key")).as("an earlier PRELIMINARY run stays readable")
                .isNotEqualTo(download("NOVA.csv?run=" + finalRun, "demo-nova-key"));
        clearingHoldsWhatTheNettingLeavesToPay(finalRun);
    }

    /** The number of the FINAL run, after the period's PRELIMINARY runs. */
    private int finalRun;

    /** The FINAL run's number: PRELIMINARY runs are numbered before it, one per rating that changed the figures. */
    int finalRun() {
        return finalRun;
    }

    /**
     * The close posted the FINAL run's netting through the clearing account: each organization's escrowed contract
     * value in, and out what its net position leaves after what it prepaid at trade and its adjustments. The
     * netting's payments into clearing equal those out of it, so nothing of it is left to pay and clearing is zero.
     */
    private void clearingHoldsWhatTheNettingLeavesToPay(int run) throws Exception {
        JsonNode netting = call("GET", "/settlement/periods/" + periodId + "/netting?run=" + run, "demo-admin-key",
                null).body();
        long leftToPay = 0;
        for (JsonNode payment : netting.get("payments")) {
            long amount = minor(payment.get("amount"));
            leftToPay += payment.get("to").asString().equals("CLEARING") ? amount : -amount;
        }
        assertThat(jdbc.sql("select balance_minor from ledger_account where code = 'PLATFORM:CLEARING'")
                .query(Long.class).single()).isEqualTo(leftToPay).isZero();
        long collected = 0;
        long paid = 0;
        for (JsonNode statement : call("GET", "/settlement/periods/" + periodId + "/statements?run=" + run,
                "demo-admin-key", null).body()) {
            String organization = statement.get("organization").asString();
            long position = minor(netting.get("net").get(organization));
            long out = clearingPosted("CLEARING-OUT", "period:" + periodId + ":" + organization);
            assertThat(-out).as("paid to " + organization).isEqualTo(position + minor(statement.get("prepaid"))
                    - minor(statement.get("adjustments"))).isEqualTo(minor(statement.get("paidAtClose")));
            long in = clearingPosted("CLEARING-IN", "period:" + periodId + ":" + organization);
            long escrowed = jdbc.sql("select coalesce(sum(s.value_minor), 0) from settled_contract s join contract c "
                            + "on c.id = s.contract_id join organization o on o.id = c.buyer_org_id "
                            + "where s.period_id = ? and o.code = ?")
                    .params(periodId, organization).query(Long.class).single();
            assertThat(in).as("collected from " + organization).isEqualTo(escrowed);
            collected += in;
            paid -= out;
        }
        long fees = -clearingPosted("CLEARING-FEES", "period:" + periodId);
        assertThat(fees).isEqualTo(minor(netting.get("net").get("CPX")) - jdbc.sql("select sum(buyer_fee_minor) from "
                + "settled_contract where period_id = ?").param(periodId).query(Long.class).single());
        assertThat(collected).isEqualTo(paid + fees);
    }

    /** What a journal entry of the period moved on the clearing account (positive: into it), 0 when none. */
    private long clearingPosted(String kind, String reference) {
        return jdbc.sql("select coalesce(sum(l.amount_minor), 0) from journal_line l join journal_entry e "
                        + "on e.id = l.entry_id join ledger_account a on a.id = l.account_id "
                        + "where e.kind = ? and e.reference = ? and a.code = 'PLATFORM:CLEARING'")
                .params(kind, reference).query(Long.class).single();
    }

    /** Each organization's content hash in the FINAL run, as the close left it. */
    private final Map<String, String> finalHashes = new HashMap<>();

    /**
     * While the period is open, the provider disputes the difference the tolerance let through: it stays disputed
     * when the period is rated again, and its contested share is withheld from the provider's payout.
     */
    private void aDifferenceMayBeDisputedFromTheFirstRun(long discrepancyId) throws Exception {
        Reply opened = call("POST", "/settlement/discrepancies/" + discrepancyId + "/disputes", "demo-shcc-key",
                "{\"reason\":\"our meter saw the whole hour\"}");
        assertThat(opened.status()).isEqualTo(201);
        assertThat(call("POST", "/settlement/periods/" + periodId + "/rerun", "demo-admin-key", null).status())
                .isEqualTo(200);
        JsonNode kept = call("GET", "/settlement/periods/" + periodId + "/discrepancies", "demo-admin-key", null)
                .body().get(1);
        assertThat(kept.get("discrepancyId").asLong()).isEqualTo(discrepancyId);
        assertThat(kept.get("difference").asLong()).isEqualTo(30);
        assertThat(kept.get("dispute").asString()).isEqualTo("OPEN");
        // 30 of the contract's 691,200 GPU-seconds of 384.00: 0.0167, rounded to 0.02.
        assertThat(withheld("SHCC")).isEqualTo(2);
        assertThat(withheld("ACME")).isZero();
    }

    private long withheld(String organization) throws Exception {
        for (JsonNode statement : call("GET", "/settlement/periods/" + periodId + "/statements", "demo-admin-key",
                null).body()) {
            if (statement.get("organization").asString().equals(organization)) {
                return minor(statement.get("withheld"));
            }
        }
        throw new AssertionError("no statement of " + organization);
    }

    /**
     * Every statement of a run, checked as anyone holding its canonical file would: the SHA-256 of the file's
     * bytes is the statement's content hash, and the file names its period, run and organization.
     */
    private void everyStatementVerifiesAgainstItsCanonicalFile(int run) throws Exception {
        JsonNode statements = call("GET", "/settlement/periods/" + periodId + "/statements?run=" + run,
                "demo-admin-key", null).body();
        assertThat(statements).hasSizeGreaterThanOrEqualTo(4);
        for (JsonNode statement : statements) {
            String organization = statement.get("organization").asString();
            var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/"
                            + "settlement/periods/" + periodId + "/statements/" + organization + "/canonical?run=" + run))
                    .header("Authorization", "Bearer demo-admin-key").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/csv");
            String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(response.body()));
            assertThat(sha256).as(organization + " run " + run).isEqualTo(statement.get("contentHash").asString());
            String text = new String(response.body(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).startsWith("format,cpx-statement-canonical/1\nperiod_id," + periodId + "\n")
                    .contains("\nrun," + run + "\norganization," + organization + "\n")
                    .contains("\nnet," + statement.get("net").asString() + "\n");
        }
    }

    /**
     * Closes the period while the silent provider's buyer sends the second half of its day one record at a time.
     * Every record is answered either accepted, and then rated by the close, or refused as too late with a reason
     * that says to open a dispute; none is accepted and left out. Afterwards the statements are the ones computed
     * here with exactly the accepted records.
     */
    private Reply closeWhileTheBuyerSendsLateUsage() throws Exception {
        var answers = new java.util.concurrent.ConcurrentHashMap<String, JsonNode>();
        var failures = new java.util.concurrent.CopyOnWriteArrayList<Throwable>();
        var firstAnswered = new java.util.concurrent.CountDownLatch(1);
        Thread sender = Thread.ofVirtual().start(() -> {
            for (String late : lateBuyerRecords) {
                try {
                    Reply reply = call("POST", "/usage", "demo-nova-key", "{\"records\":[" + late + "]}");
                    assertThat(reply.status()).as(late).isEqualTo(200);
                    answers.put(late.substring(13, late.indexOf('"', 13)), reply.body());
                } catch (Throwable e) {
                    failures.add(e);
                } finally {
                    firstAnswered.countDown();
                }
            }
        });
        assertThat(firstAnswered.await(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Reply closed = call("POST", "/settlement/periods/" + periodId + "/close", "demo-admin-key", null);
        sender.join(java.time.Duration.ofSeconds(120));
        assertThat(failures).isEmpty();
        assertThat(answers).hasSize(lateBuyerRecords.size());

        long silent = contracts.get("nova-silent");
        long acceptedSeconds = 8 * 12 * HOUR;
        int accepted = 12;
        for (var answer : answers.entrySet()) {
            JsonNode body = answer.getValue();
            if (body.get("accepted").asInt() == 1) {
                acceptedSeconds += lateBuyerSeconds.get(answer.getKey());
                accepted++;
            } else {
                JsonNode refusal = body.get("rejected").get(0);
                assertThat(refusal.get("code").asString()).as(answer.getKey()).isEqualTo("period-closed");
                assertThat(refusal.get("reason").asString()).contains("open a dispute");
            }
        }
        assertThat(jdbc.sql("select count(*) from usage_record where contract_id = ? and source = 'BUYER'")
                .param(silent).query(Long.class).single()).isEqualTo(accepted);
        assertThat(jdbc.sql("select buyer_gpu_seconds from settled_contract where contract_id = ?").param(silent)
                .query(Long.class).single()).as("every accepted record is rated").isEqualTo(acceptedSeconds);
        delivered.put("nova-silent", acceptedSeconds);

        // After the close, a record for the period's contracts is refused, whatever the race left.
        String after = record("b-silent-after", silent, jdbc.sql("select n.cpid from contract_allocation a join node n "
                + "on n.id = a.node_id where a.contract_id = ?").param(silent).query(String.class).single(),
                dayStart, 1, 0);
        JsonNode refused = call("POST", "/usage", "demo-nova-key", "{\"records\":[" + after + "]}").body();
        assertThat(refused.get("accepted").asInt()).isZero();
        assertThat(refused.get("rejected").get(0).get("code").asString()).isEqualTo("period-closed");
        assertStatementsAsComputedHere();
        return closed;
    }

    private void assertStatementsAsComputedHere() throws Exception {
        Map<String, long[]> expected = expectedStatements();
        Reply statements = call("GET", "/settlement/periods/" + periodId + "/statements", "demo-admin-key", null);
        assertThat(statements.body()).hasSize(expected.size());
        for (JsonNode statement : statements.body()) {
            long[] figures = expected.get(statement.get("organization").asString());
            assertThat(minor(statement.get("grossPayable"))).as("payable " + statement).isEqualTo(figures[0]);
            assertThat(minor(statement.get("grossReceivable"))).as("receivable " + statement).isEqualTo(figures[1]);
            assertThat(minor(statement.get("slaCredits"))).as("credits " + statement).isEqualTo(figures[2]);
            assertThat(minor(statement.get("fees"))).as("fees " + statement).isEqualTo(figures[3]);
            assertThat(minor(statement.get("net"))).as("net " + statement).isEqualTo(figures[1] - figures[0] - figures[3]);
        }
    }

    @Test
    @Order(6)
    void resendingAllUsageChangesNothing() throws Exception {
        String before = call("GET", "/settlement/periods/" + periodId + "/statements", "demo-admin-key", null).body()
                .toString();
        long records = jdbc.sql("select count(*) from usage_record").query(Long.class).single();
        for (String batch : buyerBatches) {
            Reply again = call("POST", "/usage", "demo-acme-key", batch);
            assertThat(again.body().get("accepted").asInt()).isZero();
        }
        Reply again = call("POST", "/usage", "demo-gzdh-key", providerBatches.get(1));
        assertThat(again.body().get("accepted").asInt()).isZero();
        assertThat(again.body().get("duplicates").asInt()).isEqualTo(25);
        assertThat(jdbc.sql("select count(*) from usage_record").query(Long.class).single()).isEqualTo(records);
        assertThat(call("GET", "/settlement/periods/" + periodId + "/statements", "demo-admin-key", null).body()
                .toString()).isEqualTo(before);
        assertThat(ledger.journalSum()).isZero();
    }

    @Test
    @Order(4)
    void theThreeReportFormatsReadBackToTheSameTotals() throws Exception {
        JsonNode acme = null;
        for (JsonNode statement : call("GET", "/settlement/periods/" + periodId + "/statements", "demo-admin-key",
                null).body()) {
            if (statement.get("organization").asString().equals("SHCC")) {
                acme = statement;
            }
        }
        assertThat(acme).isNotNull();
        String[] totals = {"grossPayable", "grossReceivable", "slaCredits", "fees", "net"};

        byte[] csv = download("SHCC.csv", "demo-shcc-key");
        Map<String, String> csvTotals = new HashMap<>();
        try (var parser = org.apache.commons.csv.CSVFormat.RFC4180.builder().get()
                .parse(new java.io.InputStreamReader(new java.io.ByteArrayInputStream(csv),
                        java.nio.charset.StandardCharsets.UTF_8))) {
            List<org.apache.commons.csv.CSVRecord> records = parser.getRecords();
            List<String> header = records.stream().filter(r -> r.get(0).equals("contract_id")).findFirst()
                    .orElseThrow().toList();
            List<String> total = records.stream().filter(r -> r.get(0).equals("TOTAL")).findFirst().orElseThrow()
                    .toList();
            csvTotals.put("grossPayable", total.get(header.indexOf("gross_payable")));
            csvTotals.put("grossReceivable", total.get(header.indexOf("gross_receivable")));
            csvTotals.put("slaCredits", total.get(header.indexOf("sla_credit")));
            csvTotals.put("fees", total.get(header.indexOf("fee")));
            csvTotals.put("net", total.get(header.indexOf("net")));
        }

        byte[] xlsx = download("SHCC.xlsx", "demo-admin-key");
        Map<String, Long> xlsxTotals = new HashMap<>();
        try (var workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(xlsx))) {
            var sheet = workbook.getSheetAt(0);
            List<String> header = null;
            for (var row : sheet) {
                var first = row.getCell(0);
                if (first == null || first.getCellType() != org.apache.poi.ss.usermodel.CellType.STRING) {
                    continue;
                }
                if (header == null && first.getStringCellValue().equals("Contract")) {
                    header = new ArrayList<>();
                    for (var cell : row) {
                        header.add(cell.getStringCellValue());
                    }
                } else if (header != null && first.getStringCellValue().equals("TOTAL")) {
                    xlsxTotals.put("grossPayable", cents(row.getCell(header.indexOf("Gross payable"))));
                    xlsxTotals.put("grossReceivable", cents(row.getCell(header.indexOf("Gross receivable"))));
                    xlsxTotals.put("slaCredits", cents(row.getCell(header.indexOf("SLA credit"))));
                    xlsxTotals.put("fees", cents(row.getCell(header.indexOf("Fee"))));
                    xlsxTotals.put("net", cents(row.getCell(header.indexOf("Net"))));
                }
            }
        }

        byte[] pdf = download("SHCC.pdf", "demo-shcc-key");
        String text;
        try (var document = org.apache.pdfbox.Loader.loadPDF(pdf)) {
            text = new org.apache.pdfbox.text.PDFTextStripper().getText(document);
        }
        String[] labels = {"Gross payable", "Gross receivable", "SLA credits", "Fees", "Net"};
        for (int i = 0; i < totals.length; i++) {
            long expected = minor(acme.get(totals[i]));
            assertThat(new BigDecimal(csvTotals.get(totals[i])).movePointRight(2).longValueExact()).as("csv " + totals[i])
                    .isEqualTo(expected);
            assertThat(xlsxTotals.get(totals[i])).as("xlsx " + totals[i]).isEqualTo(expected);
            assertThat(text).as("pdf " + totals[i]).containsPattern(labels[i] + "\\s+" + java.util.regex.Pattern.quote(
                    new java.text.DecimalFormat("#,##0.00").format(BigDecimal.valueOf(expected, 2))) + "|"
                    + labels[i] + "\\s+" + java.util.regex.Pattern.quote(BigDecimal.valueOf(expected, 2).toPlainString()));
        }
        assertThat(callRaw("/settlement/periods/" + periodId + "/reports/SHCC.csv", "demo-acme-key")).isEqualTo(404);
        assertThat(callRaw("/settlement/periods/" + periodId + "/reports/platform.pdf", "demo-shcc-key"))
                .isEqualTo(403);
        assertThat(download("platform.xlsx", "demo-admin-key")).isNotEmpty();
        // Each contract's SLA credit is on two statements; the platform report's total counts it once.
        long credits = minor(call("GET", "/settlement/periods/" + periodId, "demo-admin-key", null).body()
                .get("totals").get("slaCredits"));
        assertThat(credits).isPositive();
        try (var parser = org.apache.commons.csv.CSVFormat.RFC4180.builder().get()
                .parse(new java.io.InputStreamReader(new java.io.ByteArrayInputStream(download("platform.csv",
                        "demo-admin-key")), java.nio.charset.StandardCharsets.UTF_8))) {
            List<org.apache.commons.csv.CSVRecord> records = parser.getRecords();
            List<String> header = records.stream().filter(r -> r.get(0).equals("organization")).findFirst()
                    .orElseThrow().toList();
            var total = records.getLast();
            assertThat(total.get(0)).isEqualTo("TOTAL");
            assertThat(new BigDecimal(total.get(header.indexOf("sla_credits"))).movePointRight(2).longValueExact())
                    .isEqualTo(credits);
            assertThat(records.stream().filter(r -> r.get(0).equals("figures")).findFirst().orElseThrow().get(1))
                    .isEqualTo("FINAL");
        }
    }

    @Test
    @Order(4)
    void aClosedRunsFilesAreTheSameBytesOnEveryDownloadAndMatchTheirManifest() throws Exception {
        var first = new HashMap<String, byte[]>();
        for (String extension : List.of("csv", "xlsx", "pdf", "focus.csv")) {
            first.put("SHCC." + extension, download("SHCC." + extension, "demo-shcc-key"));
        }
        // An hour later, by the market's clock, which the reports must not read.
        assertThat(call("POST", "/admin/clock", "demo-admin-key", "{\"advanceBy\":\"PT1H\"}").status())
                .isEqualTo(200);
        for (String extension : List.of("csv", "xlsx", "pdf", "focus.csv")) {
            assertThat(download("SHCC." + extension, "demo-admin-key")).as("SHCC." + extension)
                    .isEqualTo(first.get("SHCC." + extension));
            assertThat(download("SHCC." + extension + "?run=" + finalRun, "demo-shcc-key")).as("FINAL run: SHCC."
                    + extension)
                    .isEqualTo(first.get("SHCC." + extension));
        }
        assertThat(new String(first.get("SHCC.csv"), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\r\nrun," + finalRun + "\r\nrun_kind,FINAL\r\n");
        JsonNode manifest = JSON.readTree(download("SHCC.manifest.json", "demo-shcc-key"));
        assertThat(manifest.get("periodId").asLong()).isEqualTo(periodId);
        assertThat(manifest.get("run").asInt()).isEqualTo(finalRun);
        assertThat(manifest.get("files")).hasSize(4);
        for (JsonNode file : manifest.get("files")) {
            byte[] bytes = first.get(file.get("name").asString());
            assertThat(bytes).as(file.get("name").asString()).isNotNull();
            assertThat(file.get("bytes").asLong()).isEqualTo(bytes.length);
            assertThat(file.get("sha256").asString()).isEqualTo(java.util.HexFormat.of().formatHex(
                    java.security.MessageDigest.getInstance("SHA-256").digest(bytes)));
        }
        assertThat(callRaw("/settlement/periods/" + periodId + "/reports/SHCC.manifest.json", "demo-acme-key"))
                .isEqualTo(404);
        assertThat(callRaw("/settlement/periods/" + periodId + "/reports/SHCC.focus.csv", "demo-acme-key"))
                .isEqualTo(404);
        theFocusFileAddsUpToTheStatementAndNamesTheNodes(first.get("SHCC.focus.csv"));
    }

    /** The FOCUS rows' billed cost is the statement's net as a cost; each usage row's resource is its node. */
    private void theFocusFileAddsUpToTheStatementAndNamesTheNodes(byte[] focus) throws Exception {
        long net = 0;
        for (JsonNode statement : call("GET", "/settlement/periods/" + periodId + "/statements?run=" + finalRun,
                "demo-admin-key", null).body()) {
            net += statement.get("organization").asString().equals("SHCC") ? minor(statement.get("net")) : 0;
        }
        try (var parser = org.apache.commons.csv.CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true)
                .get().parse(new java.io.InputStreamReader(new java.io.ByteArrayInputStream(focus),
                        java.nio.charset.StandardCharsets.UTF_8))) {
            long billed = 0;
            int usage = 0;
            for (var row : parser.getRecords()) {
                billed += new BigDecimal(row.get("BilledCost")).movePointRight(2).longValueExact();
                assertThat(Instant.parse(row.get("ChargePeriodStart"))).isNotNull();
                if (row.get("ChargeCategory").equals("Usage")) {
                    usage++;
                    long contract = Long.parseLong(row.get("x_CpxReference").substring("contract:".length()));
                    List<String> cpids = jdbc.sql("select n.cpid from contract_allocation a join node n "
                            + "on n.id = a.node_id where a.contract_id = ? order by n.cpid").param(contract)
                            .query(String.class).list();
                    assertThat(row.get("ResourceId")).as("contract " + contract)
                            .isEqualTo(cpids.size() == 1 ? cpids.getFirst() : "contract:" + contract);
                }
            }
            assertThat(billed).isEqualTo(-net);
            assertThat(usage).as("SHCC bought the RTX contract").isPositive();
        }
    }

    @Test
    @Order(4)
    void everyLineCountsTheUsageRecordsBehindItAndLeadsToThem() throws Exception {
        JsonNode lines = call("GET", "/settlement/periods/" + periodId + "/statements/ACME/lines", "demo-acme-key",
                null).body();
        JsonNode h100 = null;
        for (JsonNode line : lines) {
            if (line.get("contractId").asLong() == contracts.get("acme-h100")) {
                h100 = line;
            }
        }
        assertThat(h100).isNotNull();
        assertThat(h100.get("instrument").asString()).startsWith("H100-SXM-80G.CN-EAST.");
        assertThat(h100.get("deliveredGpuSeconds").asLong()).isEqualTo(delivered.get("acme-h100"));
        assertThat(h100.get("contractedGpuSeconds").asLong()).isEqualTo(8 * 24 * HOUR);
        assertThat(h100.get("value").asString()).isEqualTo("384.00");
        assertThat(h100.get("usageRecords").get("provider").asLong()).isEqualTo(24);
        assertThat(h100.get("usageRecords").get("buyer").asLong()).isEqualTo(24);
        String usagePath = "/settlement/periods/" + periodId + "/statements/ACME/lines/" + contracts.get("acme-h100")
                + "/usage";
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1"
                + usagePath)).header("Authorization", "Bearer demo-acme-key").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> records = response.body().lines().toList();
        assertThat(records).hasSize(48);
        long buyerSeconds = 0;
        for (String record : records) {
            JsonNode usage = JSON.readTree(record);
            assertThat(usage.get("contractId").asLong()).isEqualTo(contracts.get("acme-h100"));
            buyerSeconds += usage.get("source").asString().equals("BUYER") ? usage.get("gpuSeconds").asLong() : 0;
        }
        assertThat(buyerSeconds).isEqualTo(24 * 8 * HOUR - 4 * HOUR - 30);
        assertThat(callRaw(usagePath, "demo-nova-key")).isEqualTo(404);
        assertThat(callRaw(usagePath.replace("/ACME/", "/NOVA/"), "demo-admin-key")).as("not a NOVA line")
                .isEqualTo(404);
    }

    private static long cents(org.apache.poi.ss.usermodel.Cell cell) {
        return BigDecimal.valueOf(cell.getNumericCellValue()).setScale(2, RoundingMode.HALF_UP).movePointRight(2)
                .longValueExact();
    }

    private byte[] download(String file, String key) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/settlement/periods/"
                + periodId + "/reports/" + file)).header("Authorization", "Bearer " + key).GET().build();
        var response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as(file).isEqualTo(200);
        return response.body();
    }

    private int callRaw(String path, String key) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1" + path))
                .header("Authorization", "Bearer " + key).GET().build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    @Order(5)
    void aDisputeIsResolvedInATrueUpRunOfTheSamePeriod() throws Exception {
        JsonNode discrepancy = call("GET", "/settlement/periods/" + periodId + "/discrepancies", "demo-acme-key", null)
                .body().get(0);
        long discrepancyId = discrepancy.get("discrepancyId").asLong();
        assertThat(call("POST", "/settlement/discrepancies/" + discrepancyId + "/disputes", "demo-nova-key",
                "{\"reason\":\"not ours\"}").status()).isEqualTo(404);
        Reply opened = call("POST", "/settlement/discrepancies/" + discrepancyId + "/disputes", "demo-acme-key",
                "{\"reason\":\"our probe saw half the GPUs idle in hour 3\"}");
        assertThat(opened.status()).isEqualTo(201);
        long disputeId = opened.body().get("disputeId").asLong();
        assertThat(call("POST", "/settlement/discrepancies/" + discrepancyId + "/disputes", "demo-shcc-key",
                "{\"reason\":\"again\"}").status()).isEqualTo(409);
        // 14,400 contested GPU-seconds of 691,200 worth 384.00: 8.00, on top of the 0.02 disputed before close.
        assertThat(withheld("SHCC")).isEqualTo(802);

        Reply tooMuch = call("POST", "/settlement/disputes/" + disputeId + "/resolve", "demo-admin-key",
                "{\"adjustment\":\"999.00\",\"to\":\"PROVIDER\",\"resolution\":\"more than the line\"}");
        assertThat(tooMuch.status()).isEqualTo(422);
        assertThat(tooMuch.body().get("code").asString()).isEqualTo("adjustment-exceeds-line");
        assertThat(call("POST", "/settlement/periods/" + periodId + "/true-up", "demo-admin-key", null).status())
                .as("nothing resolved yet").isEqualTo(409);

        long acmeBefore = available("demo-acme-key");
        String resolve = "{\"adjustment\":\"12.34\",\"to\":\"BUYER\",\"resolution\":\"half of hour 3 refunded\"}";
        Reply resolved = call("POST", "/settlement/disputes/" + disputeId + "/resolve", "demo-admin-key", resolve);
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.body().get("status").asString()).isEqualTo("RESOLVED");
        assertThat(resolved.body().get("adjustmentPeriodId").asLong()).as("the same period").isEqualTo(periodId);
        assertThat(available("demo-acme-key") - acmeBefore).isEqualTo(1234);
        assertThat(withheld("SHCC")).isEqualTo(2);

        assertThat(call("POST", "/settlement/periods/" + periodId + "/true-up", "demo-acme-key", null).status())
                .isEqualTo(403);
        Map<String, Long> finalNets = nets(finalRun);
        Reply trueUp = call("POST", "/settlement/periods/" + periodId + "/true-up", "demo-admin-key", null);
        assertThat(trueUp.status()).isEqualTo(201);
        assertThat(trueUp.body().get("run").asInt()).isEqualTo(finalRun + 1);
        assertThat(trueUp.body().get("kind").asString()).isEqualTo("TRUE_UP");
        // Line by line, the true-up differs from the FINAL run by the adjustment on each side only.
        var changes = new ArrayList<String>();
        trueUp.body().get("changes").forEach(c -> changes.add(c.get("organization").asString() + " "
                + c.get("reference").asString() + " " + c.get("change").asString() + " " + c.get("difference")
                .asString()));
        assertThat(changes).containsExactly("ACME dispute:" + disputeId + " ADDED 12.34",
                "SHCC dispute:" + disputeId + " ADDED -12.34");
        assertThat(call("POST", "/settlement/periods/" + periodId + "/true-up", "demo-admin-key", null).status())
                .isEqualTo(409);

        JsonNode periods = call("GET", "/settlement/periods?status=CLOSED", "demo-acme-key", null).body();
        assertThat(periods.valueStream().map(p -> p.get("periodId").asLong()).toList()).containsExactly(periodId);
        assertThat(periods.get(0).get("totals").isNull()).as("market-wide totals are the platform's").isTrue();
        assertThat(call("GET", "/settlement/periods?status=OPEN", "demo-acme-key", null).body()).isEmpty();
        assertThat(call("GET", "/settlement/periods?status=CLOSED", "demo-admin-key", null).body().get(0)
                .get("totals").get("contractValue").asString()).isNotEmpty();
        JsonNode runs = call("GET", "/settlement/periods/" + periodId + "/runs", "demo-acme-key", null).body();
        assertThat(runs).extracting(r -> r.get("kind").asString()).endsWith("PRELIMINARY", "FINAL", "TRUE_UP");
        for (JsonNode run : runs) {
            assertThat(run.get("run").asInt()).isEqualTo(runs.valueStream().toList().indexOf(run) + 1);
            assertThat(run.get("contentHash").asString()).matches("[0-9a-f]{64}");
            assertThat(Instant.parse(run.get("createdAt").asString())).isNotNull();
        }
        Map<String, Long> trueUpNets = nets(finalRun + 1);
        assertThat(trueUpNets.get("ACME") - finalNets.get("ACME")).isEqualTo(1234);
        assertThat(trueUpNets.get("SHCC") - finalNets.get("SHCC")).isEqualTo(-1234);
        assertThat(trueUpNets.get("NOVA")).isEqualTo(finalNets.get("NOVA"));
        assertThat(nets(finalRun)).as("the FINAL run is frozen").isEqualTo(finalNets);
        for (JsonNode statement : call("GET", "/settlement/periods/" + periodId + "/statements?run=" + finalRun,
                "demo-admin-key", null).body()) {
            assertThat(statement.get("contentHash").asString())
                    .isEqualTo(finalHashes.get(statement.get("organization").asString()));
        }
        everyStatementVerifiesAgainstItsCanonicalFile(finalRun);
        everyStatementVerifiesAgainstItsCanonicalFile(finalRun + 1);
        theNettingIsStoredAndHashedWithTheRun(finalRun + 1, trueUpNets);
        assertThat(ledger.journalSum()).isZero();

        var actions = new ArrayList<String>();
        var details = new ArrayList<String>();
        call("GET", "/settlement/periods/" + periodId + "/audit", "demo-admin-key", null).body()
                .forEach(a -> {
                    actions.add(a.get("action").asString());
                    details.add(a.get("actor").asString() + ": " + a.get("detail").asString());
                });
        assertThat(actions).containsSubsequence("PERIOD_OPENED", "DISPUTE_OPENED", "PERIOD_CLOSED", "DISPUTE_OPENED",
                "DISPUTE_RESOLVED", "TRUE_UP_RECORDED");
        assertThat(details).anyMatch(d -> d.contains("adjustment 12.34 USD to buyer"))
                .anyMatch(d -> d.startsWith("ACME key ") && d.contains("withheld 8.00 USD"));
    }

    /** The run's netting: its canonical file hashes to the run's netting hash and nets each statement's net. */
    private void theNettingIsStoredAndHashedWithTheRun(int run, Map<String, Long> nets) throws Exception {
        String nettingHash = call("GET", "/settlement/periods/" + periodId + "/runs/" + run, "demo-admin-key", null)
                .body().get("nettingHash").asString();
        var response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/settlement/"
                        + "periods/" + periodId + "/runs/" + run + "/netting"))
                .header("Authorization", "Bearer demo-admin-key").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(response.body()))).isEqualTo(nettingHash);
        JsonNode netting = call("GET", "/settlement/periods/" + periodId + "/netting?run=" + run, "demo-admin-key",
                null).body();
        nets.forEach((organization, net) -> assertThat(minor(netting.get("net").get(organization))).as(organization)
                .isEqualTo(net));
        assertThat(new String(response.body(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\nnet,ACME,," + java.math.BigDecimal.valueOf(nets.get("ACME"), 2).toPlainString() + "\n");
    }

    /** Each organization's net in a run of the period (the latest when null), in minor units. */
    private Map<String, Long> nets(Integer run) throws Exception {
        Map<String, Long> nets = new HashMap<>();
        call("GET", "/settlement/periods/" + periodId + "/statements" + (run == null ? "" : "?run=" + run),
                "demo-admin-key", null).body()
                .forEach(s -> nets.put(s.get("organization").asString(), minor(s.get("net"))));
        return nets;
    }

    @Test
    @Order(7)
    void aLineTheOtherSideNeverReportedMayBeDisputedUntilTheWindowEnds() throws Exception {
        // The silent provider sent nothing: there is no discrepancy, and its buyer disputes the whole line.
        String silentLine = "/settlement/periods/" + periodId + "/contracts/" + contracts.get("nova-silent")
                + "/disputes";
        assertThat(call("POST", silentLine, "demo-acme-key", "{\"reason\":\"not ours\"}").status()).isEqualTo(404);
        long gzdhBefore = withheld("GZDH");
        Reply opened = call("POST", silentLine, "demo-nova-key", "{\"reason\":\"the provider never confirmed\"}");
        assertThat(opened.status()).isEqualTo(201);
        assertThat(opened.body().get("discrepancyId").isNull()).isTrue();
        // All of the line rests on the buyer's records alone: all of its rated value is contested.
        long rated = BigDecimal.valueOf(8 * 24 * 100).multiply(BigDecimal.valueOf(delivered.get("nova-silent")))
                .divide(BigDecimal.valueOf(8 * 24 * HOUR), 0, RoundingMode.HALF_UP).longValueExact();
        assertThat(minor(opened.body().get("withheld"))).isEqualTo(rated);
        assertThat(withheld("GZDH") - gzdhBefore).isEqualTo(rated);
        assertThat(call("POST", silentLine, "demo-gzdh-key", "{\"reason\":\"again\"}").status()).isEqualTo(409);
        Reply bothReported = call("POST", "/settlement/periods/" + periodId + "/contracts/"
                + contracts.get("acme-h100") + "/disputes", "demo-acme-key", "{\"reason\":\"the whole line\"}");
        assertThat(bothReported.status()).isEqualTo(409);
        assertThat(bothReported.body().get("detail").asString()).contains("dispute the discrepancies");

        JsonNode last = call("GET", "/settlement/periods/" + periodId + "/discrepancies", "demo-acme-key", null)
                .body().get(2);
        assertThat(last.get("dispute").isNull()).isTrue();
        assertThat(call("POST", "/admin/clock", "demo-admin-key", "{\"advanceBy\":\"P15D\"}").status())
                .isEqualTo(200);
        Reply late = call("POST", "/settlement/discrepancies/" + last.get("discrepancyId").asLong() + "/disputes",
                "demo-acme-key", "{\"reason\":\"found it late\"}");
        assertThat(late.status()).isEqualTo(422);
        assertThat(late.body().get("code").asString()).isEqualTo("dispute-window-closed");
        assertThat(late.body().get("detail").asString()).contains("14 days");
        assertThat(call("POST", "/settlement/periods/" + periodId + "/contracts/" + contracts.get("acme-partial")
                + "/disputes", "demo-acme-key", "{\"reason\":\"late\"}").body().get("code").asString())
                .isEqualTo("dispute-window-closed");
    }

    @Test
    @Order(20)
    void aPeriodClosedBeforeRunsWereRecordedGetsAFinalRunThatVerifies() throws Exception {
        Map<String, Long> stored = nets(null);
        // The period as the close before runs left it: statements and a content hash, no runs, and so no invoices.
        String ofThePeriod = "in (select id from invoice where period_id = ?)";
        jdbc.sql("delete from invoice_line where invoice_id " + ofThePeriod).param(periodId).update();
        jdbc.sql("delete from invoice where period_id = ?").param(periodId).update();
        jdbc.sql("delete from invoice_issue where run_id in (select id from settlement_run where period_id = ?)")
                .param(periodId).update();
        jdbc.sql("delete from run_statement where run_id in (select id from settlement_run where period_id = ?)")
                .param(periodId).update();
        jdbc.sql("delete from settlement_run where period_id = ?").param(periodId).update();
        String legacyHash = "0".repeat(64);
        jdbc.sql("update statement set content_hash = ? where period_id = ?").params(legacyHash, periodId).update();
        jdbc.sql("update settlement_period set content_hash = ? where id = ?").params(legacyHash, periodId).update();
        assertThat(callRaw("/settlement/periods/" + periodId + "/statements/ACME/canonical", "demo-acme-key"))
                .isEqualTo(404);
        assertThat(closedPeriodRuns.periodsWithoutRuns()).containsExactly(periodId);

        var recorded = closedPeriodRuns.recordFinalRun(periodId);
        assertThat(recorded).isPresent();
        assertThat(closedPeriodRuns.recordFinalRun(periodId)).as("recorded once").isEmpty();
        assertThat(closedPeriodRuns.periodsWithoutRuns()).isEmpty();
        JsonNode runs = call("GET", "/settlement/periods/" + periodId + "/runs", "demo-acme-key", null).body();
        assertThat(runs).hasSize(1);
        assertThat(runs.get(0).get("run").asInt()).isEqualTo(1);
        assertThat(runs.get(0).get("kind").asString()).isEqualTo("FINAL");
        assertThat(call("GET", "/settlement/periods/" + periodId, "demo-admin-key", null).body().get("contentHash")
                .asString()).isEqualTo(recorded.get().contentHash());
        assertThat(nets(1)).as("the totals the close froze").isEqualTo(stored);
        everyStatementVerifiesAgainstItsCanonicalFile(1);
        assertThat(callRaw("/settlement/periods/" + periodId + "/statements/ACME/lines", "demo-acme-key"))
                .isEqualTo(200);
        var trail = new ArrayList<String>();
        call("GET", "/settlement/periods/" + periodId + "/audit", "demo-admin-key", null).body()
                .forEach(a -> trail.add(a.get("action").asString() + " " + a.get("detail").asString()));
        assertThat(trail).anyMatch(a -> a.startsWith("FINAL_RUN_RECORDED") && a.contains(legacyHash));
    }

    private long available(String key) throws Exception {
        return minor(call("GET", "/account", key, null).body().get("available"));
    }

    /** Per organization: payable, receivable, SLA credits, fees (minor units). */
    private Map<String, long[]> expectedStatements() {
        var statements = new HashMap<String, long[]>();
        for (String name : contracts.keySet()) {
            long quantity = quantities.get(name);
            long contracted = quantity * 24 * HOUR;
            long value = quantity * 24 * prices.get(name);
            long credit = BigDecimal.valueOf(value).multiply(BigDecimal.valueOf(contracted - delivered.get(name)))
                    .divide(BigDecimal.valueOf(contracted), 0, RoundingMode.HALF_UP).longValueExact();
            long rated = value - credit;
            long buyerFee = percent(value, BUYER_FEE_BPS);
            long providerFee = percent(rated, PROVIDER_FEE_BPS);
            long[] buyer = statements.computeIfAbsent(parties.get(name)[0], k -> new long[4]);
            long[] provider = statements.computeIfAbsent(parties.get(name)[1], k -> new long[4]);
            buyer[0] += rated;
            buyer[2] += credit;
            buyer[3] += buyerFee;
            provider[1] += rated;
            provider[2] += credit;
            provider[3] += providerFee;
        }
        return statements;
    }

    private static long percent(long amount, int basisPoints) {
        return BigDecimal.valueOf(amount).multiply(BigDecimal.valueOf(basisPoints))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP).longValueExact();
    }

    static long minor(JsonNode decimal) {
        return new BigDecimal(decimal.asString()).movePointRight(2).longValueExact();
    }

    long periodId() {
        return periodId;
    }
}
