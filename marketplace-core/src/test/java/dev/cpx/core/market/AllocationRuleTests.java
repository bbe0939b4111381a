package dev.cpx.core.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class AllocationRuleTests {

    @Test
    void exactlyTheQuantityIsAccepted() {
        assertThat(AllocationRule.refusal(16, List.of(), List.of(8L, 8L))).isEmpty();
    }

    @Test
    void theLastNodeMayOvershootByLessThanANode() {
        assertThat(AllocationRule.refusal(5, List.of(), List.of(8L))).isEmpty();
        assertThat(AllocationRule.refusal(12, List.of(), List.of(8L, 8L))).isEmpty();
    }

    @Test
    void aNodeTheContractDoesNotNeedIsRefused() {
        assertThat(AllocationRule.refusal(8, List.of(), List.of(8L, 8L, 8L)))
                .hasValueSatisfying(detail -> assertThat(detail).contains("24 GPUs for the 8", "not needed"));
        assertThat(AllocationRule.refusal(9, List.of(), List.of(8L, 1L, 8L))).isPresent();
    }

    @Test
    void tooFewGpusAreRefused() {
        assertThat(AllocationRule.refusal(12, List.of(), List.of(8L)))
                .hasValueSatisfying(detail -> assertThat(detail).contains("8 GPUs; it needs 12"));
    }

    @Test
    void aContractThatHasItsGpusTakesNoMore() {
        assertThat(AllocationRule.refusal(8, List.of(8L), List.of(8L)))
                .hasValueSatisfying(detail -> assertThat(detail).contains("already has 8 GPUs allocated"));
    }
}
