package dev.cpx.web.portal.finance;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Settlement figures for reading on a page: amounts grouped with two decimals, GPU-seconds as GPU-hours, shares
 * as percentages. Templates call it as {@code ${fig.amount(...)}}; the API keeps plain decimal strings.
 */
public final class FinanceFigures {

    static final FinanceFigures INSTANCE = new FinanceFigures();
    private static final long SECONDS_PER_HOUR = 3600;

    private FinanceFigures() {
    }

    /** Minor units as 1,234,567.89. */
    public String amount(long minor) {
        return new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT))
                .format(BigDecimal.valueOf(minor, 2));
    }

    /** GPU-seconds as GPU-hours with one decimal, grouped. */
    public String gpuHours(long gpuSeconds) {
        return new DecimalFormat("#,##0.0", DecimalFormatSymbols.getInstance(Locale.ROOT))
                .format(BigDecimal.valueOf(gpuSeconds).divide(BigDecimal.valueOf(SECONDS_PER_HOUR), 1,
                        RoundingMode.HALF_UP));
    }

    /** {@code part / whole} as a percentage with one decimal, or null when the whole is zero. */
    public String percent(long part, long whole) {
        if (whole == 0) {
            return null;
        }
        return percent(BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), 6, RoundingMode.HALF_UP));
    }

    /** A share between 0 and 1 as a percentage with one decimal, or null. */
    public String percent(BigDecimal share) {
        return share == null ? null
                : share.movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString();
    }

    /** A utilization between 0 and 1 as a whole percentage, or null. */
    public String utilization(BigDecimal share) {
        return share == null ? null : share.movePointRight(2).setScale(0, RoundingMode.HALF_UP).toPlainString();
    }

    /** The first 12 characters of a content hash, for tables; the full hash goes in a title. */
    public String shortHash(String hash) {
        return hash == null ? null : hash.length() <= 12 ? hash : hash.substring(0, 12);
    }

    /** Minor units signed for a net position: the sign class of a positive or negative amount. */
    public String sign(long minor) {
        return minor > 0 ? "pos" : minor < 0 ? "neg" : "";
    }
}
