package dev.cpx.settlement.statement.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.cpx.settlement.statement.StatementDocument;
import dev.cpx.settlement.statement.StatementLine;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.LongStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The FOCUS file of random statements, read back with Commons CSV and checked row by row against the FOCUS 1.0
 * columns written out below from the specification (type, format, allowed values, nullability), and against the
 * statement it comes from. Every assertion names its seed.
 */
class FocusReportTests {

    private enum Type { DECIMAL, STRING, DATETIME, JSON }

    /** When a column must hold a value (true), must be null (false), or may be either (null), for a row. */
    private interface Nullability {
        Boolean required(Map<String, String> row);
    }

    private record Spec(String name, Type type, Nullability nullability, Set<String> allowed) {
    }

    private static final Nullability MANDATORY = row -> true;
    private static final Nullability OPTIONAL = row -> null;
    private static final Nullability NO_COMMITMENT_DISCOUNTS = row -> false;

    /** Usage and Purchase rows that are not corrections carry their price and quantity; Tax rows never. */
    private static final Nullability PRICED = row -> isPriced(row) ? Boolean.TRUE
            : "Tax".equals(row.get("ChargeCategory")) ? Boolean.FALSE : null;

    private static boolean isPriced(Map<String, String> row) {
        return Set.of("Usage", "Purchase").contains(row.get("ChargeCategory")) && row.get("ChargeClass").isEmpty();
    }

    private static Nullability presentWith(String column) {
        return row -> !row.get(column).isEmpty();
    }

    private static final Set<String> SERVICE_CATEGORIES = Set.of("AI and Machine Learning", "Analytics",
            "Business Applications", "Compute", "Databases", "Developer Tools", "Multicloud", "Identity",
            "Integration", "Internet of Things", "Management and Governance", "Media", "Migration", "Mobile",
            "Networking", "Security", "Storage", "Web", "Other");

    /** The FOCUS 1.0 columns: data type, nullability and allowed values, as the specification states them. */
    private static final List<Spec> FOCUS_1_0 = List.of(
            new Spec("BilledCost", Type.DECIMAL, MANDATORY, null),
            new Spec("BillingAccountId", Type.STRING, MANDATORY, null),
            new Spec("BillingAccountName", Type.STRING, MANDATORY, null),
            new Spec("BillingCurrency", Type.STRING, MANDATORY, null),
            new Spec("BillingPeriodEnd", Type.DATETIME, MANDATORY, null),
            new Spec("BillingPeriodStart", Type.DATETIME, MANDATORY, null),
            new Spec("ChargeCategory", Type.STRING, MANDATORY,
                    Set.of("Usage", "Purchase", "Tax", "Credit", "Adjustment")),
            new Spec("ChargeClass", Type.STRING, OPTIONAL, Set.of("Correction")),
            new Spec("ChargeDescription", Type.STRING, MANDATORY, null),
            new Spec("ChargeFrequency", Type.STRING, OPTIONAL, Set.of("One-Time", "Recurring", "Usage-Based")),
            new Spec("ChargePeriodEnd", Type.DATETIME, MANDATORY, null),
            new Spec("ChargePeriodStart", Type.DATETIME, MANDATORY, null),
            new Spec("CommitmentDiscountCategory", Type.STRING, NO_COMMITMENT_DISCOUNTS, Set.of("Spend", "Usage")),
            new Spec("CommitmentDiscountId", Type.STRING, NO_COMMITMENT_DISCOUNTS, null),
            new Spec("CommitmentDiscountName", Type.STRING, NO_COMMITMENT_DISCOUNTS, null),
            new Spec("CommitmentDiscountStatus", Type.STRING, NO_COMMITMENT_DISCOUNTS, Set.of("Used", "Unused")),
            new Spec("CommitmentDiscountType", Type.STRING, NO_COMMITMENT_DISCOUNTS, null),
            new Spec("ConsumedQuantity", Type.DECIMAL, row -> "Usage".equals(row.get("ChargeCategory"))
                    && row.get("ChargeClass").isEmpty(), null),
            new Spec("ConsumedUnit", Type.STRING, presentWith("ConsumedQuantity"), null),
            new Spec("ContractedCost", Type.DECIMAL, MANDATORY, null),
            new Spec("ContractedUnitPrice", Type.DECIMAL, PRICED, null),
            new Spec("EffectiveCost", Type.DECIMAL, MANDATORY, null),
            new Spec("InvoiceIssuerName", Type.STRING, MANDATORY, null),
            new Spec("ListCost", Type.DECIMAL, MANDATORY, null),
            new Spec("ListUnitPrice", Type.DECIMAL, PRICED, null),
            new Spec("PricingCategory", Type.STRING, PRICED, Set.of("Standard", "Dynamic", "Committed", "Other")),
            new Spec("PricingQuantity", Type.DECIMAL, PRICED, null),
            new Spec("PricingUnit", Type.STRING, presentWith("PricingQuantity"), null),
            new Spec("ProviderName", Type.STRING, MANDATORY, null),
            new Spec("PublisherName", Type.STRING, MANDATORY, null),
            new Spec("RegionId", Type.STRING, OPTIONAL, null),
            new Spec("RegionName", Type.STRING, presentWith("RegionId"), null),
            new Spec("ResourceId", Type.STRING, OPTIONAL, null),
            new Spec("ResourceName", Type.STRING, presentWith("ResourceId"), null),
            new Spec("ResourceType", Type.STRING, presentWith("ResourceId"), null),
            new Spec("ServiceCategory", Type.STRING, MANDATORY, SERVICE_CATEGORIES),
            new Spec("ServiceName", Type.STRING, MANDATORY, null),
            new Spec("SkuId", Type.STRING, PRICED, null),
            new Spec("SkuPriceId", Type.STRING, PRICED, null),
            new Spec("SubAccountId", Type.STRING, OPTIONAL, null),
            new Spec("SubAccountName", Type.STRING, presentWith("SubAccountId"), null),
            new Spec("Tags", Type.JSON, OPTIONAL, null));

