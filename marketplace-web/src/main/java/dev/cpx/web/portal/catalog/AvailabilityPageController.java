package dev.cpx.web.portal.catalog;

import dev.cpx.core.catalog.CapacityRow;
import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.catalog.ComputeClassView;
import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.catalog.RegionView;
import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.problem.CpxException;
import dev.cpx.web.config.CpxProperties;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public availability grid: for one class in one region, the GPUs offered in open asks per UTC day and hour over
 * the listed horizon, read from the open orders in one query.
 */
@Controller
@PermitAll
class AvailabilityPageController {

    /** Days one grid shows at most: its instruments must fit one instrument query. */
    static final int MAX_DAYS = InstrumentQuery.MAX_LIMIT / AvailabilityGrid.HOURS_PER_DAY;

    private final CatalogService catalog;
    private final InstrumentService instruments;
    private final NodeService nodes;
    private final MarketQueries queries;
    private final CpxProperties properties;
    private final Clock clock;

    AvailabilityPageController(CatalogService catalog, InstrumentService instruments, NodeService nodes,
                               MarketQueries queries, CpxProperties properties, Clock clock) {
        this.catalog = catalog;
        this.instruments = instruments;
        this.nodes = nodes;
        this.queries = queries;
        this.properties = properties;
        this.clock = clock;
    }

    @GetMapping("/catalog/availability")
    String availability(@RequestParam(required = false) String computeClass,
                        @RequestParam(required = false) String region, Model model) {
        List<ComputeClassView> classes = catalog.computeClasses().stream()
                .sorted(Comparator.comparing(ComputeClassView::code)).toList();
        List<RegionView> regions = catalog.regions();
        List<CapacityRow> capacity = nodes.providers().stream().flatMap(p -> p.capacity().stream())
                .sorted(Comparator.comparing(CapacityRow::computeClass).thenComparing(CapacityRow::region)).toList();
        String chosenClass = chosen(computeClass, "compute class",
                classes.stream().map(ComputeClassView::code).toList(),
                capacity.stream().map(CapacityRow::computeClass).findFirst());
        String chosenRegion = chosen(region, "region", regions.stream().map(RegionView::code).toList(),
                capacity.stream().filter(c -> c.computeClass().equals(chosenClass)).map(CapacityRow::region)
                        .findFirst());

        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        int dayCount = Math.min(properties.market().horizonDays(), MAX_DAYS);
        List<InstrumentView> listed = instruments.search(new InstrumentQuery(chosenClass, chosenRegion, null,
                today.atStartOfDay(ZoneOffset.UTC).toInstant(),
                today.plusDays(dayCount).atStartOfDay(ZoneOffset.UTC).toInstant(), 0, InstrumentQuery.MAX_LIMIT));
        var grid = AvailabilityGrid.of(today, dayCount, listed, queries.askTotals(listed.stream()
                .map(InstrumentView::id).toList()));

        model.addAttribute("activeNav", "catalog");
        model.addAttribute("classes", classes);
        model.addAttribute("regions", regions);
        model.addAttribute("computeClass", chosenClass);
        model.addAttribute("region", chosenRegion);
        model.addAttribute("registeredGpus", capacity.stream().filter(c -> c.computeClass().equals(chosenClass)
                && c.region().equals(chosenRegion)).mapToLong(CapacityRow::gpus).sum());
        model.addAttribute("grid", grid);
        return "catalog/availability";
    }

    /**
     * The code asked for when there is one (an unknown one is not found), else the first with registered capacity,
     * else the first of all.
     */
    private static String chosen(String asked, String what, List<String> known, Optional<String> withCapacity) {
        if (asked != null && !asked.isBlank()) {
            String code = asked.strip();
            if (!known.contains(code)) {
                throw CpxException.notFound(what, code);
            }
            return code;
        }
        return withCapacity.orElseGet(known::getFirst);
    }
}
