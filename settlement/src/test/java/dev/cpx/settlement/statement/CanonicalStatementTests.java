package dev.cpx.settlement.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cpx.settlement.rating.Coverage;
import dev.cpx.settlement.statement.StatementLine.Kind;
import dev.cpx.settlement.statement.StatementLine.Role;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CanonicalStatementTests {

    static final CanonicalStatement.Header HEADER = new CanonicalStatement.Header(42,
            Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T00:00:00Z"), 2, "ACME", "USD");

    static StatementLine contract(long id, Role role, String project, String note) {
        long value = 40_000;
        long credit = 1_000;
        long fee = role == Role.BUYER ? 200 : 195;
        long net = role == Role.BUYER ? -(value - credit) - fee : value - credit - fee;
        return new StatementLine(id, Kind.CONTRACT, "H100-SXM-80G.CN-EAST.2026-11-01T05", role, "SHCC", 8, 200,
                230_400, 230_400, 224_640, 224_640, value, value - credit, credit, fee, 0, net, Coverage.BOTH, 0, 1,
                note, project, 0);
    }

    static StatementLine adjustment(long contractId, long disputeId, long amount) {
        return new StatementLine(contractId, Kind.ADJUSTMENT, "H100-SXM-80G.CN-EAST.2026-11-01T05", Role.BUYER,
                "SHCC", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, amount, amount, null, 0, 0, "adjustment on dispute " + disputeId,
                null, disputeId);
    }

    @Test
    void theCanonicalTextIsExactlyAsDocumented() {
        List<StatementLine> lines = List.of(adjustment(7, 3, 1_234), contract(7, Role.BUYER, "train-1",
                "prepaid at trade: 402.00, 10.00 back as SLA credit; 1 node-hour where the sides differ"));
        String text = CanonicalStatement.write(HEADER, Statements.totals("ACME", lines), lines);
        assertThat(text).isEqualTo("""
                format,cpx-statement-canonical/1
                period_id,42
                period_start,2026-11-01T00:00:00Z
                period_end,2026-12-01T00:00:00Z
                run,2
                organization,ACME
                currency,USD
                gross_payable,390.00
                gross_receivable,0.00
                sla_credits,10.00
                fees,2.00
                adjustments,12.34
                net,-379.66
                prepaid,402.00
                paid_at_close,10.00
                reference,contract_id,kind,role,instrument,project,counterparty,quantity,price_per_gpu_hour,\
                contracted_gpu_seconds,provider_gpu_seconds,buyer_gpu_seconds,delivered_gpu_seconds,value,rated_value,\
                sla_credit,fee,adjustment,net,coverage,one_sided_gpu_seconds,differences,note
                contract:7,7,CONTRACT,BUYER,H100-SXM-80G.CN-EAST.2026-11-01T05,train-1,SHCC,8,2.00,230400,230400,\
                224640,224640,400.00,390.00,10.00,2.00,0.00,-392.00,BOTH,0,1,"prepaid at trade: 402.00, 10.00 back as \
                SLA credit; 1 node-hour where the sides differ"
                dispute:3,7,ADJUSTMENT,BUYER,H100-SXM-80G.CN-EAST.2026-11-01T05,,SHCC,0,0.00,0,0,0,0,0.00,0.00,0.00,\
                0.00,12.34,12.34,,0,0,adjustment on dispute 3
                """);
    }

    @Test
    void theContentHashIsTheSha256OfTheTextsUtf8Bytes() throws Exception {
        List<StatementLine> lines = List.of(contract(1, Role.BUYER, "深度学习", "note"));
        String text = CanonicalStatement.write(HEADER, Statements.totals("ACME", lines), lines);
        String sha256sum = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(StandardCharsets.UTF_8)));
        assertThat(CanonicalStatement.hash(text)).isEqualTo(sha256sum).matches("[0-9a-f]{64}");
    }

    @Test
    void readingAndWritingAgainGivesTheSameTextAndLinesForAnyOrderOfLines() {
        var random = new Random(9);
        for (int seed = 0; seed < 200; seed++) {
            var lines = new ArrayList<StatementLine>();
            for (int i = 0; i < 1 + random.nextInt(20); i++) {
                Role role = random.nextBoolean() ? Role.BUYER : Role.PROVIDER;
                String[] texts = {null, "", "a,b", "say \"hi\"", "two\nlines", "=SUM(A1)", "東京"};
                lines.add(contract(100 + i, role, texts[random.nextInt(texts.length)],
                        texts[1 + random.nextInt(texts.length - 1)]));
                if (random.nextInt(4) == 0) {
                    lines.add(adjustment(100 + i, 1_000 + i, random.nextInt(10_000) - 5_000));
                }
            }
            StatementTotals totals = Statements.totals("ACME", lines);
            String text = CanonicalStatement.write(HEADER, totals, lines);
            Collections.shuffle(lines, random);
            assertThat(CanonicalStatement.write(HEADER, totals, lines)).isEqualTo(text);
            CanonicalStatement.Parsed parsed = CanonicalStatement.read(text);
            assertThat(parsed.header()).isEqualTo(HEADER);
            assertThat(parsed.totals()).isEqualTo(totals);
            assertThat(CanonicalStatement.write(parsed.header(), parsed.totals(), parsed.lines())).isEqualTo(text);
            assertThat(RunDiff.sameLines(lines, parsed.lines())).isTrue();
        }
    }

    @Test
    void aTextNotInCanonicalFormIsRefused() {
        List<StatementLine> lines = List.of(contract(1, Role.BUYER, null, "n"), contract(2, Role.BUYER, null, "n"));
        String text = CanonicalStatement.write(HEADER, Statements.totals("ACME", lines), lines);
        String[] rows = text.split("\n");
        String swapped = String.join("\n", List.of(rows).subList(0, rows.length - 2)) + "\n" + rows[rows.length - 1]
                + "\n" + rows[rows.length - 2] + "\n";
        assertThatThrownBy(() -> CanonicalStatement.read(swapped)).hasMessageContaining("not in canonical form");
        assertThatThrownBy(() -> CanonicalStatement.read(text.replace("\n", "\r\n")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalStatement.read(text.replace(",2.00,", ",2.0,")))
                .hasMessageContaining("not in canonical form");
        assertThatThrownBy(() -> CanonicalStatement.read(text.replace("run,2", "run,0")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
