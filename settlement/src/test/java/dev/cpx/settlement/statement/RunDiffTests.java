package dev.cpx.settlement.statement;

import static dev.cpx.settlement.statement.CanonicalStatementTests.adjustment;
import static dev.cpx.settlement.statement.CanonicalStatementTests.contract;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.settlement.statement.StatementLine.Role;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunDiffTests {

    @Test
    void aTrueUpShowsOnlyTheAdjustmentItAdded() {
        var finalRun = List.of(contract(7, Role.BUYER, "p", "n"), contract(8, Role.BUYER, null, "n"));
        var trueUp = List.of(contract(8, Role.BUYER, null, "n"), adjustment(7, 3, 1_234), contract(7, Role.BUYER,
                "p", "n"));
        List<RunDiff.LineChange> changes = RunDiff.between("ACME", finalRun, trueUp);
        assertThat(changes).hasSize(1);
        RunDiff.LineChange added = changes.getFirst();
        assertThat(added.reference()).isEqualTo("dispute:3");
        assertThat(added.change()).isEqualTo(RunDiff.Change.ADDED);
        assertThat(added.netBeforeMinor()).isZero();
        assertThat(added.netAfterMinor()).isEqualTo(1_234);
        assertThat(added.differenceMinor()).isEqualTo(1_234);
        assertThat(added.before()).isNull();
    }

    @Test
    void aChangedLineShowsBothNetsAndARemovedLineItsLastNet() {
        var before = List.of(contract(7, Role.BUYER, null, "n"), adjustment(7, 3, 500), contract(9, Role.PROVIDER,
                null, "n"));
        var after = List.of(contract(7, Role.BUYER, null, "other note"), contract(9, Role.PROVIDER, null, "n"));
        List<RunDiff.LineChange> changes = RunDiff.between("ACME", before, after);
        assertThat(changes).extracting(RunDiff.LineChange::reference, RunDiff.LineChange::change,
                        RunDiff.LineChange::differenceMinor)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("contract:7", RunDiff.Change.CHANGED, 0L),
                        org.assertj.core.groups.Tuple.tuple("dispute:3", RunDiff.Change.REMOVED, -500L));
    }

    @Test
    void theSameLinesInAnotherOrderOrWithEmptyInsteadOfAbsentTextAreNoChange() {
        var lines = List.of(contract(7, Role.BUYER, "", "n"), contract(7, Role.PROVIDER, null, "n"));
        assertThat(RunDiff.sameLines(lines, List.of(lines.get(1), contract(7, Role.BUYER, null, "n")))).isTrue();
        assertThat(RunDiff.between("ACME", lines, lines)).isEmpty();
    }

    @Test
    void theWithheldAmountIsTheContestedShareCappedAtTheRatedValue() {
        // 8 GPUs x 24 h at 2.00: 384.00 for 691,200 GPU-s; 14,400 contested are 8.00.
        assertThat(DisputedAmounts.withheldMinor(38_400, 38_000, 691_200, -14_400)).isEqualTo(800);
        assertThat(DisputedAmounts.withheldMinor(38_400, 38_000, 691_200, 691_200)).isEqualTo(38_000);
        assertThat(DisputedAmounts.withheldMinor(100, 100, 3, 1)).isEqualTo(33);
        assertThat(DisputedAmounts.withheldMinor(100, 100, 2, 1)).isEqualTo(50);
        assertThat(DisputedAmounts.adjustmentLimitMinor(Role.BUYER, 38_000, 400)).isEqualTo(38_000);
        assertThat(DisputedAmounts.adjustmentLimitMinor(Role.PROVIDER, 38_000, 400)).isEqualTo(400);
    }
}
