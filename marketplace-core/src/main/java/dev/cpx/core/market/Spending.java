package dev.cpx.core.market;

/**
 * A buyer's spend limits (null: none) and what it spent on the current UTC day, fees included, as committed: the
 * market refuses a bid that could take today's spend past the daily limit or that may cost more than the per-order
 * limit.
 */
public record Spending(Long perOrderLimitMinor, Long perDayLimitMinor, long spentTodayMinor) {
}
