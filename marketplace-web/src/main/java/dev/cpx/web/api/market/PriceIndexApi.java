package dev.cpx.web.api.market;

import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.market.PriceIndex;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The public price index per compute class, region and UTC day (docs/price-index.md). */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "Market data")
@PermitAll
class PriceIndexApi {

    /** Days one request may span. */
    static final int MAX_DAYS = 92;
    static final int DEFAULT_DAYS = 14;

    private final MarketQueries queries;
    private final Clock clock;

    PriceIndexApi(MarketQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    record IndexPoint(String computeClass, String region, String date, String price, String pricePerScuHour,
                      long volumeGpuHours, int trades, String carriedFrom, String methodology) {

        static IndexPoint of(MarketQueries.PriceIndexRow row) {
            PriceIndex.Point p = row.point();
            return new IndexPoint(row.computeClass(), row.region(), p.date().toString(),
                    p.priceTicks() == null ? null : Money.format(p.priceTicks()),
                    p.pricePerScuHour() == null ? null : p.pricePerScuHour().toPlainString(), p.volumeGpuHours(),
                    p.trades(), p.carriedFrom() == null ? null : p.carriedFrom().toString(), PriceIndex.METHODOLOGY);
        }
    }

    @GetMapping("/price-index")
    @Operation(summary = "Price per GPU-hour per class, region and UTC day from executed trades (volume-weighted, "
            + "10% trimmed at each end); a day without trades carries the last value for 7 days and names its date "
            + "(carriedFrom); from/to are dates, at most 92 days, by default the last 14")
    List<IndexPoint> priceIndex(@RequestParam(required = false) String computeClass,
                                @RequestParam(required = false) String region,
                                @RequestParam(required = false) String from,
                                @RequestParam(required = false) String to) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate last = date("to", to, today);
        LocalDate first = date("from", from, last.minusDays(DEFAULT_DAYS - 1));
        if (first.isAfter(last) || ChronoUnit.DAYS.between(first, last) >= MAX_DAYS) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "from must be on or before to, at most " + MAX_DAYS
                    + " days apart", List.of(new FieldError("from", "at most " + MAX_DAYS + " days before to")));
        }
        return queries.priceIndex(blankToNull(computeClass), blankToNull(region), first, last).stream()
                .map(IndexPoint::of).toList();
    }

    private static LocalDate date(String field, String text, LocalDate otherwise) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            if (text.length() != 10) {
                throw new DateTimeParseException("not a date", text, 0);
            }
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, field + " must be a date such as 2026-12-01",
                    List.of(new FieldError(field, "a date such as 2026-12-01")));
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
