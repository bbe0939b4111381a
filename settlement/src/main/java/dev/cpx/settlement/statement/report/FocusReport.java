package dev.cpx.settlement.statement.report;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.statement.StatementDocument;
import dev.cpx.settlement.statement.StatementLine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * An organization's statement of a run as FinOps FOCUS 1.0 cost and usage rows (docs/reports.md, "FOCUS export").
 * Costs are the organization's: positive what it is charged, negative what it earns or is credited, so the rows'
 * BilledCost sums to the statement's net with the opposite sign. Pure: no clock, no database; the same document
 * and nodes give the same bytes.
 */
public final class FocusReport {

    /** The dataset's columns, in order: the FOCUS 1.0 columns, then the CPX columns ({@code x_} prefix). */
    public static final List<String> COLUMNS = List.of("BilledCost", "BillingAccountId", "BillingAccountName",
            "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart", "ChargeCategory", "ChargeClass",
            "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
            "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName",
            "CommitmentDiscountStatus", "CommitmentDiscountType", "ConsumedQuantity", "ConsumedUnit", "ContractedCost",
            "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice",
            "PricingCategory", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId",
            "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "SkuId",
            "SkuPriceId", "SubAccountId", "SubAccountName", "Tags", "x_CpxReference", "x_CpxRole", "x_CpxRun");

