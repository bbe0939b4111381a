package dev.cpx.web.portal.catalog;

import dev.cpx.core.catalog.CapacityRow;
import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.catalog.ComputeClassView;
import dev.cpx.core.catalog.InstrumentOrder;
import dev.cpx.core.catalog.InstrumentPage;
import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.catalog.ProviderSummary;
import dev.cpx.core.market.BookView;
import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.settlement.metering.MeteringService;
import dev.cpx.settlement.metering.ProviderReliability;
import jakarta.annotation.security.PermitAll;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;

/** The public catalog: instruments with filters and sorting, class comparison, and the providers' capacity. */
@Controller
@PermitAll
class CatalogPageController {

    static final int PAGE_SIZE = 50;
    private static final int MAX_PAGE = InstrumentQuery.MAX_OFFSET / PAGE_SIZE + 1;

    private final CatalogService catalog;
    private final InstrumentService instruments;
    private final NodeService nodes;
    private final MarketService market;
    private final MeteringService metering;
    private final MarketQueries queries;

    CatalogPageController(CatalogService catalog, InstrumentService instruments, NodeService nodes,
                          MarketService market, MeteringService metering, MarketQueries queries) {
        this.queries = queries;
        this.catalog = catalog;
        this.instruments = instruments;
        this.nodes = nodes;
        this.market = market;
        this.metering = metering;
    }

    /**
     * A provider's delivery record over the last 30 days: the delivered share of contracted GPU-time as a
     * percentage with one decimal (null when it had no contract whose delivery ended then) and the GPU-hours.
     */
    public record Reliability(String deliveredPercent, long deliveredGpuHours, long contractedGpuHours) {

        static final Reliability NONE = new Reliability(null, 0, 0);

        static Reliability of(ProviderReliability r) {
            return new Reliability(r.share() == null ? null
                    : r.share().movePointRight(2).setScale(1, RoundingMode.HALF_UP).toPlainString(),
                    r.deliveredGpuSeconds() / 3600, r.contractedGpuSeconds() / 3600);
        }
    }

    /** The catalog filter as the page's GET form sends it; every field optional. */
    public record CatalogFilter(String computeClass, String region, String status,
                         @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                         @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                         String sort, Integer page) {

        public InstrumentStatus statusOrOpen() {
            if (status == null) {
                return InstrumentStatus.OPEN;
            }
            if (status.isBlank() || status.equals("ALL")) {
                return null;
            }
            try {
                return InstrumentStatus.valueOf(status);
            } catch (IllegalArgumentException unknown) {
                return InstrumentStatus.OPEN;
            }
        }

        public int pageOrFirst() {
            return page == null || page < 1 ? 1 : page;
        }
    }

    /**
     * One row of the instruments table: the instrument, its class's SCU, the capacity registered for it and its
     * best bid, best ask and last price (decimal strings, null when there is none).
     */
    public record InstrumentRow(InstrumentView instrument, BigDecimal scu, long registeredGpus, String bestBid,
                                String bestAsk, String lastPrice) {
    }

    /** The rows of one UTC delivery day, in page order: the page shows hours under their day. */
    public record DayGroup(LocalDate day, List<InstrumentRow> rows) {

        static List<DayGroup> of(List<InstrumentRow> rows) {
            var days = new java.util.ArrayList<DayGroup>();
            for (InstrumentRow row : rows) {
                LocalDate day = row.instrument().deliveryDay();
                if (days.isEmpty() || !days.getLast().day().equals(day)) {
                    days.add(new DayGroup(day, new java.util.ArrayList<>()));
                }
                days.getLast().rows().add(row);
            }
            return days;
        }
    }

    /** One row of the class comparison; the cheapest open ask of the class, per GPU-hour and per SCU-hour. */
    public record ClassRow(ComputeClassView computeClass, long registeredGpus, long providers, String bestAsk,
                           String bestAskPerScuHour) {
    }

    @GetMapping("/")
    String root() {
        return "redirect:/catalog";
    }

    @GetMapping("/catalog")
    String catalog(@ModelAttribute("filter") CatalogFilter filter, Model model) {
        Map<String, ComputeClassView> classes = catalog.computeClasses().stream()
                .collect(Collectors.toMap(ComputeClassView::code, Function.identity()));
        List<ProviderSummary> providers = nodes.providers();
        Map<String, Long> gpusByClassRegion = new HashMap<>();
        providers.forEach(p -> p.capacity().forEach(row ->
                gpusByClassRegion.merge(row.computeClass() + "|" + row.region(), row.gpus(), Long::sum)));

        // The database filters, orders and pages: tens of thousands of hourly instruments, one page quoted.
        InstrumentOrder order = order(filter.sort(), classes, gpusByClassRegion);
        int page = Math.min(filter.pageOrFirst(), MAX_PAGE);
        InstrumentPage found = instruments.page(pageQuery(filter, page), order);
        int pages = (int) Math.clamp((found.total() + PAGE_SIZE - 1) / PAGE_SIZE, 1, MAX_PAGE);
        if (page > pages) {
            // Past the end (a stale link): the last page, as before.
            page = pages;
            found = instruments.page(pageQuery(filter, page), order);
        }
        List<InstrumentRow> rows = found.instruments().stream()
                .map(i -> row(i, classes.get(i.computeClass()).scu(),
                        gpusByClassRegion.getOrDefault(i.computeClass() + "|" + i.region(), 0L)))
                .toList();

        model.addAttribute("activeNav", "catalog");
        model.addAttribute("classes", classes.values().stream()
                .sorted(Comparator.comparing(ComputeClassView::code)).toList());
        model.addAttribute("regions", catalog.regions());
        model.addAttribute("statuses", InstrumentStatus.values());
        model.addAttribute("rows", rows);
        model.addAttribute("days", DayGroup.of(rows));
        model.addAttribute("total", found.total());
        model.addAttribute("page", page);
        model.addAttribute("pages", pages);
        model.addAttribute("classRows", classRows(classes, providers, cheapestAsks(classes.keySet())));
        return "catalog/index";
    }

