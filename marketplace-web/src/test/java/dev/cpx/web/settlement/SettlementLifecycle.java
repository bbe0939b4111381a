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
 * A whole settlement lifecycle through the API: trades, allocations, usage from both sides with a planted
 * discrepancy and a planted outage, a period run, close and a replay of all usage. Every figure is checked
 * against a computation of its own here. Subclasses choose the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class SettlementLifecycle {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    static final long HOUR = 3600;
    static final int BUYER_FEE_BPS = 50;
    static final int PROVIDER_FEE_BPS = 50;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    LedgerService ledger;

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
    private final Map<String, Long> quantities = Map.of("acme-h100", 8L, "nova-ascend", 16L, "shcc-rtx", 8L);
    private final Map<String, Long> prices = Map.of("acme-h100", 200L, "nova-ascend", 100L, "shcc-rtx", 50L);
    private final Map<String, String[]> parties = Map.of("acme-h100", new String[] {"ACME", "SHCC"},
            "nova-ascend", new String[] {"NOVA", "GZDH"}, "shcc-rtx", new String[] {"SHCC", "GZDH"});

    @Test
    @Order(1)
    void tradeAllocateDeliverAndMeter() throws Exception {
        // Two days ahead: open for trading at any hour of today (tomorrow's gate closes at 23:00 today).
        dayStart = LocalDate.now(ZoneOffset.UTC).plusDays(2).atStartOfDay(ZoneOffset.UTC).toInstant();
        long h100 = trade("acme-h100", "demo-shcc-key", "demo-acme-key", "H100-SXM-80G", "CN-EAST", "2.00", 8);
        long ascend = trade("nova-ascend", "demo-gzdh-key", "demo-nova-key", "ASCEND910B-64G", "CN-WEST", "1.00", 16);
        long rtx = trade("shcc-rtx", "demo-gzdh-key", "demo-shcc-key", "RTX4090-24G", "CN-SOUTH", "0.50", 8);
        String h100Node = nodes("SHCC", "H100-SXM-80G", 1).getFirst();
        List<String> ascendNodes = nodes("GZDH", "ASCEND910B-64G", 2);
        String rtxNode = nodes("GZDH", "RTX4090-24G", 1).getFirst();
        allocate("demo-shcc-key", h100, List.of(h100Node));
        allocate("demo-gzdh-key", ascend, ascendNodes);
        allocate("demo-gzdh-key", rtx, List.of(rtxNode));
        // Past the delivery day and at least two hours into the next, whatever the hour now.
        assertThat(call("POST", "/admin/clock", "demo-admin-key", "{\"advanceBy\":\"P3DT2H\"}").status())
                .isEqualTo(200);

        // H100: provider reports every hour full; the buyer reports the same except hour 3 (half: a discrepancy)
        // and hour 4 (30 GPU-seconds less: within the 60 GPU-second tolerance).
        var provider = new ArrayList<String>();
        var buyer = new ArrayList<String>();
        long h100Delivered = 0;
        for (int h = 0; h < 24; h++) {
            Instant at = dayStart.plusSeconds(h * HOUR);
            provider.add(record("p-h100-" + h, h100, h100Node, at, 1, 8 * HOUR));
            long buyerSeconds = h == 3 ? 4 * HOUR : h == 4 ? 8 * HOUR - 30 : 8 * HOUR;
            buyer.add(record("b-h100-" + h, h100, h100Node, at, 1, buyerSeconds));
            h100Delivered += Math.min(8 * HOUR, buyerSeconds);
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
        assertThat(opened.body().get("counts").get("contracts").asInt()).isEqualTo(3);

        Reply discrepancies = call("GET", "/settlement/periods/" + periodId + "/discrepancies", "demo-admin-key", null);
        assertThat(discrepancies.body()).hasSize(1);
        JsonNode discrepancy = discrepancies.body().get(0);
        assertThat(discrepancy.get("contractId").asLong()).isEqualTo(contracts.get("acme-h100"));
        assertThat(discrepancy.get("intervalStart").asString()).isEqualTo(dayStart.plusSeconds(3 * HOUR).toString());
        assertThat(discrepancy.get("difference").asLong()).isEqualTo(4 * HOUR);

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

    @Test
    @Order(3)
    void closeFreezesStatementsAndPostsTheLedger() throws Exception {
        long journalBefore = ledger.journalSum();
        Reply closed = call("POST", "/settlement/periods/" + periodId + "/close", "demo-admin-key", null);
        assertThat(closed.status()).isEqualTo(200);
        assertThat(closed.body().get("status").asString()).isEqualTo("CLOSED");
        assertThat(closed.body().get("contentHash").asString()).hasSize(64);
        assertThat(journalBefore).isZero();
        assertThat(ledger.journalSum()).isZero();
        assertThat(ledger.balanceSum()).isZero();
        for (String name : contracts.keySet()) {
            long escrow = jdbc.sql("select count(*) from journal_entry where kind = 'SETTLE' and reference = ?")
                    .param("contract:" + contracts.get(name)).query(Long.class).single();
            assertThat(escrow).as("settled once: " + name).isEqualTo(1);
        }
        assertThat(call("POST", "/settlement/periods/" + periodId + "/close", "demo-admin-key", null).status())
                .isEqualTo(409);
        assertThat(call("POST", "/settlement/periods/" + periodId + "/rerun", "demo-admin-key", null).status())
                .isEqualTo(409);
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
    void aDisputeIsResolvedWithAnAdjustmentInTheNextOpenPeriod() throws Exception {
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

        String resolve = "{\"adjustment\":\"12.34\",\"to\":\"BUYER\",\"resolution\":\"half of hour 3 refunded\"}";
        assertThat(call("POST", "/settlement/disputes/" + disputeId + "/resolve", "demo-admin-key", resolve).status())
                .as("no open period to book into yet").isEqualTo(409);
        Instant next = dayStart.plusSeconds(24 * HOUR);
        long nextPeriod = call("POST", "/settlement/periods", "demo-admin-key", "{\"periodStart\":\"" + next
                + "\",\"periodEnd\":\"" + next.plusSeconds(HOUR) + "\"}").body().get("periodId").asLong();
        long acmeBefore = available("demo-acme-key");
        Reply resolved = call("POST", "/settlement/disputes/" + disputeId + "/resolve", "demo-admin-key", resolve);
        assertThat(resolved.status()).isEqualTo(200);
        assertThat(resolved.body().get("status").asString()).isEqualTo("RESOLVED");
        assertThat(resolved.body().get("adjustmentPeriodId").asLong()).isEqualTo(nextPeriod);
        assertThat(available("demo-acme-key") - acmeBefore).isEqualTo(1234);

        Map<String, Long> nets = new HashMap<>();
        call("GET", "/settlement/periods/" + nextPeriod + "/statements", "demo-admin-key", null).body()
                .forEach(s -> nets.put(s.get("organization").asString(), minor(s.get("net"))));
        assertThat(nets).containsEntry("ACME", 1234L).containsEntry("SHCC", -1234L);
        assertThat(ledger.journalSum()).isZero();
        var actions = new ArrayList<String>();
        call("GET", "/settlement/periods/" + periodId + "/audit", "demo-admin-key", null).body()
                .forEach(a -> actions.add(a.get("action").asString()));
        assertThat(actions).containsSubsequence("PERIOD_OPENED", "PERIOD_CLOSED", "DISPUTE_OPENED",
                "DISPUTE_RESOLVED");
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
