package dev.cpx.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.catalog.CalendarHours.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CalendarHoursTests {

    private static final Instant MIDNIGHT = Instant.parse("2026-12-08T00:00:00Z");

    @Test
    void firstOpenHourIsTheFirstWhoseGateClosesAfterNow() {
        Duration gate = Duration.ofHours(1);
        assertThat(CalendarHours.firstOpenHour(Instant.parse("2026-12-08T08:20:00Z"), gate))
                .isEqualTo(Instant.parse("2026-12-08T10:00:00Z"));
        // At 09:00 the 10:00 hour's gate closes this very instant: it is no longer open.
        assertThat(CalendarHours.firstOpenHour(Instant.parse("2026-12-08T09:00:00Z"), gate))
                .isEqualTo(Instant.parse("2026-12-08T11:00:00Z"));
        assertThat(CalendarHours.firstOpenHour(Instant.parse("2026-12-08T23:30:00Z"), Duration.ZERO))
                .isEqualTo(Instant.parse("2026-12-09T00:00:00Z"));
    }

    @Test
    void horizonEndsAtMidnightAfterItsLastDay() {
        assertThat(CalendarHours.horizonEnd(Instant.parse("2026-12-08T08:20:00Z"), 14))
                .isEqualTo(Instant.parse("2026-12-22T00:00:00Z"));
    }

    @Test
    void listsEveryHourOfEveryClassAndRegionWhenNothingIsListed() {
        List<Window> missing = CalendarHours.missing(List.of("A", "B"), List.of("X", "Y", "Z"), MIDNIGHT,
                MIDNIGHT.plus(Duration.ofDays(1)), List.of());
        assertThat(missing).hasSize(24 * 6);
        assertThat(missing).allSatisfy(w -> assertThat(Duration.between(w.start(), w.end())).hasHours(1));
        assertThat(missing.getFirst()).isEqualTo(new Window("A", "X", MIDNIGHT, MIDNIGHT.plus(Duration.ofHours(1))));
    }

    @Test
    void aDailyInstrumentOfAnEarlierVersionKeepsItsDayFreeOfHoursInItsClassAndRegionOnly() {
        Window daily = new Window("A", "X", MIDNIGHT, MIDNIGHT.plus(Duration.ofDays(1)));
        List<Window> missing = CalendarHours.missing(List.of("A"), List.of("X", "Y"), MIDNIGHT.minus(Duration.ofHours(2)),
                MIDNIGHT.plus(Duration.ofHours(26)), List.of(daily));
        assertThat(missing.stream().filter(w -> w.region().equals("X")).map(Window::start))
                .containsExactly(MIDNIGHT.minus(Duration.ofHours(2)), MIDNIGHT.minus(Duration.ofHours(1)),
                        MIDNIGHT.plus(Duration.ofHours(24)), MIDNIGHT.plus(Duration.ofHours(25)));
        assertThat(missing.stream().filter(w -> w.region().equals("Y"))).hasSize(28);
    }

    /** Against a naive model: an hour is missing exactly when no listed window of its pair overlaps it. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void missingHoursAreExactlyTheUncoveredOnes(long seed) {
        var random = new SplittableRandom(seed);
        List<String> classes = List.of("A", "B");
        List<String> regions = List.of("X", "Y");
        var listed = new java.util.ArrayList<Window>();
        for (String c : classes) {
            for (String r : regions) {
                Instant at = MIDNIGHT.minus(Duration.ofHours(random.nextInt(30)));
                while (at.isBefore(MIDNIGHT.plus(Duration.ofDays(3)))) {
                    int length = random.nextBoolean() ? 1 : 24;
                    if (random.nextInt(3) > 0) {
                        listed.add(new Window(c, r, at, at.plus(Duration.ofHours(length))));
                    }
                    at = at.plus(Duration.ofHours(length + random.nextInt(3)));
                }
            }
        }
        Instant from = MIDNIGHT.plus(Duration.ofHours(random.nextInt(10)));
        Instant until = MIDNIGHT.plus(Duration.ofDays(2));
        var expected = new java.util.ArrayList<Window>();
        for (Instant h = from; h.isBefore(until); h = h.plus(Duration.ofHours(1))) {
            for (String c : classes) {
                for (String r : regions) {
                    Instant hour = h;
                    boolean covered = listed.stream().anyMatch(w -> w.computeClass().equals(c) && w.region().equals(r)
                            && w.start().isBefore(hour.plus(Duration.ofHours(1))) && w.end().isAfter(hour));
                    if (!covered) {
                        expected.add(new Window(c, r, hour, hour.plus(Duration.ofHours(1))));
                    }
                }
            }
        }
        assertThat(CalendarHours.missing(classes, regions, from, until, listed)).as("seed %d", seed)
                .containsExactlyElementsOf(expected);
    }

    @Test
    void symbolNamesTheDeliveryHour() {
        assertThat(MarketCalendar.symbol("H100-SXM-80G", "CN-EAST", Instant.parse("2026-12-08T14:00:00Z")))
                .isEqualTo("H100-SXM-80G.CN-EAST.2026-12-08T14");
        assertThat(MarketCalendar.symbol("H100-SXM-80G", "CN-EAST", MIDNIGHT))
                .isEqualTo("H100-SXM-80G.CN-EAST.2026-12-08T00");
    }
}
