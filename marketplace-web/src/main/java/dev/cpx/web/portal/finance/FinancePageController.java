package dev.cpx.web.portal.finance;

import dev.cpx.core.problem.CpxException;
import dev.cpx.settlement.period.PeriodView;
import dev.cpx.settlement.period.SettlementService;
import dev.cpx.settlement.statement.StatementTotals;
import dev.cpx.web.security.CpxPrincipal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The settlement periods, and for platform finance the form that opens (and rates) a new one. */
@Controller
class FinancePageController {

    static final int PERIOD_LIMIT = 100;

    private final SettlementService settlement;
    private final Clock clock;

    FinancePageController(SettlementService settlement, Clock clock) {
        this.settlement = settlement;
        this.clock = clock;
    }

    /**
     * The open-period form as posted: {@code datetime-local} values, read as UTC.
     *
     * @param start e.g. {@code 2026-11-25T00:00}
     * @param end   e.g. {@code 2026-11-26T00:00}
     */
    record PeriodForm(String start, String end) {

        static PeriodForm of(Instant start, Instant end) {
            return new PeriodForm(local(start), local(end));
        }

        private static String local(Instant instant) {
            return LocalDateTime.ofInstant(instant, ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).toString();
        }
    }

    /** A period with the caller's own statement totals (null for platform finance or when it has none). */
    public record PeriodRow(PeriodView period, StatementTotals own) {
    }

    @GetMapping("/finance")
    @PreAuthorize(FinanceAccess.FINANCE)
    String periods(CpxPrincipal caller, Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", defaultForm());
        }
        return page(caller, model);
    }

    @PostMapping("/finance/periods")
    @PreAuthorize(FinanceAccess.PLATFORM_FINANCE)
    String open(CpxPrincipal caller, @ModelAttribute("form") PeriodForm form, Model model,
                RedirectAttributes redirect) {
        Instant start;
        Instant end;
        try {
            start = utc(form.start(), "start");
            end = utc(form.end(), "end");
        } catch (IllegalArgumentException e) {
            model.addAttribute("openError", e.getMessage());
            return page(caller, model);
        }
        try {
            PeriodView period = settlement.open(start, end, caller.email());
            redirect.addFlashAttribute("notice", "Period opened and rated: " + period.contracts()
                    + " contracts, " + period.discrepancies() + " discrepancies.");
            return "redirect:/finance/periods/" + period.periodId();
        } catch (CpxException e) {
            model.addAttribute("openError", e.detail());
            return page(caller, model);
        }
    }

    private String page(CpxPrincipal caller, Model model) {
        boolean platform = caller.organization().platform();
        List<PeriodView> periods = settlement.periods(PERIOD_LIMIT);
        List<PeriodRow> rows = periods.stream()
                .map(p -> new PeriodRow(p, platform ? null : own(p.periodId(), caller.organizationCode())))
                .toList();
        model.addAttribute("activeNav", "finance");
        model.addAttribute("fig", FinanceFigures.INSTANCE);
        model.addAttribute("platform", platform);
        model.addAttribute("rows", rows);
        model.addAttribute("openCount", periods.stream().filter(p -> "OPEN".equals(p.status())).count());
        model.addAttribute("now", clock.instant());
        return "finance/index";
    }

    private StatementTotals own(long periodId, String organization) {
        Map<String, StatementTotals> mine = settlement.statements(periodId, organization).stream()
                .collect(Collectors.toMap(StatementTotals::organization, Function.identity()));
        return mine.get(organization);
    }

    /** Yesterday (UTC, on the market clock), or the day after the latest period when that is already over. */
    private PeriodForm defaultForm() {
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        Instant start = today.minus(1, ChronoUnit.DAYS);
        Instant latestEnd = settlement.periods(1).stream().map(PeriodView::periodEnd).findFirst().orElse(null);
        if (latestEnd != null && latestEnd.isAfter(start) && latestEnd.isBefore(today)) {
            start = latestEnd;
        }
        return PeriodForm.of(start, today);
    }

    private static Instant utc(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Enter the period's " + field + " (UTC).");
        }
        try {
            return LocalDateTime.parse(value.strip()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("The " + field + " \"" + value + "\" is not a date and time "
                    + "such as 2026-11-25T00:00.");
        }
    }
}
