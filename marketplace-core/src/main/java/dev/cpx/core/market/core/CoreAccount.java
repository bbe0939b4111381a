package dev.cpx.core.market.core;

import dev.cpx.core.money.Money;
import dev.cpx.core.problem.ErrorCode;

/**
 * An organization's money as the market sees it: free to spend, held for open bids, its credit limit, and its
 * spend limits with what it spent on the current UTC day. Spend is what bought GPU-hours cost, fees included; an
 * order may cost at most its hold, so a bid is allowed only while the day's spend, every open bid's hold and its own
 * hold stay within the day's limit: whatever fills, today's spend never passes it.
 */
final class CoreAccount {

    private static final long MILLIS_PER_DAY = 86_400_000L;

    final long organizationId;
    long availableMinor;
    long heldMinor;
    long creditLimitMinor;
    /** Null: no limit. */
    Long perOrderLimitMinor;
    Long perDayLimitMinor;
    private long spentMinor;
    private long spentDay;

    CoreAccount(long organizationId, long availableMinor, long heldMinor, long creditLimitMinor) {
        this.organizationId = organizationId;
        this.availableMinor = availableMinor;
        this.heldMinor = heldMinor;
        this.creditLimitMinor = creditLimitMinor;
    }

    boolean canReserve(long amountMinor) {
        return availableMinor - amountMinor >= -creditLimitMinor;
    }

    /** What was spent on the UTC day of {@code nowMillis}. */
    long spentOn(long nowMillis) {
        return spentDay == Math.floorDiv(nowMillis, MILLIS_PER_DAY) ? spentMinor : 0;
    }

    void spend(long amountMinor, long nowMillis) {
        long day = Math.floorDiv(nowMillis, MILLIS_PER_DAY);
        spentMinor = spentDay == day ? spentMinor + amountMinor : amountMinor;
        spentDay = day;
    }

    /**
     * Null, or why an order that may cost {@code orderCostMinor} in all and needs {@code newHoldMinor} more held
     * passes a spend limit.
     */
    CoreResult.Refused spendRefusal(long orderCostMinor, long newHoldMinor, long nowMillis) {
        if (perOrderLimitMinor != null && orderCostMinor > perOrderLimitMinor) {
            return new CoreResult.Refused(ErrorCode.SPEND_LIMIT, "this order may cost up to "
                    + Money.format(orderCostMinor) + " with fees, over the limit of " + Money.format(perOrderLimitMinor)
                    + " per order; lower its price or quantity, or raise the limit");
        }
        long committed = spentOn(nowMillis) + heldMinor + newHoldMinor;
        if (perDayLimitMinor != null && committed > perDayLimitMinor) {
            return new CoreResult.Refused(ErrorCode.SPEND_LIMIT, "spent today " + Money.format(spentOn(nowMillis))
                    + ", held for open bids " + Money.format(heldMinor) + ", and this order up to "
                    + Money.format(newHoldMinor) + " make " + Money.format(committed) + ", over the daily limit of "
                    + Money.format(perDayLimitMinor) + "; cancel open bids, wait for tomorrow (UTC) or raise the limit");
        }
        return null;
    }

    long limitsHash() {
        return 31 * (perOrderLimitMinor == null ? -1 : perOrderLimitMinor)
                + (perDayLimitMinor == null ? -1 : perDayLimitMinor);
    }
}
