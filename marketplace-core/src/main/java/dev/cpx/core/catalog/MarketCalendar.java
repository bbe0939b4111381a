package dev.cpx.core.catalog;

import dev.cpx.core.catalog.internal.ComputeClassEntity;
import dev.cpx.core.catalog.internal.ComputeClassRepository;
import dev.cpx.core.catalog.internal.InstrumentEntity;
import dev.cpx.core.catalog.internal.InstrumentRepository;
import dev.cpx.core.catalog.internal.RegionEntity;
import dev.cpx.core.catalog.internal.RegionRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Lists the instruments of the coming days: compute class x region x daily delivery block. */
@Service
public class MarketCalendar {

    private final InstrumentRepository instruments;
    private final ComputeClassRepository classes;
    private final RegionRepository regions;
    private final MarketCalendarSettings settings;
    private final Clock clock;

    MarketCalendar(InstrumentRepository instruments, ComputeClassRepository classes, RegionRepository regions,
                   MarketCalendarSettings settings, Clock clock) {
        this.instruments = instruments;
        this.classes = classes;
        this.regions = regions;
        this.settings = settings;
        this.clock = clock;
    }

    /** Creates what is missing from today to the horizon; returns how many instruments it created. */
    @Transactional
    public int extendHorizon() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        Set<String> existing = new HashSet<>(instruments.symbolsDeliveringFrom(today.atStartOfDay(ZoneOffset.UTC)
                .toInstant()));
        List<ComputeClassEntity> allClasses = classes.findAllByOrderByCode();
        List<RegionEntity> allRegions = regions.findAllByOrderByCode();
        List<InstrumentEntity> missing = new ArrayList<>();
        for (int day = 0; day < settings.horizonDays(); day++) {
            LocalDate date = today.plusDays(day);
            Instant start = date.atStartOfDay(ZoneOffset.UTC).toInstant();
            Instant end = date.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
            for (ComputeClassEntity computeClass : allClasses) {
                for (RegionEntity region : allRegions) {
                    String symbol = symbol(computeClass.code(), region.code(), date);
                    if (!existing.contains(symbol)) {
                        missing.add(new InstrumentEntity(symbol, computeClass.code(), region.code(), start, end,
                                start.minus(settings.gateClosure()), now));
                    }
                }
            }
        }
        instruments.saveAll(missing);
        return missing.size();
    }

    /** {@code H100-SXM-80G.CN-EAST.2026-12-01}: readable, sortable, and safe in a URL path. */
    public static String symbol(String computeClass, String region, LocalDate deliveryDay) {
        return computeClass + "." + region + "." + deliveryDay;
    }
}