    /** NumericFormat: an optional minus, digits, an optional fraction; no grouping, exponent or currency sign. */
    private static final Predicate<String> DECIMAL = s -> s.matches("-?[0-9]+(\\.[0-9]+)?");
    /** DateTimeFormat: ISO 8601 in UTC, to the second, with the Z designator. */
    private static final Predicate<String> DATETIME = s -> s.matches("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}"
            + ":[0-9]{2}Z");

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 60);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void everyRowMeetsTheFocusColumnsAndTheRowsAddUpToTheStatement(long seed) throws IOException {
        Random random = new Random(seed);
        StatementDocument document = ReportFixtures.statement(1 + random.nextInt(40), seed);
        Map<Long, List<String>> nodes = randomNodes(document, random);
        String at = "seed " + seed;

        List<Map<String, String>> rows = read(FocusReport.write(document, nodes, "CPX"), at);
        BigDecimal billed = BigDecimal.ZERO;
        for (Map<String, String> row : rows) {
            String where = at + ", " + row.get("x_CpxReference") + " " + row.get("ChargeCategory");
            for (Spec spec : FOCUS_1_0) {
                checkColumn(spec, row, where);
            }
            checkRow(row, document, where);
            billed = billed.add(new BigDecimal(row.get("BilledCost")));
        }
        assertThat(billed.movePointRight(2).longValueExact()).as(at + ": billed cost is the statement's net, as a "
                + "cost").isEqualTo(-document.totals().netMinor());
        long contractLines = document.lines().stream().filter(l -> l.kind() == StatementLine.Kind.CONTRACT).count();
        assertThat(rows.stream().filter(r -> Set.of("Usage", "Credit").contains(r.get("ChargeCategory"))
                && r.get("ChargeFrequency").equals("Usage-Based")).count()).as(at + ": one usage or sale row per "
                + "contract line").isEqualTo(contractLines);
    }

    private static void checkColumn(Spec spec, Map<String, String> row, String where) {
        String value = row.get(spec.name());
        String column = where + ": " + spec.name() + " '" + value + "'";
        Boolean required = spec.nullability().required(row);
        if (Boolean.TRUE.equals(required)) {
            assertThat(value).as(column + " must not be null").isNotEmpty();
        } else if (Boolean.FALSE.equals(required)) {
            assertThat(value).as(column + " must be null").isEmpty();
        }
        if (value.isEmpty()) {
            return;
        }
        switch (spec.type()) {
            case DECIMAL -> assertThat(DECIMAL.test(value)).as(column + " is a decimal").isTrue();
            case DATETIME -> {
                assertThat(DATETIME.test(value)).as(column + " is an ISO 8601 UTC date-time").isTrue();
                assertThat(Instant.parse(value)).as(column).isNotNull();
            }
            case JSON -> {
                JsonElement json = JsonParser.parseString(value);
                assertThat(json.isJsonObject()).as(column + " is a JSON object").isTrue();
                json.getAsJsonObject().entrySet().forEach(e -> assertThat(e.getValue().isJsonPrimitive())
                        .as(column + ": " + e.getKey() + " is a key-value pair").isTrue());
            }
            case STRING -> assertThat(value.strip()).as(column + " has no surrounding spaces").isEqualTo(value);
        }
        if (spec.allowed() != null) {
            assertThat(spec.allowed()).as(column + " is an allowed value").contains(value);
        }
    }

    private static void checkRow(Map<String, String> row, StatementDocument document, String where) {
        assertThat(row.get("BillingCurrency")).as(where).matches("[A-Z]{3}").isEqualTo(document.currency());
        assertThat(row.get("BillingAccountId")).as(where).isEqualTo(document.organizationCode());
        assertThat(Instant.parse(row.get("BillingPeriodStart"))).as(where).isEqualTo(document.periodStart());
        assertThat(Instant.parse(row.get("BillingPeriodEnd"))).as(where).isEqualTo(document.periodEnd());
        assertThat(Instant.parse(row.get("ChargePeriodStart"))).as(where + ": charge period")
                .isBefore(Instant.parse(row.get("ChargePeriodEnd")));
        assertThat(row.get("EffectiveCost")).as(where).isEqualTo(row.get("BilledCost"));
        if ("Purchase".equals(row.get("ChargeCategory"))) {
            assertThat(row.get("ChargeFrequency")).as(where + ": a purchase is not usage-based")
                    .isNotEqualTo("Usage-Based");
        }
        if (!row.get("PricingQuantity").isEmpty()) {
            BigDecimal quantity = new BigDecimal(row.get("PricingQuantity"));
            assertThat(new BigDecimal(row.get("ListUnitPrice")).multiply(quantity)).as(where + ": list cost")
                    .isEqualByComparingTo(row.get("ListCost"));
            assertThat(new BigDecimal(row.get("ContractedUnitPrice")).multiply(quantity)).as(where + ": contracted")
                    .isEqualByComparingTo(row.get("ContractedCost"));
        }
        if ("Usage".equals(row.get("ChargeCategory"))) {
            assertThat(row.get("PricingUnit")).as(where).isEqualTo("GPU-Hours");
            assertThat(row.get("ConsumedUnit")).as(where).isEqualTo("GPU-Hours");
            assertThat(row.get("SkuId")).as(where).isEqualTo("H100-SXM-80G");
            assertThat(row.get("RegionId")).as(where).isEqualTo("CN-EAST");
            assertThat(row.get("ChargePeriodStart")).as(where).isEqualTo("2026-11-01T05:00:00Z");
            assertThat(row.get("ChargePeriodEnd")).as(where).isEqualTo("2026-11-01T06:00:00Z");
        }
        for (String name : row.keySet()) {
            boolean focus = FOCUS_1_0.stream().anyMatch(s -> s.name().equals(name));
            assertThat(focus || name.startsWith("x_")).as(where + ": " + name + " is FOCUS or custom (x_)").isTrue();
        }
    }

    @Test
    void aContractOnOneNodeIsThatNodeAndOnSeveralIsTheContractNamingItsNodes() throws IOException {
        StatementDocument document = ReportFixtures.statement(30, 5);
        var nodes = new HashMap<Long, List<String>>();
        List<StatementLine> contracts = document.lines().stream()
                .filter(l -> l.kind() == StatementLine.Kind.CONTRACT).toList();
        long single = contracts.get(0).contractId();
        long several = contracts.get(1).contractId();
        nodes.put(single, List.of("CPX-CN-EAST-SH1-H100-000001-7"));
        nodes.put(several, List.of("CPX-CN-EAST-SH1-H100-000002-3", "CPX-CN-EAST-SH1-H100-000003-X"));
        List<Map<String, String>> rows = read(FocusReport.write(document, nodes, "CPX"), "nodes");
        Map<String, String> one = rows.stream().filter(r -> r.get("x_CpxReference").equals("contract:" + single))
                .findFirst().orElseThrow();
        assertThat(one.get("ResourceId")).isEqualTo("CPX-CN-EAST-SH1-H100-000001-7");
        assertThat(one.get("ResourceType")).isEqualTo("GPU node");
        Map<String, String> two = rows.stream().filter(r -> r.get("x_CpxReference").equals("contract:" + several))
                .findFirst().orElseThrow();
        assertThat(two.get("ResourceId")).isEqualTo("contract:" + several);
        assertThat(JsonParser.parseString(two.get("Tags")).getAsJsonObject().get("cpx/nodes").getAsString())
                .isEqualTo("CPX-CN-EAST-SH1-H100-000002-3 CPX-CN-EAST-SH1-H100-000003-X");
    }

    @Test
    void aProjectIsTheSubAccountAndATag() throws IOException {
        StatementLine line = new StatementLine(7, StatementLine.Kind.CONTRACT, "A100-PCIE-40G.EU-CENTRAL.2026-11-03T23",
                StatementLine.Role.BUYER, "NOVA", 2, 150, 7_200, 7_200, 7_000, 7_000, 300, 292, 8, 2, 0, -294,
                dev.cpx.settlement.rating.Coverage.BOTH, 0, 1, "", "llm \"fine\"-tune", 0);
        StatementDocument document = ReportFixtures.statement("ACME", "Acme", List.of(line));
        List<Map<String, String>> rows = read(FocusReport.write(document, Map.of(), "CPX"), "project");
        assertThat(rows).extracting(r -> r.get("ChargeCategory")).containsExactly("Usage", "Credit", "Purchase");
        Map<String, String> usage = rows.getFirst();
        assertThat(usage.get("SubAccountId")).isEqualTo("llm \"fine\"-tune");
        assertThat(JsonParser.parseString(usage.get("Tags")).getAsJsonObject().get("project").getAsString())
                .isEqualTo("llm \"fine\"-tune");
        assertThat(usage.get("PricingQuantity")).isEqualTo("2");
        assertThat(usage.get("ConsumedQuantity")).isEqualTo("1.944444");
        assertThat(usage.get("BilledCost")).isEqualTo("3.00");
        assertThat(usage.get("ChargePeriodStart")).isEqualTo("2026-11-03T23:00:00Z");
        assertThat(usage.get("ChargePeriodEnd")).isEqualTo("2026-11-04T00:00:00Z");
        assertThat(usage.get("ResourceId")).isEmpty();
        assertThat(rows.get(1).get("BilledCost")).isEqualTo("-0.08");
        assertThat(rows.get(2).get("BilledCost")).isEqualTo("0.02");
    }

    private static Map<Long, List<String>> randomNodes(StatementDocument document, Random random) {
        var nodes = new HashMap<Long, List<String>>();
        for (StatementLine line : document.lines()) {
            int count = random.nextInt(3);
            var cpids = new ArrayList<String>();
            for (int i = 0; i < count; i++) {
                cpids.add("CPX-CN-EAST-SH1-H100-" + String.format("%06d", line.contractId() * 10 + i) + "-7");
            }
            nodes.put(line.contractId(), cpids);
        }
        return nodes;
    }

    /** The file as rows by column name, after checking its header is exactly the documented columns. */
    private static List<Map<String, String>> read(byte[] file, String at) throws IOException {
        assertThat(file[0]).as(at + ": no byte order mark").isNotEqualTo((byte) 0xEF);
        try (CSVParser parser = CSVFormat.RFC4180.builder().get()
                .parse(new InputStreamReader(new java.io.ByteArrayInputStream(file), StandardCharsets.UTF_8))) {
            List<CSVRecord> records = parser.getRecords();
            List<String> header = records.getFirst().toList();
            assertThat(header).as(at + ": header").isEqualTo(FocusReport.COLUMNS);
            for (Spec spec : FOCUS_1_0) {
                assertThat(header).as(at + ": FOCUS column present").contains(spec.name());
                assertThat(spec.name()).as("PascalCase").matches("[A-Z][A-Za-z]*");
            }
            var rows = new ArrayList<Map<String, String>>();
            for (CSVRecord record : records.subList(1, records.size())) {
                assertThat(record.size()).as(at + ": row " + record.getRecordNumber()).isEqualTo(header.size());
                var row = new HashMap<String, String>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), record.get(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
