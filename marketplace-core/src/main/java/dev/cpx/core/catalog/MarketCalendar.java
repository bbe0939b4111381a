package dev.cpx.core.catalog;

import dev.cpx.core.catalog.CalendarHours.Window;
import dev.cpx.core.catalog.internal.ComputeClassEntity;
import dev.cpx.core.catalog.internal.ComputeClassRepository;
import dev.cpx.core.catalog.internal.InstrumentTable;
import dev.cpx.core.catalog.internal.RegionEntity;
import dev.cpx.core.catalog.internal.RegionRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Lists the instruments of the coming days: compute class x region x one delivery hour, from the first hour still
 * open for trading to the end of the horizon's last UTC day (see {@link CalendarHours}).
 */
@Service
public class MarketCalendar {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH");

    private final InstrumentTable instruments;
    private final ComputeClassRepository classes;
    private final RegionRepository regions;
    private final MarketCalendarSettings settings;
    private final Clock clock;

    MarketCalendar(InstrumentTable instruments, ComputeClassRepository classes, RegionRepository regions,
                   MarketCalendarSettings settings, Clock clock) {
        this.instruments = instruments;
        this.classes = classes;
        this.regions = regions;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Creates what is missing up to the horizon; returns how many instruments it created. No transaction around it
     * all: each statement of {@link InstrumentTable#insert} (about a day of hours) commits on its own, since one
     * transaction of tens of thousands of rows is what H2's store handles worst, and a run cut short (or beaten to
     * some hours by another instance) leaves whole hours that the next run completes.
     */
    public int extendHorizon() {
        Instant now = clock.instant();
        Instant from = CalendarHours.firstOpenHour(now, settings.gateClosure());
        Instant until = CalendarHours.horizonEnd(now, settings.horizonDays());
        if (!from.isBefore(until)) {
            return 0;
        }
        List<String> classCodes = classes.findAllByOrderByCode().stream().map(ComputeClassEntity::code).toList();
        List<String> regionCodes = regions.findAllByOrderByCode().stream().map(RegionEntity::code).toList();
        long hours = java.time.Duration.between(from, until).toHours();
        // Once a minute on every instance: a full horizon is one indexed count, not tens of thousands of rows read.
        if (instruments.countStarting(from, until) == hours * classCodes.size() * regionCodes.size()) {
            return 0;
        }
        List<Window> missing = CalendarHours.missing(classCodes, regionCodes, from, until,
                instruments.windowsOverlapping(from, until));
        instruments.insert(missing, w -> symbol(w.computeClass(), w.region(), w.start()), settings.gateClosure(), now);
        return missing.size();
    }

    /** {@code H100-SXM-80G.CN-EAST.2026-12-01T14}: readable, sortable, and safe in a URL path. */
    public static String symbol(String computeClass, String region, Instant deliveryHour) {
        return computeClass + "." + region + "." + HOUR.format(LocalDateTime.ofInstant(deliveryHour, ZoneOffset.UTC));
    }
}
