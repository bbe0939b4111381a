package dev.cpx.web.portal.finance;

import dev.cpx.core.problem.CpxException;
import dev.cpx.settlement.period.DiscrepancyView;
import dev.cpx.settlement.period.PeriodView;
import dev.cpx.settlement.period.LineLineage;
import dev.cpx.settlement.period.SettlementRuns;
import dev.cpx.settlement.period.SettlementService;
import dev.cpx.settlement.statement.StatementTotals;
import dev.cpx.web.security.CpxPrincipal;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import dev.cpx.core.money.Money;
import java.util.HashMap;
import java.util.Map;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * One settlement period. Platform finance sees every statement, the netting, the discrepancies and the audit trail,
 * and re-runs or closes the period; an organization's finance sees its own statement and discrepancies only.
 */
@Controller
class PeriodPageController {

    /** Discrepancies shown on the page; the reports and the API carry the rest. */
    static final int DISCREPANCY_LIMIT = 200;

    private final SettlementService settlement;
    private final SettlementRuns runs;

    PeriodPageController(SettlementService settlement, SettlementRuns runs) {
        this.settlement = settlement;
        this.runs = runs;
    }

    @GetMapping("/finance/periods/{periodId}")
    @PreAuthorize(FinanceAccess.FINANCE)
    String period(CpxPrincipal caller, @PathVariable long periodId, Model model) {
        PeriodView period = settlement.period(periodId);
        model.addAttribute("activeNav", "finance");
        model.addAttribute("fig", FinanceFigures.INSTANCE);
        model.addAttribute("period", period);
        model.addAttribute("discrepancyLimit", DISCREPANCY_LIMIT);
        if (caller.organization().platform()) {
            model.addAttribute("statements", settlement.statements(periodId, null));
            model.addAttribute("netting", NettingTable.of(runs.netting(periodId, null)));
            model.addAttribute("discrepancies", settlement.discrepancies(periodId, null, DISCREPANCY_LIMIT));
            model.addAttribute("audit", settlement.auditTrail(periodId));
            model.addAttribute("runs", runs.runs(periodId));
            model.addAttribute("mayDispute", false);
            model.addAttribute("mayResolve", true);
            model.addAttribute("disputeIds", disputeIds(periodId, null));
            return "finance/period";
        }
        String organization = caller.organizationCode();
        List<StatementTotals> own = settlement.statements(periodId, organization);
        List<DiscrepancyView> discrepancies = settlement.discrepancies(periodId, caller.organizationId(),
                DISCREPANCY_LIMIT);
        model.addAttribute("organization", caller.organization());
        model.addAttribute("totals", own.isEmpty() ? null : own.getFirst());
        model.addAttribute("lines", lineage(periodId, organization, !own.isEmpty()));
        model.addAttribute("statementHash", settlement.statementHash(periodId, organization));
        model.addAttribute("discrepancies", discrepancies);
        // From the first run until the dispute window ends; the service says why when it has ended.
        model.addAttribute("mayDispute", true);
        model.addAttribute("mayResolve", false);
        model.addAttribute("disputeIds", disputeIds(periodId, caller.organizationId()));
        return "finance/statement";
    }

    @PostMapping("/finance/periods/{periodId}/rerun")
    @PreAuthorize(FinanceAccess.PLATFORM_FINANCE)
    String rerun(CpxPrincipal caller, @PathVariable long periodId, RedirectAttributes redirect) {
        try {
            PeriodView period = settlement.rerun(periodId, caller.email());
            redirect.addFlashAttribute("notice", "Rated again: " + period.contracts() + " contracts, "
                    + period.usageRecords() + " usage records, " + period.discrepancies() + " discrepancies.");
        } catch (CpxException e) {
            redirect.addFlashAttribute("failure", e.detail());
        }
        return "redirect:/finance/periods/" + periodId;
    }

