package dev.cpx.settlement.statement.report;

import dev.cpx.settlement.statement.StatementDocument;
import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.settlement.statement.StatementLine.Role;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.cpx.settlement.statement.report.ReportAssertions.assertStatementTable;
import static org.assertj.core.api.Assertions.assertThat;

class StatementCsvReportTests {

    private final StatementReports reports = new StatementReports();

    @Test
    void everyLineAndTheTotalsReadBackToTheCent() throws Exception {
        StatementDocument document = ReportFixtures.statement(300, 7);

        ParsedReport parsed = ParsedReport.csv(reports.csv(document), "contract_id");

        assertThat(parsed.header()).containsExactly("contract_id", "kind", "instrument", "role", "counterparty",
                "quantity", "price_per_gpu_hour", "contracted_gpu_seconds", "provider_gpu_seconds", "buyer_gpu_seconds",
                "delivered_gpu_seconds", "value", "rated_value", "sla_credit", "fee", "adjustment", "net", "coverage",
                "one_sided_gpu_seconds", "differences", "note", "gross_payable", "gross_receivable", "prepaid",
                "paid_at_close");
        assertStatementTable(parsed, document);
    }

    @Test
    void metadataRowsComeFirstAndReadBackExactly() throws Exception {
        ParsedReport parsed = ParsedReport.csv(reports.csv(ReportFixtures.statement(3, 1)), "contract_id");

        assertThat(parsed.metadata()).containsExactly(
                entry("report", "statement"), entry("figures", "FINAL"), entry("organization_code", "ACME"),
                entry("organization_name", ReportFixtures.TRICKY_NAME), entry("period_id", "42"),
                entry("period_start", "2026-11-01T00:00:00Z"), entry("period_end", "2026-11-08T00:00:00Z"),
                entry("period_status", "CLOSED"), entry("currency", "USD"),
                entry("content_hash", ReportFixtures.HASH), entry("generated_at", "2026-11-08T01:02:03.456Z"));
    }

    @Test
    void aStatementOfARunNamesTheRunAfterThePeriodsStatus() throws Exception {
        StatementDocument d = ReportFixtures.statement(3, 1);
        StatementDocument ofRun = new StatementDocument(d.periodId(), d.periodStart(), d.periodEnd(),
                d.periodStatus(), d.organizationCode(), d.organizationName(), d.currency(), d.lines(), d.totals(),
                d.contentHash(), d.generatedAt(), 3, "TRUE_UP");

        ParsedReport parsed = ParsedReport.csv(reports.csv(ofRun), "contract_id");

        assertThat(List.copyOf(parsed.metadata().keySet())).containsSubsequence("period_status", "run", "run_kind",
                "currency");
        assertThat(parsed.metadata()).containsEntry("run", "3").containsEntry("run_kind", "TRUE_UP");
    }

    @Test
    void commasQuotesLineBreaksAndChineseSurviveExactly() throws Exception {
        StatementDocument document = ReportFixtures.statement("ACME", "\"Big\" Compute,\nLtd 上海", List.of(
                line(1, "上海算力中心, Inc."), line(2, "say \"hi\", then\r\nleave"), line(3, "Ωmega 🚀")));

        byte[] csv = reports.csv(document);
        ParsedReport parsed = ParsedReport.csv(csv, "contract_id");

        assertThat(parsed.metadata()).containsEntry("organization_name", "\"Big\" Compute,\nLtd 上海");
        assertThat(parsed.rows()).extracting(row -> parsed.cell(row, "counterparty"))
                .containsExactly("上海算力中心, Inc.", "say \"hi\", then\r\nleave", "Ωmega 🚀");
        assertThat(new String(csv, StandardCharsets.UTF_8)).contains("上海算力中心").doesNotStartWith("\uFEFF");
    }

    @Test
    void textThatASpreadsheetWouldRunAsAFormulaGetsAnApostrophe() throws Exception {
        StatementDocument document = ReportFixtures.statement("ACME", "=cmd|' /C calc'!A0",
                List.of(line(1, "=HYPERLINK(\"http://x\")"), line(2, "@SUM(A1)"), line(3, "+1"), line(4, "-1")));

        ParsedReport parsed = ParsedReport.csv(reports.csv(document), "contract_id");

        assertThat(parsed.metadata()).containsEntry("organization_name", "'=cmd|' /C calc'!A0");
        assertThat(parsed.rows()).extracting(row -> parsed.cell(row, "counterparty"))
                .containsExactly("'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "'+1", "'-1");
        assertThat(parsed.rows()).extracting(row -> parsed.cell(row, "net")).allMatch(net -> net.startsWith("-"));
    }

    @Test
    void anEmptyStatementHasTheHeaderAndAZeroTotalRow() throws Exception {
        StatementDocument document = ReportFixtures.statement("ACME", "Acme", List.of());

        ParsedReport parsed = ParsedReport.csv(reports.csv(document), "contract_id");

        assertThat(parsed.rows()).isEmpty();
        assertStatementTable(parsed, document);
        assertThat(parsed.cell(parsed.totalRow(), "net")).isEqualTo("0.00");
    }

    @Test
    void fiveThousandLinesRenderAndReadBack() throws Exception {
        StatementDocument document = ReportFixtures.statement(5_000, 5_000);

        assertStatementTable(ParsedReport.csv(reports.csv(document), "contract_id"), document);
    }

    static StatementLine line(long contractId, String counterparty) {
        return new StatementLine(contractId, StatementLine.Kind.CONTRACT, "H100-SXM-80G.CN-EAST.2026-11-01T05",
                Role.BUYER, counterparty, 2, 250_00, 7_200, 7_200, 7_200, 7_200, 1_000_00, 1_000_00, 0, 5_00, 0,
                -1_005_00, dev.cpx.settlement.rating.Coverage.BOTH, 0, 0, "prepaid at trade: 1005.00");
    }

    private static java.util.Map.Entry<String, String> entry(String key, String value) {
        return java.util.Map.entry(key, value);
    }
}
