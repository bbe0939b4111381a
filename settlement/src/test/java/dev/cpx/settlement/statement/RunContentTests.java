package dev.cpx.settlement.statement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.settlement.rating.Coverage;
import dev.cpx.settlement.statement.StatementLine.Kind;
import dev.cpx.settlement.statement.StatementLine.Role;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunContentTests {

    private static final RunContent.Period PERIOD = new RunContent.Period(42, Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-11-02T00:00:00Z"), "USD");

    /** ACME bought 400.00 from SHCC, 10.00 came back as SLA credit; dispute 3 then refunded ACME 12.34. */
    private static Map<String, List<StatementLine>> lines(boolean withAdjustment) {
        var buyer = new StatementLine(7, Kind.CONTRACT, "H100.CN-EAST.2026-11-01T05", Role.BUYER, "SHCC", 8, 200,
                230_400, 230_400, 224_640, 224_640, 40_000, 39_000, 1_000, 200, 0, -39_200, Coverage.BOTH, 0, 1, "n",
                null, 0);
        var provider = new StatementLine(7, Kind.CONTRACT, "H100.CN-EAST.2026-11-01T05", Role.PROVIDER, "ACME", 8,
                200, 230_400, 230_400, 224_640, 224_640, 40_000, 39_000, 1_000, 195, 0, 38_805, Coverage.BOTH, 0, 1,
                "n", null, 0);
        if (!withAdjustment) {
            return Map.of("ACME", List.of(buyer), "SHCC", List.of(provider));
        }
        var refund = new StatementLine(7, Kind.ADJUSTMENT, "H100.CN-EAST.2026-11-01T05", Role.BUYER, "SHCC", 0, 0, 0,
                0, 0, 0, 0, 0, 0, 0, 1_234, 1_234, null, 0, 0, "a", null, 3);
        var charge = new StatementLine(7, Kind.ADJUSTMENT, "H100.CN-EAST.2026-11-01T05", Role.PROVIDER, "ACME", 0, 0,
                0, 0, 0, 0, 0, 0, 0, 0, -1_234, -1_234, null, 0, 0, "a", null, 3);
        return Map.of("ACME", List.of(buyer, refund), "SHCC", List.of(provider, charge));
    }

    @Test
    void theNettingOfARunIsItsStatementsNetsWrittenCanonically() {
        RunContent run = RunContent.of(PERIOD, 3, RunKind.TRUE_UP, lines(true), "CPX");

        assertThat(run.netting()).isEqualTo("""
                format,cpx-netting-canonical/1
                period_id,42
                run,3
                currency,USD
                record,from,to,amount
                gross,ACME,CPX,2.00
                gross,ACME,SHCC,390.00
                gross,SHCC,ACME,12.34
                gross,SHCC,CPX,1.95
                net,ACME,,-379.66
                net,CPX,,3.95
                net,SHCC,,375.71
                payment,ACME,CLEARING,379.66
                payment,CLEARING,CPX,3.95
                payment,CLEARING,SHCC,375.71
                """);
        assertThat(run.nettingHash()).isEqualTo(Statements.sha256(run.netting()));
        run.statements().forEach((organization, statement) ->
                assertThat(run.netting()).contains("net," + organization + ",,"
                        + dev.cpx.core.money.Money.format(statement.totals().netMinor()) + "\n"));
    }

    @Test
    void theRunHashCoversEveryStatementAndTheNettingAndNothingElse() {
        RunContent once = RunContent.of(PERIOD, 3, RunKind.TRUE_UP, lines(true), "CPX");
        RunContent again = RunContent.of(PERIOD, 3, RunKind.TRUE_UP, lines(true), "CPX");
        RunContent withoutRefund = RunContent.of(PERIOD, 3, RunKind.TRUE_UP, lines(false), "CPX");

        assertThat(again.contentHash()).isEqualTo(once.contentHash());
        assertThat(withoutRefund.contentHash()).isNotEqualTo(once.contentHash());
        assertThat(once.contentHash()).isEqualTo(Statements.sha256("format,cpx-run/1\nperiod_id,42\nrun,3\n"
                + "kind,TRUE_UP\nstatement,ACME," + once.statements().get("ACME").contentHash() + "\nstatement,SHCC,"
                + once.statements().get("SHCC").contentHash() + "\nnetting," + once.nettingHash() + "\n"));
        assertThat(once.statements().get("ACME").contentHash())
                .isEqualTo(CanonicalStatement.hash(once.statements().get("ACME").canonical()));
    }
}