    @PostMapping("/finance/periods/{periodId}/close")
    @PreAuthorize(FinanceAccess.PLATFORM_FINANCE)
    String close(CpxPrincipal caller, @PathVariable long periodId, RedirectAttributes redirect) {
        try {
            PeriodView period = settlement.close(periodId, caller.email());
            redirect.addFlashAttribute("notice", "Period closed. Statements are frozen under content hash "
                    + period.contentHash() + ".");
        } catch (CpxException e) {
            redirect.addFlashAttribute("failure", e.detail());
        }
        return "redirect:/finance/periods/" + periodId;
    }

    @PostMapping("/finance/periods/{periodId}/true-up")
    @PreAuthorize(FinanceAccess.PLATFORM_FINANCE)
    String trueUp(CpxPrincipal caller, @PathVariable long periodId, RedirectAttributes redirect) {
        try {
            var trueUp = runs.trueUp(periodId, caller.email());
            redirect.addFlashAttribute("notice", "Run " + trueUp.run().run() + " (TRUE_UP) recorded: "
                    + trueUp.changes().size() + " lines changed; content hash " + trueUp.run().contentHash() + ".");
        } catch (CpxException e) {
            redirect.addFlashAttribute("failure", e.detail());
        }
        return "redirect:/finance/periods/" + periodId + "#runs";
    }

    /** Either side's finance disputes a discrepancy, from the period's first run until its dispute window ends. */
    @PostMapping("/finance/periods/{periodId}/discrepancies/{discrepancyId}/dispute")
    @PreAuthorize("hasRole('FINANCE')")
    String dispute(CpxPrincipal caller, @PathVariable long periodId, @PathVariable long discrepancyId,
                   @RequestParam(defaultValue = "") String reason, RedirectAttributes redirect) {
        try {
            var dispute = settlement.openDispute(caller.organizationId(), discrepancyId, reason, caller.email());
            redirect.addFlashAttribute("notice", "Dispute " + dispute.disputeId() + " opened on discrepancy "
                    + discrepancyId + "; platform finance will resolve it.");
        } catch (CpxException e) {
            redirect.addFlashAttribute("failure", e.detail());
        }
        return "redirect:/finance/periods/" + periodId + "#discrepancies";
    }

    /** Platform finance resolves a dispute with an adjustment booked in the dispute's own period. */
    @PostMapping("/finance/periods/{periodId}/disputes/{disputeId}/resolve")
    @PreAuthorize(FinanceAccess.PLATFORM_FINANCE)
    String resolve(CpxPrincipal caller, @PathVariable long periodId, @PathVariable long disputeId,
                   @RequestParam(defaultValue = "0") String adjustment, @RequestParam(defaultValue = "") String to,
                   @RequestParam(defaultValue = "") String resolution, RedirectAttributes redirect) {
        try {
            long amount = Money.parseMinor(adjustment.isBlank() ? "0" : adjustment);
            var dispute = settlement.resolveDispute(disputeId, amount, to, resolution, caller.email());
            redirect.addFlashAttribute("notice", "Dispute " + disputeId + " resolved; the adjustment is booked in "
                    + "period " + dispute.adjustmentPeriodId() + " (in its next TRUE_UP run once it is closed).");
        } catch (Money.InvalidAmountException e) {
            redirect.addFlashAttribute("failure", "Adjustment " + e.getMessage());
        } catch (CpxException e) {
            redirect.addFlashAttribute("failure", e.detail());
        }
        return "redirect:/finance/periods/" + periodId + "#discrepancies";
    }

    /**
     * The statement's lines with the usage records behind each, from the period's latest run; a period closed
     * before runs were recorded shows its lines without counts.
     */
    private List<LineLineage> lineage(long periodId, String organization, boolean hasStatement) {
        if (!hasStatement) {
            return List.of();
        }
        if (runs.runs(periodId).isEmpty()) {
            return settlement.lines(periodId, organization).stream().map(l -> new LineLineage(l, 0, 0)).toList();
        }
        return runs.lines(periodId, organization, null);
    }

    private Map<Long, Long> disputeIds(long periodId, Long organizationId) {
        var ids = new HashMap<Long, Long>();
        settlement.disputes(organizationId, 500).stream()
                .filter(d -> d.periodId() == periodId && d.discrepancyId() != null)
                .forEach(d -> ids.put(d.discrepancyId(), d.disputeId()));
        return ids;
    }
}