    @GetMapping("/providers")
    String providers(Model model) {
        model.addAttribute("activeNav", "providers");
        model.addAttribute("providers", nodes.providers());
        model.addAttribute("reliability", metering.reliability().stream()
                .collect(Collectors.toMap(ProviderReliability::provider, Reliability::of, (a, b) -> a)));
        model.addAttribute("noReliability", Reliability.NONE);
        return "catalog/providers";
    }

    @GetMapping("/providers/{code}")
    String provider(@PathVariable String code, Model model) {
        ProviderSummary provider = nodes.providers().stream().filter(p -> p.code().equals(code)).findFirst()
                .orElseThrow(() -> CpxException.notFound("provider", code));
        model.addAttribute("activeNav", "providers");
        model.addAttribute("provider", provider);
        return "catalog/provider";
    }

    private InstrumentRow row(InstrumentView instrument, BigDecimal scu, long registeredGpus) {
        BookView quote = market.quote(instrument.id(), instrument.symbol());
        return new InstrumentRow(instrument, scu, registeredGpus, price(quote.bestBidTicks()),
                price(quote.bestAskTicks()), price(quote.lastPriceTicks()));
    }

    /** The cheapest open ask of each class over its open instruments, in ticks: one indexed query per class. */
    private Map<String, Long> cheapestAsks(java.util.Set<String> classCodes) {
        Map<String, Long> cheapest = new HashMap<>();
        for (String code : classCodes) {
            queries.offers(code, null, null, null, null, 1).stream().findFirst()
                    .ifPresent(offer -> cheapest.put(code, offer.priceTicks()));
        }
        return cheapest;
    }

    private static String price(Long ticks) {
        return ticks == null ? null : Money.format(ticks);
    }

    private static List<ClassRow> classRows(Map<String, ComputeClassView> classes, List<ProviderSummary> providers,
                                            Map<String, Long> cheapestAsks) {
        return classes.values().stream()
                .map(c -> {
                    Long ask = cheapestAsks.get(c.code());
                    return new ClassRow(c,
                            providers.stream().flatMap(p -> p.capacity().stream())
                                    .filter(r -> r.computeClass().equals(c.code())).mapToLong(CapacityRow::gpus).sum(),
                            providers.stream().filter(p -> p.capacity().stream()
                                    .anyMatch(r -> r.computeClass().equals(c.code()))).count(),
                            price(ask),
                            ask == null || c.scu().signum() == 0 ? null
                                    : BigDecimal.valueOf(ask, 2).divide(c.scu(), 4, RoundingMode.HALF_UP).toPlainString());
                })
                .sorted(Comparator.comparing((ClassRow r) -> r.computeClass().scu()).reversed())
                .toList();
    }

    /**
     * The page order of a sort link. SCU and capacity belong to a class (and region), not to an instrument, so they
     * rank the class-region pairs (equal values tie) and delivery orders within a rank.
     */
    private InstrumentOrder order(String sort, Map<String, ComputeClassView> classes,
                                         Map<String, Long> gpusByClassRegion) {
        return switch (sort == null ? "delivery" : sort) {
            case "class" -> new InstrumentOrder(InstrumentOrder.Key.CLASS, Map.of());
            case "region" -> new InstrumentOrder(InstrumentOrder.Key.REGION, Map.of());
            case "scu" -> new InstrumentOrder(InstrumentOrder.Key.DELIVERY, denseRank(scuByPair(classes)));
            case "capacity" -> new InstrumentOrder(InstrumentOrder.Key.DELIVERY, denseRank(gpusByClassRegion.entrySet()
                    .stream().filter(e -> e.getValue() > 0)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> BigDecimal.valueOf(e.getValue())))));
            default -> InstrumentOrder.BY_DELIVERY;
        };
    }

    private Map<String, BigDecimal> scuByPair(Map<String, ComputeClassView> classes) {
        var scuByPair = new HashMap<String, BigDecimal>();
        for (ComputeClassView c : classes.values()) {
            catalog.regions().forEach(r -> scuByPair.put(c.code() + "|" + r.code(), c.scu()));
        }
        return scuByPair;
    }

    /** Rank 0 for the highest value, equal values equal ranks. */
    private static Map<String, Integer> denseRank(Map<String, BigDecimal> valueByPair) {
        List<BigDecimal> distinct = valueByPair.values().stream().distinct().sorted(Comparator.reverseOrder()).toList();
        return valueByPair.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> distinct.indexOf(e.getValue())));
    }

    private static InstrumentQuery pageQuery(CatalogFilter filter, int page) {
        return new InstrumentQuery(blank(filter.computeClass()), blank(filter.region()), filter.statusOrOpen(),
                filter.from() == null ? null : filter.from().atStartOfDay(ZoneOffset.UTC).toInstant(),
                filter.to() == null ? null : filter.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                (page - 1) * PAGE_SIZE, PAGE_SIZE);
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
