package dev.cpx.web.portal.market;

import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/** Amounts for reading on a page: minor units as 1,000,000.00 (the API keeps plain decimal strings). */
final class Amounts {

    private Amounts() {
    }

    static String grouped(long minor) {
        var format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
        return format.format(BigDecimal.valueOf(minor, 2));
    }
}
