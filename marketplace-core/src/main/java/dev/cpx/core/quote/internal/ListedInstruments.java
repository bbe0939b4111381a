package dev.cpx.core.quote.internal;

import dev.cpx.core.quote.QuotePricer;
import dev.cpx.core.time.UtcColumns;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The instruments still open for trading, by class and region, held in memory so a quote costs no query per
 * instrument. Instruments never change once listed, so each instance re-reads the list when new ones were listed;
 * a gate that closed meanwhile is checked by the pricer against the clock.
 */
@Component
public class ListedInstruments implements QuotePricer.Calendar {

    private final JdbcClient jdbc;
    private final Clock clock;
    private volatile Map<String, List<QuotePricer.Slot>> byClassRegion;
    private volatile List<Long> lastListed = List.of();

    ListedInstruments(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<QuotePricer.Slot> slots(String computeClass, String region) {
        Map<String, List<QuotePricer.Slot>> current = byClassRegion;
        if (current == null) {
            // The first quotes of an instance load the list once between them, and record what they loaded so the
            // scheduled refresh does not load it again.
            synchronized (this) {
                if (byClassRegion == null) {
                    refresh();
                }
                current = byClassRegion;
            }
        }
        return current.getOrDefault(key(computeClass, region), List.of());
    }

    /**
     * Re-reads the list when instruments were added since the last read. The check is one indexed aggregate (the
     * count sees rows another instance committed below the highest id); the list itself is tens of thousands of
     * rows, and between two listings of the calendar (hourly) it does not change.
     */
    @Scheduled(initialDelayString = "${cpx.quotes.calendar-refresh:PT5S}",
            fixedDelayString = "${cpx.quotes.calendar-refresh:PT5S}")
    public synchronized void refresh() {
        List<Long> listed = jdbc.sql("select count(*), coalesce(max(id), 0) from instrument")
                .query((rs, n) -> List.of(rs.getLong(1), rs.getLong(2))).single();
        if (byClassRegion == null || !listed.equals(lastListed)) {
            reload();
            lastListed = listed;
        }
    }

    public Map<String, List<QuotePricer.Slot>> reload() {
        var loaded = new HashMap<String, List<QuotePricer.Slot>>();
        jdbc.sql("select id, compute_class_code, region_code, delivery_start, delivery_end, gate_closure_at "
                        + "from instrument where gate_closure_at > ? order by delivery_start")
                .param(UtcColumns.utc(clock.instant()))
                .query((rs, n) -> loaded.computeIfAbsent(key(rs.getString(2), rs.getString(3)),
                        k -> new ArrayList<>()).add(new QuotePricer.Slot(rs.getLong(1),
                        UtcColumns.instant(rs, 4).toEpochMilli(), UtcColumns.instant(rs, 5).toEpochMilli(),
                        UtcColumns.instant(rs, 6).toEpochMilli())))
                .list();
        loaded.replaceAll((k, v) -> List.copyOf(v));
        Map<String, List<QuotePricer.Slot>> result = Map.copyOf(loaded);
        byClassRegion = result;
        return result;
    }

    private static String key(String computeClass, String region) {
        return computeClass + "|" + region;
    }
}
