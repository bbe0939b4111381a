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
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
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
    private final Clock clock;

    CatalogPageController(CatalogService catalog, InstrumentService instruments, NodeService nodes,
                          MarketService market, MeteringService metering, MarketQueries queries, Clock clock) {
        this.queries = queries;
        this.clock = clock;
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

    /**
     * One row of the instruments table: the instrument, its class's SCU, the capacity registered for it and its
     * best bid, best ask (also per SCU-hour) and last price, and its class and region's latest price index when the
     * page is sorted by it (decimal strings, null when there is none).
     */
    public record InstrumentRow(InstrumentView instrument, BigDecimal scu, long registeredGpus, String bestBid,
                                String bestAsk, String bestAskPerScuHour, String lastPrice, String index) {
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
        String sort = filter.sortOrDefault();
        Map<String, Long> indexByPair = sort.equals("index") ? latestIndex() : Map.of();

        // The database filters, orders and pages: tens of thousands of hourly instruments, one page quoted.
        InstrumentOrder order = order(sort, classes, gpusByClassRegion, indexByPair);
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
                        gpusByClassRegion.getOrDefault(i.computeClass() + "|" + i.region(), 0L),
                        indexByPair.get(i.computeClass() + "|" + i.region())))
                .toList();

        model.addAttribute("activeNav", "catalog");
        model.addAttribute("classes", classes.values().stream()
                .sorted(Comparator.comparing(ComputeClassView::code)).toList());
        model.addAttribute("memorySizes", classes.values().stream().map(ComputeClassView::memoryGb).distinct()
                .sorted().toList());
        model.addAttribute("regions", catalog.regions());
        model.addAttribute("statuses", InstrumentStatus.values());
        model.addAttribute("sorts", CatalogFilter.SORTS);
        model.addAttribute("sort", sort);
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

    private InstrumentRow row(InstrumentView instrument, BigDecimal scu, long registeredGpus, Long indexTicks) {
        BookView quote = market.quote(instrument.id(), instrument.symbol());
        Long ask = quote.bestAskTicks();
        return new InstrumentRow(instrument, scu, registeredGpus, price(quote.bestBidTicks()), price(ask),
                ask == null ? null : perScuHour(ask, scu), price(quote.lastPriceTicks()), price(indexTicks));
    }

    /** Each class and region's index value of today (its own or carried from a recent day), where it has one. */
    private Map<String, Long> latestIndex() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return queries.priceIndex(null, null, today, today).stream()
                .filter(row -> row.point().priceTicks() != null)
                .collect(Collectors.toMap(row -> row.computeClass() + "|" + row.region(),
                        row -> row.point().priceTicks(), (a, b) -> a));
    }

    /** A price per GPU-hour per standard compute unit, to 4 decimals (a comparison figure). */
    private static String perScuHour(long priceTicks, BigDecimal scu) {
        return scu.signum() == 0 ? null
                : BigDecimal.valueOf(priceTicks, 2).divide(scu, 4, RoundingMode.HALF_UP).toPlainString();
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
                            price(ask), ask == null ? null : perScuHour(ask, c.scu()));
                })
                .sorted(Comparator.comparing((ClassRow r) -> r.computeClass().scu()).reversed())
                .toList();
    }

    /**
     * The page order of a sort key. SCU, capacity and the price index belong to a class (and region), not to an
     * instrument, so they rank the class-region pairs (equal values tie) and delivery orders within a rank; the best
     * ask is the instrument's own, ordered by the database.
     */
    private InstrumentOrder order(String sort, Map<String, ComputeClassView> classes,
                                  Map<String, Long> gpusByClassRegion, Map<String, Long> indexByPair) {
        return switch (sort) {
            case "class" -> InstrumentOrder.by(InstrumentOrder.Key.CLASS);
            case "region" -> InstrumentOrder.by(InstrumentOrder.Key.REGION);
            case "ask" -> InstrumentOrder.by(InstrumentOrder.Key.ASK);
            case "ask-scu" -> InstrumentOrder.by(InstrumentOrder.Key.ASK_PER_SCU);
            case "index" -> new InstrumentOrder(InstrumentOrder.Key.DELIVERY, denseRank(indexByPair.entrySet().stream()
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> BigDecimal.valueOf(e.getValue()))),
                    Comparator.naturalOrder()));
            case "scu" -> new InstrumentOrder(InstrumentOrder.Key.DELIVERY, denseRank(scuByPair(classes),
                    Comparator.reverseOrder()));
            case "capacity" -> new InstrumentOrder(InstrumentOrder.Key.DELIVERY, denseRank(gpusByClassRegion.entrySet()
                    .stream().filter(e -> e.getValue() > 0)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> BigDecimal.valueOf(e.getValue()))),
                    Comparator.reverseOrder()));
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

    /** Rank 0 for the first value in {@code first} order, equal values equal ranks. */
    private static Map<String, Integer> denseRank(Map<String, BigDecimal> valueByPair, Comparator<BigDecimal> first) {
        List<BigDecimal> distinct = valueByPair.values().stream().distinct().sorted(first).toList();
        return valueByPair.entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> distinct.indexOf(e.getValue())));
    }

    private static InstrumentQuery pageQuery(CatalogFilter filter, int page) {
        return new InstrumentQuery(blank(filter.computeClass()), blank(filter.region()), filter.statusOrOpen(),
                filter.from() == null ? null : filter.from().atStartOfDay(ZoneOffset.UTC).toInstant(),
                filter.to() == null ? null : filter.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                filter.memoryOrNull(), filter.offeredOnly(), (page - 1) * PAGE_SIZE, PAGE_SIZE);
    }

    static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
