package dev.cpx.web.portal.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.market.MarketQueries.AskTotal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The grid as a pure function of the instruments and their ask totals. */
class AvailabilityGridTests {

    private static final LocalDate DAY = LocalDate.of(2026, 12, 8);

    @Test
    void cellsCarryTheirHoursAsksAndAShadeByShareOfTheLargestOffer() {
        var closed = hour(1, 0, 0, InstrumentStatus.CLOSED);
        var open = hour(2, 1, 0, InstrumentStatus.OPEN);
        var most = hour(3, 1, 1, InstrumentStatus.OPEN);
        var none = hour(4, 1, 2, InstrumentStatus.OPEN);
        var daily = new InstrumentView(5, "X.Y.2026-12-09", "X", "Y", start(1, 0), start(2, 0), start(0, 23),
                InstrumentStatus.OPEN);

        var grid = AvailabilityGrid.of(DAY, 2, List.of(closed, open, most, none, daily), Map.of(
                1L, new AskTotal(9, 150, 1), 2L, new AskTotal(3, 210, 2), 3L, new AskTotal(12, 199, 4),
                5L, new AskTotal(40, 100, 1)));

        assertThat(grid.days()).extracting(AvailabilityGrid.Day::day).containsExactly(DAY, DAY.plusDays(1));
        var first = grid.days().getFirst().cells();
        assertThat(first).hasSize(24);
        assertThat(first.get(0)).isEqualTo(new AvailabilityGrid.Cell(0, "X.Y.2026-12-08T00", InstrumentStatus.CLOSED,
                0, null, 0, 0));
        assertThat(first.get(1)).isEqualTo(new AvailabilityGrid.Cell(1, null, null, 0, null, 0, 0));
        var second = grid.days().get(1).cells();
        assertThat(second.get(0)).isEqualTo(new AvailabilityGrid.Cell(0, "X.Y.2026-12-09T00", InstrumentStatus.OPEN,
                3, "2.10", 2, 1));
        assertThat(second.get(1)).isEqualTo(new AvailabilityGrid.Cell(1, "X.Y.2026-12-09T01", InstrumentStatus.OPEN,
                12, "1.99", 4, 4));
        assertThat(second.get(2)).isEqualTo(new AvailabilityGrid.Cell(2, "X.Y.2026-12-09T02", InstrumentStatus.OPEN,
                0, null, 0, 0));
        // The closed hour's 9 and the daily instrument's 40 are neither shown nor counted.
        assertThat(grid.maxOffered()).isEqualTo(12);
        assertThat(grid.offeredGpuHours()).isEqualTo(15);
        assertThat(grid.openHours()).isEqualTo(3);
    }

    @Test
    void theShadeRisesWithTheShareOfTheLargestOffer() {
        assertThat(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L)).extracting(o -> AvailabilityGrid.level(o, 8))
                .containsExactly(0, 1, 1, 2, 2, 3, 3, 4, 4);
        assertThat(AvailabilityGrid.level(5, 0)).isZero();
    }

    /** The hour {@code hour} of the day {@code day} days after {@link #DAY}, as instrument {@code id}. */
    private static InstrumentView hour(long id, int day, int hour, InstrumentStatus status) {
        Instant start = start(day, hour);
        String symbol = "X.Y." + DAY.plusDays(day) + "T" + String.format("%02d", hour);
        return new InstrumentView(id, symbol, "X", "Y", start, start.plus(Duration.ofHours(1)),
                start.minus(Duration.ofHours(1)), status);
    }

    private static Instant start(int day, int hour) {
        return DAY.plusDays(day).atTime(hour, 0).toInstant(ZoneOffset.UTC);
    }
}
