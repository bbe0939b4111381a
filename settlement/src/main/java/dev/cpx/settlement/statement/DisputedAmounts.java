package dev.cpx.settlement.statement;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a dispute puts at stake on a contract line: the amount withheld while it is open, and the most its
 * resolution may move. Pure arithmetic, amounts in minor units.
 */
public final class DisputedAmounts {

    private DisputedAmounts() {
    }

    /**
     * The value of the contested GPU-seconds, pro rata of the contract's value over its contracted GPU-seconds
     * (as the SLA credit is), rounded half up, and never more than the line's rated value: the most the line can
     * be wrong by. A dispute on a line with no difference to point at (one side never reported) contests it all.
     */
    public static long withheldMinor(long valueMinor, long ratedValueMinor, long contractedGpuSeconds,
                                     long contestedGpuSeconds) {
        if (valueMinor < 0 || ratedValueMinor < 0 || contractedGpuSeconds <= 0) {
            throw new IllegalArgumentException("a contract line has a value and contracted GPU-seconds: "
                    + valueMinor + ", " + ratedValueMinor + ", " + contractedGpuSeconds);
        }
        long share = BigDecimal.valueOf(valueMinor).multiply(BigDecimal.valueOf(Math.abs(contestedGpuSeconds)))
                .divide(BigDecimal.valueOf(contractedGpuSeconds), 0, RoundingMode.HALF_UP).longValueExact();
        return Math.min(share, ratedValueMinor);
    }

    /**
     * The most an adjustment on a line may move: to the buyer, what the line charged it (the rated value); to the
     * provider, what the line took back from it (the SLA credit). More would correct something the line never
     * held.
     */
    public static long adjustmentLimitMinor(StatementLine.Role to, long ratedValueMinor, long slaCreditMinor) {
        return to == StatementLine.Role.BUYER ? ratedValueMinor : slaCreditMinor;
    }
}
