package dev.cpx.settlement.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cpx.settlement.statement.Adjustment;
import dev.cpx.settlement.statement.RunKind;
import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.settlement.statement.StatementTotals;
import dev.cpx.settlement.statement.Statements;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The documents a statement implies add up to the statement: on random periods, each organization's invoices and
 * credit notes of a FINAL run move exactly its net (and each part of it: compute and fees bought less credits,
 * compute delivered, fees, adjustments), and those of a TRUE_UP run exactly the change of its net. Figures are
 * computed here from the lines, independently of the plan.
 */
class InvoicePlanTests {

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 300);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aFinalRunsDocumentsAddUpToEachStatement(long seed) {
        RandomStatements.Period period = RandomStatements.period(new Random(seed));
        period.lines(period.adjustments()).forEach((organization, lines) -> {
            List<InvoicePlan.Draft> drafts = InvoicePlan.of(RunKind.FINAL, lines, List.of());
            StatementTotals totals = Statements.totals(organization, lines);
            String what = "seed " + seed + ", " + organization;
            assertThat(drafts.stream().mapToLong(InvoicePlan.Draft::signedMinor).sum()).as(what + ": net")
                    .isEqualTo(totals.netMinor());
            long boughtWithFees = lines.stream().filter(l -> l.kind() == StatementLine.Kind.CONTRACT
                    && l.role() == StatementLine.Role.BUYER).mapToLong(l -> l.ratedValueMinor() + l.feeMinor()).sum();
            assertThat(subtotal(drafts, InvoicePurpose.BUYER_COMPUTE, InvoiceKind.INVOICE)
                    - subtotal(drafts, InvoicePurpose.BUYER_SLA_CREDIT, InvoiceKind.CREDIT_NOTE))
                    .as(what + ": compute bought and its fees, less SLA credits").isEqualTo(boughtWithFees);
            assertThat(subtotal(drafts, InvoicePurpose.PROVIDER_SUPPLY, InvoiceKind.INVOICE))
                    .as(what + ": gross receivable").isEqualTo(totals.grossReceivableMinor());
            long providerFees = lines.stream().filter(l -> l.kind() == StatementLine.Kind.CONTRACT
                    && l.role() == StatementLine.Role.PROVIDER).mapToLong(StatementLine::feeMinor).sum();
            assertThat(subtotal(drafts, InvoicePurpose.PROVIDER_FEES, InvoiceKind.INVOICE))
                    .as(what + ": provider fees").isEqualTo(providerFees);
            assertThat(drafts.stream().filter(d -> d.purpose() == InvoicePurpose.BUYER_ADJUSTMENT
                            || d.purpose() == InvoicePurpose.PROVIDER_ADJUSTMENT)
                    .mapToLong(InvoicePlan.Draft::signedMinor).sum())
                    .as(what + ": adjustments").isEqualTo(totals.adjustmentsMinor());
            everyCreditHasItsOriginal(drafts, lines, what);
            linesAreGroupedByInstrumentAndProject(drafts, what);
        });
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void aTrueUpsDocumentsMoveEachStatementByItsChange(long seed) {
        Random random = new Random(seed);
        RandomStatements.Period period = RandomStatements.period(random);
        List<Adjustment> before = period.adjustments().subList(0, random.nextInt(period.adjustments().size() + 1));
        Map<String, List<StatementLine>> previous = period.lines(before);
        Map<String, List<StatementLine>> current = period.lines(period.adjustments());
        current.forEach((organization, lines) -> {
            List<StatementLine> was = previous.getOrDefault(organization, List.of());
            List<InvoicePlan.Draft> drafts = InvoicePlan.of(RunKind.TRUE_UP, lines, was);
            long change = Statements.totals(organization, lines).netMinor()
                    - Statements.totals(organization, was).netMinor();
            assertThat(drafts.stream().mapToLong(InvoicePlan.Draft::signedMinor).sum())
                    .as("seed %d, %s: change of net", seed, organization).isEqualTo(change);
            assertThat(drafts).as("seed %d, %s: only adjustments", seed, organization)
                    .allMatch(d -> d.purpose().original() != null);
        });
    }

    @Test
    void aTrueUpNeverInvoicesAChangedContractLine() {
        RandomStatements.Period period = RandomStatements.period(new Random(3));
        var contract = period.contracts().getFirst();
        StatementLine line = contract.forBuyer();
        StatementLine changed = new StatementLine(line.contractId(), line.kind(), line.instrument(), line.role(),
                line.counterparty(), line.quantity(), line.priceMinor(), line.contractedGpuSeconds(),
                line.providerGpuSeconds(), line.buyerGpuSeconds(), line.deliveredGpuSeconds(), line.valueMinor() + 1,
                line.ratedValueMinor() + 1, line.slaCreditMinor(), line.feeMinor(), 0, line.netMinor() - 1,
                line.coverage(), 0, 0, line.note());
        assertThatThrownBy(() -> InvoicePlan.of(RunKind.TRUE_UP, List.of(changed), List.of(line)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("never changes");
    }

    @Test
    void aPreliminaryRunIsNeverInvoiced() {
        assertThatThrownBy(() -> InvoicePlan.of(RunKind.PRELIMINARY, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long subtotal(List<InvoicePlan.Draft> drafts, InvoicePurpose purpose, InvoiceKind kind) {
        assertThat(drafts.stream().filter(d -> d.purpose() == purpose).count()).as("one %s at most", purpose)
                .isLessThanOrEqualTo(purpose == InvoicePurpose.BUYER_ADJUSTMENT
                        || purpose == InvoicePurpose.PROVIDER_ADJUSTMENT ? 2 : 1);
        return drafts.stream().filter(d -> d.purpose() == purpose && d.kind() == kind)
                .mapToLong(InvoicePlan.Draft::subtotalMinor).sum();
    }

    /** A credit note of SLA credits comes with the compute invoice it credits, in the same run. */
    private static void everyCreditHasItsOriginal(List<InvoicePlan.Draft> drafts, List<StatementLine> lines,
                                                  String what) {
        boolean bought = lines.stream().anyMatch(l -> l.kind() == StatementLine.Kind.CONTRACT
                && l.role() == StatementLine.Role.BUYER && l.valueMinor() + l.feeMinor() > 0);
        for (InvoicePlan.Draft draft : drafts) {
            if (draft.purpose() == InvoicePurpose.BUYER_SLA_CREDIT) {
                assertThat(bought).as(what).isTrue();
                assertThat(drafts.indexOf(draft)).as(what + ": the credited invoice comes first")
                        .isGreaterThan(drafts.indexOf(drafts.stream()
                                .filter(d -> d.purpose() == InvoicePurpose.BUYER_COMPUTE).findFirst().orElseThrow()));
            }
        }
    }

    private static void linesAreGroupedByInstrumentAndProject(List<InvoicePlan.Draft> drafts, String what) {
        for (InvoicePlan.Draft draft : drafts) {
            if (draft.purpose().original() == null || draft.purpose() == InvoicePurpose.BUYER_SLA_CREDIT) {
                var seen = new HashSet<String>();
                draft.lines().forEach(l -> assertThat(seen.add(l.description() + "|" + l.instrument() + "|"
                        + l.project())).as(what + ": one line per instrument and project: " + l).isTrue());
            }
        }
    }
}
