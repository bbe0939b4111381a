package dev.cpx.web.portal.catalog;

import dev.cpx.core.catalog.CapacityRow;
import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.catalog.ComputeClassView;
import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.catalog.ProviderSummary;
import dev.cpx.core.problem.CpxException;
import jakarta.annotation.security.PermitAll;
import java.math.BigDecimal;
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

    private final CatalogService catalog;
    private final InstrumentService instruments;
    private final NodeService nodes;

    CatalogPageController(CatalogService catalog, InstrumentService instruments, NodeService nodes) {
        this.catalog = catalog;
        this.instruments = instruments;
        this.nodes = nodes;
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

    /** One row of the instruments table: the instrument, its class's SCU and the capacity registered for it. */
    public record InstrumentRow(InstrumentView instrument, BigDecimal scu, long registeredGpus) {
    }

    /** One row of the class comparison. */
    public record ClassRow(ComputeClassView computeClass, long registeredGpus, long providers) {
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

        var query = new InstrumentQuery(blank(filter.computeClass()), blank(filter.region()), filter.statusOrOpen(),
                filter.from() == null ? null : filter.from().atStartOfDay(ZoneOffset.UTC).toInstant(),
                filter.to() == null ? null : filter.to().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                0, InstrumentQuery.MAX_LIMIT);
        List<InstrumentRow> rows = instruments.search(query).stream()
                .map(i -> new InstrumentRow(i, classes.get(i.computeClass()).scu(),
                        gpusByClassRegion.getOrDefault(i.computeClass() + "|" + i.region(), 0L)))
                .sorted(comparator(filter.sort()))
                .toList();
        int pages = Math.max(1, (rows.size() + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.min(filter.pageOrFirst(), pages);

        model.addAttribute("activeNav", "catalog");
        model.addAttribute("classes", classes.values().stream()
                .sorted(Comparator.comparing(ComputeClassView::code)).toList());
        model.addAttribute("regions", catalog.regions());
        model.addAttribute("statuses", InstrumentStatus.values());
        model.addAttribute("rows", rows.subList((page - 1) * PAGE_SIZE, Math.min(rows.size(), page * PAGE_SIZE)));
        model.addAttribute("total", rows.size());
        model.addAttribute("page", page);
        model.addAttribute("pages", pages);
        model.addAttribute("classRows", classRows(classes, providers));
        return "catalog/index";
    }

    @GetMapping("/providers")
    String providers(Model model) {
        model.addAttribute("activeNav", "providers");
        model.addAttribute("providers", nodes.providers());
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

    private static List<ClassRow> classRows(Map<String, ComputeClassView> classes, List<ProviderSummary> providers) {
        return classes.values().stream()
                .map(c -> new ClassRow(c,
                        providers.stream().flatMap(p -> p.capacity().stream())
                                .filter(r -> r.computeClass().equals(c.code())).mapToLong(CapacityRow::gpus).sum(),
                        providers.stream().filter(p -> p.capacity().stream()
                                .anyMatch(r -> r.computeClass().equals(c.code()))).count()))
                .sorted(Comparator.comparing((ClassRow r) -> r.computeClass().scu()).reversed())
                .toList();
    }

    private static Comparator<InstrumentRow> comparator(String sort) {
        Comparator<InstrumentRow> byDelivery = Comparator.comparing(r -> r.instrument().deliveryStart());
        Comparator<InstrumentRow> byClass = Comparator.comparing(r -> r.instrument().computeClass());
        Comparator<InstrumentRow> byRegion = Comparator.comparing(r -> r.instrument().region());
        return switch (sort == null ? "delivery" : sort) {
            case "class" -> byClass.thenComparing(byDelivery).thenComparing(byRegion);
            case "region" -> byRegion.thenComparing(byDelivery).thenComparing(byClass);
            case "scu" -> Comparator.comparing(InstrumentRow::scu).reversed().thenComparing(byDelivery);
            case "capacity" -> Comparator.comparingLong(InstrumentRow::registeredGpus).reversed()
                    .thenComparing(byDelivery);
            default -> byDelivery.thenComparing(byClass).thenComparing(byRegion);
        };
    }

    private static String blank(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
