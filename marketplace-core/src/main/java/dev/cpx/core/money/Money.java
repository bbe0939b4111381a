package dev.cpx.core.money;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Amounts and prices travel as {@code long} hundredths of the settlement currency: amounts in minor units
 * (cents), prices in ticks of 0.01 per GPU-hour. This class converts them to and from the decimal strings of
 * the API and holds the one rounding rule of the platform ({@link #percentOf}).
 */
public final class Money {

    /** Largest amount or price accepted from outside: 10^13 minor units, far below overflow in products. */
    public static final long MAX_MINOR = 10_000_000_000_000L;

    private Money() {
    }

    /** An amount that could not be read; {@link #offTick()} when it only had too many decimals. */
    public static final class InvalidAmountException extends IllegalArgumentException {

        private final boolean offTick;

        InvalidAmountException(String message, boolean offTick) {
            super(message);
            this.offTick = offTick;
        }

        public boolean offTick() {
            return offTick;
        }
    }

    /** Parses "2.50" to 250; refuses more than two decimals, signs and values above {@link #MAX_MINOR}. */
    public static long parseMinor(String decimal) {
        if (decimal == null || decimal.isBlank()) {
            throw new InvalidAmountException("is required", false);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(decimal.strip());
        } catch (NumberFormatException e) {
            throw new InvalidAmountException("\"" + decimal + "\" is not a decimal number", false);
        }
        if (value.scale() > 2 && value.stripTrailingZeros().scale() > 2) {
            throw new InvalidAmountException(decimal + " has more than 2 decimals (tick 0.01)", true);
        }
        if (value.signum() < 0) {
            throw new InvalidAmountException(decimal + " is negative", false);
        }
        BigDecimal minor = value.movePointRight(2).setScale(0, RoundingMode.UNNECESSARY);
        if (minor.compareTo(BigDecimal.valueOf(MAX_MINOR)) > 0) {
            throw new InvalidAmountException(decimal + " is above the largest accepted amount", false);
        }
        return minor.longValueExact();
    }

    /** 250 to "2.50". */
    public static String format(long minor) {
        return BigDecimal.valueOf(minor, 2).toPlainString();
    }

    /** Formats an average of {@code totalTicks / quantity} to the tick, rounded half up. */
    public static String formatAverage(long totalTicks, long quantity) {
        if (quantity == 0) {
            return null;
        }
        return BigDecimal.valueOf(totalTicks).divide(BigDecimal.valueOf(quantity), 0, RoundingMode.HALF_UP)
                .movePointLeft(2).setScale(2, RoundingMode.UNNECESSARY).toPlainString();
    }

    /**
     * The platform's rounding rule, used for every fee: {@code amount x basisPoints / 10,000} rounded half up
     * to the minor unit.
     */
    public static long percentOf(long amountMinor, int basisPoints) {
        return BigDecimal.valueOf(amountMinor).multiply(BigDecimal.valueOf(basisPoints))
                .divide(BigDecimal.valueOf(10_000), 0, RoundingMode.HALF_UP).longValueExact();
    }
}
