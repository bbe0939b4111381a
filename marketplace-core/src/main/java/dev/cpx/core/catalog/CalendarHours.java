package dev.cpx.core.catalog;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which hourly instruments the calendar still has to list: every class and region, every hour from the first one
 * still open for trading to the end of the horizon's last UTC day, except hours an instrument already listed for
 * that class and region covers. The exception keeps instruments of one class and region from ever overlapping, so
 * a node allocated to one instrument's contract is never also wanted by another in the same hours (the daily
 * instruments of earlier versions stay as they are until their days pass). Pure: the clock and the listed windows
 * come in.
 */
public final class CalendarHours {

    public static final Duration HOUR = Duration.ofHours(1);

    /** An instrument's delivery window as listed. */
    public record Window(String computeClass, String region, Instant start, Instant end) {
    }

    private CalendarHours() {
    }

    /** The first delivery hour whose gate is still open at {@code now}. */
    public static Instant firstOpenHour(Instant now, Duration gateClosure) {
        Instant gateOpenUntil = now.plus(gateClosure);
        Instant hour = gateOpenUntil.truncatedTo(ChronoUnit.HOURS);
        return hour.isAfter(gateOpenUntil) ? hour : hour.plus(HOUR);
    }

    /** The end of the horizon: midnight UTC after the last of {@code horizonDays} days, today included. */
    public static Instant horizonEnd(Instant now, int horizonDays) {
        return LocalDate.ofInstant(now, ZoneOffset.UTC).plusDays(horizonDays).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The hourly windows in {@code [from, until)} no listed window of the same class and region overlaps. */
    public static List<Window> missing(List<String> classes, List<String> regions, Instant from, Instant until,
                                       List<Window> listed) {
        Map<String, TreeMap<Instant, Instant>> byPair = new HashMap<>();
        for (Window w : listed) {
            byPair.computeIfAbsent(w.computeClass() + "|" + w.region(), k -> new TreeMap<>()).put(w.start(), w.end());
        }
        var missing = new ArrayList<Window>();
        for (Instant hour = from; hour.isBefore(until); hour = hour.plus(HOUR)) {
            for (String computeClass : classes) {
                for (String region : regions) {
                    if (!covered(byPair.get(computeClass + "|" + region), hour)) {
                        missing.add(new Window(computeClass, region, hour, hour.plus(HOUR)));
                    }
                }
            }
        }
        return missing;
    }

    /** Whether a listed window of the pair overlaps {@code [hour, hour + 1 h)}: listed windows never overlap. */
    private static boolean covered(TreeMap<Instant, Instant> windows, Instant hour) {
        if (windows == null) {
            return false;
        }
        var latestStartingBefore = windows.lowerEntry(hour.plus(HOUR));
        return latestStartingBefore != null && latestStartingBefore.getValue().isAfter(hour);
    }
}
