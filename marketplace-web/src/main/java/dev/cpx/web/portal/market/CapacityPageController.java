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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** A provider's capacity per class, region and open delivery day: registered, offered, sold, free. */
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

    /** One delivery day of one class in one region. */
    record DayRow(InstrumentView instrument, long registered, long offered, long sold) {

        public long free() {
            return Math.max(0, registered - offered - sold);
        }

        public int soldPercent() {
            return registered == 0 ? 0 : (int) Math.min(100, sold * 100 / registered);
        }

        public int offeredPercent() {
            return registered == 0 ? 0 : (int) Math.min(100 - soldPercent(), offered * 100 / registered);
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
        List<InstrumentView> open = instruments.search(new InstrumentQuery(null, null, InstrumentStatus.OPEN, now,
                now.plus(HORIZON), 0, InstrumentQuery.MAX_LIMIT));
        List<InstrumentView> mine = open.stream().filter(i -> capacity.stream().anyMatch(c ->
                c.computeClass().equals(i.computeClass()) && c.region().equals(i.region()))).toList();
        List<Long> ids = mine.stream().map(InstrumentView::id).toList();
        Map<Long, Long> offered = positions.offered(caller.organizationId(), ids);
        Map<Long, Long> sold = positions.sold(caller.organizationId(), ids);
        List<Group> groups = capacity.stream().map(c -> new Group(c, mine.stream()
                        .filter(i -> i.computeClass().equals(c.computeClass()) && i.region().equals(c.region()))
                        .sorted(Comparator.comparing(InstrumentView::deliveryStart))
                        .map(i -> new DayRow(i, c.gpus(), offered.getOrDefault(i.id(), 0L), sold.getOrDefault(i.id(), 0L)))
                        .toList()))
                .toList();
        model.addAttribute("activeNav", "capacity");
        model.addAttribute("groups", groups);
        model.addAttribute("horizonDays", HORIZON.toDays());
        return "market/capacity";
    }
}
