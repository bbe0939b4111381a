package dev.cpx.core.money;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.regex.Pattern;

/**
 * Amounts and prices travel as {@code long} hundredths of the settlement currency: amounts in minor units
 * (cents), prices in ticks of 0.01 per GPU-hour. This class converts them to and from the decimal strings of
 * the API and holds the one rounding rule of the platform ({@link #percentOf}).
 */
public final class Money {

    /** Largest amount or price accepted from outside: 10^13 minor units, far below overflow in products. */
    public static final long MAX_MINOR = 10_000_000_000_000L;

    /** Longest text read as an amount: 13 digits, a point and 2 decimals, with room for trailing zeros. */
    private static final int MAX_TEXT_CHARS = 32;
    /** Characters of a refused input quoted back in a message. */
    public static final int QUOTED_CHARS = 20;
    private static final Pattern DECIMAL = Pattern.compile("[0-9]{1,13}(\\.[0-9]{1,2})?");
    /** Digits past the tick: refused as off-tick unless they are zeros ("2.500" is 2.50). */
    private static final Pattern MORE_DECIMALS = Pattern.compile("[0-9]{1,13}\\.[0-9]{3,}");

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

    /**
     * Parses "2.50" to 250: ASCII digits, at most 13 before the point and 2 after it, nothing else (no sign,
     * exponent, grouping or other scripts' digits). The text is checked by a pattern before any arithmetic, so
     * a million-digit or {@code 1E+2147483647} input costs no more than a short one. Messages quote at most
     * {@link #QUOTED_CHARS} characters of it.
     */
    public static long parseMinor(String decimal) {
        if (decimal == null || decimal.isBlank()) {
            throw new InvalidAmountException("is required", false);
        }
        String text = decimal.strip();
        if (text.length() > MAX_TEXT_CHARS) {
            throw new InvalidAmountException("is too long: at most " + MAX_TEXT_CHARS + " characters such as 2.50",
                    false);
        }
        if (DECIMAL.matcher(text).matches()) {
            return minorOf(text);
        }
        if (MORE_DECIMALS.matcher(text).matches()) {
            int cut = text.indexOf('.') + 3;
            if (text.substring(cut).chars().allMatch(c -> c == '0')) {
                return minorOf(text.substring(0, cut));
            }
            throw new InvalidAmountException(quote(text) + " has more than 2 decimals (tick 0.01)", true);
        }
        if (text.startsWith("-") && DECIMAL.matcher(text.substring(1)).matches()) {
            throw new InvalidAmountException(quote(text) + " is negative", false);
        }
        throw new InvalidAmountException(quote(text) + " is not a decimal number such as 2.50", false);
    }

    private static long minorOf(String text) {
        int point = text.indexOf('.');
        String whole = point < 0 ? text : text.substring(0, point);
        String fraction = point < 0 ? "" : text.substring(point + 1);
        long minor = Long.parseLong(whole) * 100 + (fraction.isEmpty() ? 0
                : Long.parseLong(fraction.length() == 1 ? fraction + "0" : fraction));
        if (minor > MAX_MINOR) {
            throw new InvalidAmountException(quote(text) + " is above the largest accepted amount, "
                    + format(MAX_MINOR), false);
        }
        return minor;
    }

    /** A short, printable-ASCII-only rendering of refused input for messages. */
    public static String quote(String text) {
        var quoted = new StringBuilder("\"");
        text.codePoints().limit(QUOTED_CHARS)
                .forEach(c -> quoted.append(c >= 0x20 && c < 0x7f && c != '"' ? (char) c : '?'));
        if (text.codePointCount(0, text.length()) > QUOTED_CHARS) {
            quoted.append("...");
        }
        return quoted.append('"').toString();
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
