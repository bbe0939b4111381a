package dev.cpx.web.portal.market;

import dev.cpx.core.catalog.CapacityRow;
import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.web.security.CpxPrincipal;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * A provider's capacity per class, region and open delivery hour (registered, offered, sold, free), the hours
 * grouped under their UTC day.
 */
@Controller
@PreAuthorize("hasAuthority('ORG_PROVIDER') and hasAnyRole('PROVIDER_OPS', 'ORG_ADMIN')")
class CapacityPageController {

    static final Duration HORIZON = Duration.ofDays(14);

    private final NodeService nodes;
    private final InstrumentService instruments;
    private final ProviderPositions positions;
    private final Clock clock;

    CapacityPageController(NodeService nodes, InstrumentService instruments, ProviderPositions positions,
                           Clock clock) {
        this.nodes = nodes;
        this.instruments = instruments;
        this.positions = positions;
        this.clock = clock;
    }

    /** One delivery hour of one class in one region. */
    record HourRow(InstrumentView instrument, long registered, long offered, long sold) {

        public long free() {
            return Math.max(0, registered - offered - sold);
        }
    }

    /** The open hours of one UTC day, with their sums in GPU-hours (an hour instrument of n GPUs is n GPU-hours). */
    record DayRow(LocalDate day, List<HourRow> hours) {

        public long registered() {
            return hours.stream().mapToLong(h -> h.registered() * h.instrument().hours()).sum();
        }

        public long offered() {
            return hours.stream().mapToLong(h -> h.offered() * h.instrument().hours()).sum();
        }

        public long sold() {
            return hours.stream().mapToLong(h -> h.sold() * h.instrument().hours()).sum();
        }

        public long free() {
            return hours.stream().mapToLong(h -> h.free() * h.instrument().hours()).sum();
        }

        /** Hours with something left to offer. */
        public long hoursWithFree() {
            return hours.stream().filter(h -> h.free() > 0).count();
        }

        public int soldPercent() {
            return registered() == 0 ? 0 : (int) Math.min(100, sold() * 100 / registered());
        }

        public int offeredPercent() {
            return registered() == 0 ? 0 : (int) Math.min(100 - soldPercent(), offered() * 100 / registered());
        }

        /** The first hour with free capacity, else the first hour: where the day's Offer button leads. */
        public HourRow firstFree() {
            return hours.stream().filter(h -> h.free() > 0).findFirst().orElse(hours.getFirst());
        }
    }

    /** A class in a region with its open days. */
    record Group(CapacityRow capacity, List<DayRow> days) {
    }

    @GetMapping("/capacity")
    String capacity(CpxPrincipal caller, Model model) {
        var now = clock.instant();
        List<CapacityRow> capacity = nodes.capacity(caller.organizationId()).stream()
                .sorted(Comparator.comparing(CapacityRow::computeClass).thenComparing(CapacityRow::region)).toList();
        // Per class and region: its open hours fit one query (24 x the horizon's days is far below the maximum).
        Map<CapacityRow, List<InstrumentView>> open = new LinkedHashMap<>();
        for (CapacityRow c : capacity) {
            open.put(c, instruments.search(new InstrumentQuery(c.computeClass(), c.region(), InstrumentStatus.OPEN,
                    now, now.plus(HORIZON), 0, InstrumentQuery.MAX_LIMIT)));
        }
        List<Long> ids = open.values().stream().flatMap(List::stream).map(InstrumentView::id).toList();
        Map<Long, Long> offered = positions.offered(caller.organizationId(), ids);
        Map<Long, Long> sold = positions.sold(caller.organizationId(), ids);
        List<Group> groups = capacity.stream().map(c -> new Group(c, open.get(c).stream()
                        .sorted(Comparator.comparing(InstrumentView::deliveryStart))
                        .map(i -> new HourRow(i, c.gpus(), offered.getOrDefault(i.id(), 0L),
                                sold.getOrDefault(i.id(), 0L)))
                        .collect(Collectors.groupingBy(h -> h.instrument().deliveryDay(), TreeMap::new,
                                Collectors.toList()))
                        .entrySet().stream().map(e -> new DayRow(e.getKey(), e.getValue())).toList()))
                .toList();
        model.addAttribute("activeNav", "capacity");
        model.addAttribute("groups", groups);
        model.addAttribute("horizonDays", HORIZON.toDays());
        return "market/capacity";
    }
}