    public static final String GPU_HOURS = "GPU-Hours";
    public static final String SERVICE_NAME = "GPU Compute Capacity";
    public static final String SERVICE_CATEGORY = "Compute";
    private static final DateTimeFormatter UTC_SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DELIVERY_HOUR = new DateTimeFormatterBuilder()
            .appendPattern("uuuu-MM-dd'T'HH").parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0).toFormatter();

    private final StatementDocument document;
    private final Map<Long, List<String>> nodes;
    private final String platform;

    private FocusReport(StatementDocument document, Map<Long, List<String>> nodes, String platform) {
        this.document = document;
        this.nodes = nodes;
        this.platform = platform;
    }

    /**
     * The FOCUS file of a statement: RFC 4180 CSV in UTF-8 without byte order mark, CRLF, the header row then the
     * rows, nulls as empty fields.
     *
     * @param nodesByContract the CPIDs of the nodes allocated to each contract, in CPID order
     * @param platform        the marketplace's name: the provider and invoice issuer, the publisher of its fees
     */
    public static byte[] write(StatementDocument document, Map<Long, List<String>> nodesByContract, String platform) {
        var out = new ByteArrayOutputStream();
        try {
            write(document, nodesByContract, platform, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Streams the FOCUS file to {@code out}, which stays open; a statement line's rows at a time. */
    public static void write(StatementDocument document, Map<Long, List<String>> nodesByContract, String platform,
                             OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        CSVPrinter printer = new CSVPrinter(writer, CSVFormat.RFC4180);
        printer.printRecord(COLUMNS);
        var report = new FocusReport(document, nodesByContract, platform);
        for (StatementLine line : document.lines()) {
            for (Map<String, String> row : report.rows(line)) {
                printer.printRecord(COLUMNS.stream().map(c -> row.getOrDefault(c, "")).toList());
            }
        }
        printer.flush();
    }

    /** A statement line's rows: see docs/reports.md, "FOCUS export". */
    private List<Map<String, String>> rows(StatementLine line) {
        var rows = new ArrayList<Map<String, String>>(3);
        if (line.kind() == StatementLine.Kind.ADJUSTMENT) {
            rows.add(adjustment(line));
            return rows;
        }
        if (line.role() == StatementLine.Role.BUYER) {
            rows.add(usage(line));
            if (line.slaCreditMinor() != 0) {
                rows.add(slaCredit(line));
            }
        } else {
            rows.add(sale(line));
        }
        if (line.feeMinor() != 0) {
            rows.add(fee(line));
        }
        return rows;
    }

    /** What the buyer bought: the contracted GPU-hours at the contract's price. */
    private Map<String, String> usage(StatementLine line) {
        Map<String, String> row = common(line, "Usage", "Usage-Based", line.valueMinor());
        BigDecimal contractedHours = hours(line.contractedGpuSeconds());
        row.put("ChargeDescription", instrument(line).computeClass() + " GPU capacity in " + instrument(line).region()
                + ", " + contractedHours.toPlainString() + " GPU-hours at " + Money.format(line.priceMinor()) + " "
                + document.currency() + " from " + line.counterparty() + " (contract " + line.contractId() + ")");
        priced(row, line.priceMinor(), contractedHours, GPU_HOURS, "contract:" + line.contractId(), "Dynamic");
        row.put("ConsumedQuantity", hours(line.deliveredGpuSeconds()).toPlainString());
        row.put("ConsumedUnit", GPU_HOURS);
        row.put("PublisherName", line.counterparty());
        return row;
    }

    /** What the buyer got back for time not delivered. */
    private Map<String, String> slaCredit(StatementLine line) {
        Map<String, String> row = common(line, "Credit", "One-Time", -line.slaCreditMinor());
        row.put("ChargeDescription", "SLA credit: " + hours(line.deliveredGpuSeconds()).toPlainString() + " of "
                + hours(line.contractedGpuSeconds()).toPlainString() + " GPU-hours delivered (contract "
                + line.contractId() + ")");
        row.put("PublisherName", line.counterparty());
        return row;
    }

    /** What the provider earned for the delivered time: a credit to its account, a negative cost. */
    private Map<String, String> sale(StatementLine line) {
        Map<String, String> row = common(line, "Credit", "Usage-Based", -line.ratedValueMinor());
        row.put("ChargeDescription", "GPU capacity sold to " + line.counterparty() + ": "
                + hours(line.deliveredGpuSeconds()).toPlainString() + " of "
                + hours(line.contractedGpuSeconds()).toPlainString() + " GPU-hours delivered (contract "
                + line.contractId() + ")");
        row.put("PublisherName", document.organizationCode());
        return row;
    }

    /** The platform's fee on the contract, charged once per contract. */
    private Map<String, String> fee(StatementLine line) {
        Map<String, String> row = common(line, "Purchase", "One-Time", line.feeMinor());
        row.put("ChargeDescription", "Platform fee on contract " + line.contractId() + " ("
                + line.role().name().toLowerCase(java.util.Locale.ROOT) + ")");
        priced(row, line.feeMinor(), BigDecimal.ONE, "Fee", "fee:contract:" + line.contractId(), "Standard");
        row.put("PublisherName", platform);
        return row;
    }

    /** An adjustment decided on a dispute: positive to the organization is a negative cost. */
    private Map<String, String> adjustment(StatementLine line) {
        Map<String, String> row = common(line, "Adjustment", "One-Time", -line.adjustmentMinor());
        row.put("ChargeDescription", line.note());
        row.put("PublisherName", line.role() == StatementLine.Role.BUYER ? line.counterparty()
                : document.organizationCode());
        return row;
    }

    private static void priced(Map<String, String> row, long unitPriceMinor, BigDecimal quantity, String unit,
                               String skuPriceId, String category) {
        row.put("ListUnitPrice", Money.format(unitPriceMinor));
        row.put("ContractedUnitPrice", Money.format(unitPriceMinor));
        row.put("PricingQuantity", quantity.toPlainString());
        row.put("PricingUnit", unit);
        row.put("SkuPriceId", skuPriceId);
        row.put("PricingCategory", category);
    }

    private Map<String, String> common(StatementLine line, String category, String frequency, long costMinor) {
        var row = new LinkedHashMap<String, String>();
        String cost = Money.format(costMinor);
        row.put("BilledCost", cost);
        row.put("EffectiveCost", cost);
        row.put("ListCost", cost);
        row.put("ContractedCost", cost);
        row.put("BillingAccountId", document.organizationCode());
        row.put("BillingAccountName", document.organizationName());
        row.put("BillingCurrency", document.currency());
        row.put("BillingPeriodStart", UTC_SECONDS.format(document.periodStart()));
        row.put("BillingPeriodEnd", UTC_SECONDS.format(document.periodEnd()));
        row.put("ChargeCategory", category);
        row.put("ChargeFrequency", frequency);
        Instrument instrument = instrument(line);
        row.put("ChargePeriodStart", UTC_SECONDS.format(instrument.deliveryStart()));
        row.put("ChargePeriodEnd", UTC_SECONDS.format(instrument.deliveryEnd()));
        row.put("InvoiceIssuerName", platform);
        row.put("ProviderName", platform);
        row.put("RegionId", instrument.region());
        row.put("RegionName", instrument.region());
        resource(row, line);
        row.put("ServiceCategory", SERVICE_CATEGORY);
        row.put("ServiceName", SERVICE_NAME);
        row.put("SkuId", instrument.computeClass());
        if (line.project() != null) {
            row.put("SubAccountId", line.project());
            row.put("SubAccountName", line.project());
        }
        row.put("Tags", tags(line));
        row.put("x_CpxReference", line.reference());
        row.put("x_CpxRole", line.role().name());
        row.put("x_CpxRun", document.run() == null ? "" : document.run().toString());
        return row;
    }

    /** A contract on one node is that node (its CPID); a contract on several is the contract, naming them in Tags. */
    private void resource(Map<String, String> row, StatementLine line) {
        List<String> cpids = nodes.getOrDefault(line.contractId(), List.of());
        if (cpids.size() == 1) {
            row.put("ResourceId", cpids.getFirst());
            row.put("ResourceName", cpids.getFirst());
            row.put("ResourceType", "GPU node");
        } else if (cpids.size() > 1) {
            row.put("ResourceId", "contract:" + line.contractId());
            row.put("ResourceName", "contract " + line.contractId() + " on " + cpids.size() + " nodes");
            row.put("ResourceType", "GPU contract");
        }
    }

    /** A JSON object: the organization's project tag, then the marketplace's own tags under the {@code cpx/} prefix. */
    private String tags(StatementLine line) {
        var tags = new LinkedHashMap<String, String>();
        if (line.project() != null) {
            tags.put("project", line.project());
        }
        tags.put("cpx/contract", Long.toString(line.contractId()));
        tags.put("cpx/instrument", line.instrument());
        List<String> cpids = nodes.getOrDefault(line.contractId(), List.of());
        if (cpids.size() > 1) {
            tags.put("cpx/nodes", String.join(" ", cpids));
        }
        var json = new StringBuilder("{");
        tags.forEach((key, value) -> json.append(json.length() > 1 ? "," : "").append(jsonString(key)).append(':')
                .append(jsonString(value)));
        return json.append('}').toString();
    }

    private static String jsonString(String text) {
        var json = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        return json.append('"').toString();
    }

    /** GPU-seconds as GPU-hours, to six decimals at most (a GPU-second is 0.000278 GPU-hours), trailing zeros cut. */
    static BigDecimal hours(long gpuSeconds) {
        BigDecimal hours = BigDecimal.valueOf(gpuSeconds).divide(BigDecimal.valueOf(3600), 6, RoundingMode.HALF_UP)
                .stripTrailingZeros();
        return hours.scale() < 0 ? hours.setScale(0) : hours;
    }

    /** What an instrument symbol ({@code CLASS.REGION.yyyy-MM-ddTHH}) names: class, region and delivery hour. */
    private record Instrument(String computeClass, String region, Instant deliveryStart, Instant deliveryEnd) {
    }

    /** The line's instrument; a symbol not in the standard form is charged over the whole billing period. */
    private Instrument instrument(StatementLine line) {
        String[] parts = line.instrument() == null ? new String[0] : line.instrument().split("\\.");
        if (parts.length >= 3) {
            try {
                Instant hour = LocalDateTime.parse(parts[parts.length - 1], DELIVERY_HOUR).toInstant(ZoneOffset.UTC);
                return new Instrument(String.join(".", Arrays.copyOfRange(parts, 0, parts.length - 2)),
                        parts[parts.length - 2], hour, hour.plus(1, ChronoUnit.HOURS));
            } catch (DateTimeParseException e) {
                // falls through to the billing period
            }
        }
        return new Instrument(line.instrument(), null, document.periodStart(), document.periodEnd());
    }
}
