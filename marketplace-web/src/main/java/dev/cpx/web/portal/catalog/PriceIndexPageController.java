package dev.cpx.web.portal.catalog;

import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.catalog.ComputeClassView;
import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.market.PriceIndex;
import jakarta.annotation.security.PermitAll;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The price index per class and region, day by day, drawn for buyers comparing classes (docs/price-index.md). */
@Controller
@PermitAll
class PriceIndexPageController {

    /** The windows offered, in days up to today, each with the step of its date axis. */
    static final Map<Integer, Integer> WINDOWS = Map.of(14, 7, 30, 7, 90, 14);
    static final int DEFAULT_DAYS = 30;
    /** Charts on one page; a narrower choice of class or region shows the others. */
    static final int MAX_CHARTS = 12;

    private final CatalogService catalog;
    private final MarketQueries queries;
    private final Clock clock;

    PriceIndexPageController(CatalogService catalog, MarketQueries queries, Clock clock) {
        this.catalog = catalog;
        this.queries = queries;
        this.clock = clock;
    }

    @GetMapping("/catalog/index")
    String index(@RequestParam(required = false) String computeClass, @RequestParam(required = false) String region,
                 @RequestParam(required = false) Integer days, Model model) {
        String cls = known(computeClass, catalog.computeClasses().stream().map(ComputeClassView::code).toList());
        String reg = known(region, catalog.regions().stream().map(r -> r.code()).toList());
        int window = days != null && WINDOWS.containsKey(days) ? days : DEFAULT_DAYS;
        LocalDate to = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        LocalDate from = to.minusDays(window - 1);

        Map<List<String>, List<PriceIndex.Point>> series = new LinkedHashMap<>();
        queries.priceIndex(cls, reg, from, to).forEach(row -> series
                .computeIfAbsent(List.of(row.computeClass(), row.region()), k -> new ArrayList<>()).add(row.point()));
        List<IndexChart> charts = series.entrySet().stream().limit(MAX_CHARTS)
                .map(e -> IndexChart.of(e.getKey().get(0), e.getKey().get(1),
                        e.getValue().stream().sorted(Comparator.comparing(PriceIndex.Point::date)).toList(),
                        WINDOWS.get(window)))
                .toList();

        model.addAttribute("activeNav", "catalog");
        model.addAttribute("classes", catalog.computeClasses().stream().map(ComputeClassView::code).sorted().toList());
        model.addAttribute("regions", catalog.regions());
        model.addAttribute("windows", WINDOWS.keySet().stream().sorted().toList());
        model.addAttribute("computeClass", cls);
        model.addAttribute("region", reg);
        model.addAttribute("days", window);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        model.addAttribute("charts", charts);
        model.addAttribute("seriesCount", series.size());
        model.addAttribute("methodology", PriceIndex.METHODOLOGY);
        model.addAttribute("maxCarryDays", PriceIndex.MAX_CARRY_DAYS);
        return "catalog/price-index";
    }

    /** One of {@code codes}, or null (every one) for an empty or unknown choice. */
    private static String known(String value, List<String> codes) {
        return value != null && codes.contains(value.strip()) ? value.strip() : null;
    }
}
