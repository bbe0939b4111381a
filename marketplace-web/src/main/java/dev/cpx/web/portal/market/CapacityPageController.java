package dev.cpx.web.portal.market;

import dev.cpx.core.catalog.CapacityRow;
import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.web.security.CpxPrincipal;
import jakarta.validation.Valid;
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
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A provider's capacity per class, region and open delivery hour (registered, offered, sold, free), the hours
 * grouped under their UTC day; and, for those who may trade, a form per class and region that lists a range of
 * hours in one action through the same block order as {@code POST /api/v1/block-orders}.
 */
@Controller
@PreAuthorize("hasAuthority('ORG_PROVIDER') and hasAnyRole('PROVIDER_OPS', 'ORG_ADMIN')")
class CapacityPageController {

    static final Duration HORIZON = Duration.ofDays(14);

    private final NodeService nodes;
    private final InstrumentService instruments;
    private final ProviderPositions positions;
    private final MarketService market;
    private final Clock clock;

    CapacityPageController(NodeService nodes, InstrumentService instruments, ProviderPositions positions,
                           MarketService market, Clock clock) {
        this.nodes = nodes;
        this.instruments = instruments;
        this.positions = positions;
        this.market = market;
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

    /**
     * A class in a region with its open days, the form that lists a range of its hours, and what the last listing
     * sent from it came to (null when none).
     */
    record Group(CapacityRow capacity, List<DayRow> days, ListHoursForm form, ListingOutcome outcome) {

        /** The section's id, the anchor a listing returns to. */
        public String anchor() {
            return anchor(capacity.computeClass(), capacity.region());
        }

        static String anchor(String computeClass, String region) {
            return "capacity-" + computeClass + "-" + region;
        }

        public LocalDate firstDay() {
            return days.getFirst().day();
        }

        public LocalDate lastDay() {
            return days.getLast().day();
        }

        /** Open hours left from the first: the most one listing from here can cover. */
        public long openHours() {
            return days.stream().mapToLong(d -> d.hours().size()).sum();
        }
    }

    @GetMapping("/capacity")
    String capacity(CpxPrincipal caller, Model model) {
        ListingOutcome outcome = (ListingOutcome) model.getAttribute("listing");
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
        List<Group> groups = capacity.stream().map(c -> group(c, open.get(c).stream()
                        .sorted(Comparator.comparing(InstrumentView::deliveryStart))
                        .map(i -> new HourRow(i, c.gpus(), offered.getOrDefault(i.id(), 0L),
                                sold.getOrDefault(i.id(), 0L)))
                        .collect(Collectors.groupingBy(h -> h.instrument().deliveryDay(), TreeMap::new,
                                Collectors.toList()))
                        .entrySet().stream().map(e -> new DayRow(e.getKey(), e.getValue())).toList(), outcome))
                .toList();
        model.addAttribute("activeNav", "capacity");
        model.addAttribute("groups", groups);
        model.addAttribute("horizonDays", HORIZON.toDays());
        // Sellers are the roles the order ticket lets sell: operations and traders of a provider.
        model.addAttribute("mayList", caller.isProviderOps() || caller.isTrader());
        model.addAttribute("strayOutcome", outcome != null && groups.stream().noneMatch(g -> g.outcome() != null)
                ? outcome : null);
        return "market/capacity";
    }

    /**
     * Lists one class in one region over a range of hours: a SELL block through the market service, one ask per hour,
     * each checked against the provider's capacity, all or nothing. The outcome goes back to the form's group.
     */
    @PostMapping("/capacity/listings")
    @PreAuthorize("hasAuthority('ORG_PROVIDER') and hasAnyRole('TRADER', 'PROVIDER_OPS')")
    String list(CpxPrincipal caller, @Valid @ModelAttribute("listForm") ListHoursForm form, BindingResult errors,
                RedirectAttributes redirect) {
        Map<String, String> fields = fieldErrors(form, errors);
        ListingOutcome outcome;
        if (fields.isEmpty()) {
            try {
                var result = market.placeBlock(form.toOrder(caller.organization()));
                outcome = ListingOutcome.listed(form, result.block(), result.created());
            } catch (CpxException e) {
                outcome = ListingOutcome.refused(form, e);
            }
        } else {
            outcome = ListingOutcome.invalid(form, fields);
        }
        redirect.addFlashAttribute("listing", outcome);
        boolean group = form.getComputeClass() != null && form.getRegion() != null;
        return "redirect:/capacity" + (group ? "#" + Group.anchor(form.getComputeClass(), form.getRegion()) : "");
    }

    /** The first message of each field, in words (a value that does not convert says what is expected). */
    private static Map<String, String> fieldErrors(ListHoursForm form, BindingResult errors) {
        var fields = new LinkedHashMap<String, String>();
        for (FieldError error : errors.getFieldErrors()) {
            String conversion = "startDate".equals(error.getField()) ? "enter a date such as 2026-12-08"
                    : "enter a whole number";
            fields.putIfAbsent(error.getField(), error.isBindingFailure() ? conversion : error.getDefaultMessage());
        }
        if (!fields.containsKey("price") && form.getPrice() != null) {
            try {
                Money.parseMinor(form.getPrice());
            } catch (IllegalArgumentException e) {
                fields.put("price", "the price " + e.getMessage());
            }
        }
        return fields;
    }

    /** A group with its form: the last one sent from it if it came back, else defaults for its open hours. */
    private static Group group(CapacityRow capacity, List<DayRow> days, ListingOutcome outcome) {
        String name = capacity.computeClass() + " " + capacity.region();
        ListingOutcome own = outcome != null && outcome.belongsTo(name) ? outcome : null;
        if (days.isEmpty()) {
            return new Group(capacity, days, null, own);
        }
        ListHoursForm form = own != null && own.form() != null ? own.form() : defaults(capacity, days);
        return new Group(capacity, days, form, own);
    }

    /** From the first open hour, a week (or what is open), as many GPUs as that hour has free. */
    private static ListHoursForm defaults(CapacityRow capacity, List<DayRow> days) {
        HourRow first = days.getFirst().hours().getFirst();
        long open = days.stream().mapToLong(d -> d.hours().size()).sum();
        return ListHoursForm.fresh(capacity.computeClass(), capacity.region(), first.instrument().deliveryStart(),
                Math.max(1, first.free()), (int) Math.min(ListHoursForm.DEFAULT_HOURS, open));
    }
}
