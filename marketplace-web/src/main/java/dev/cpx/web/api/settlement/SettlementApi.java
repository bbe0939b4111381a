package dev.cpx.web.api.settlement;

import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.settlement.netting.Netting;
import dev.cpx.settlement.period.DiscrepancyView;
import dev.cpx.settlement.period.PeriodView;
import dev.cpx.settlement.period.RunView;
import dev.cpx.settlement.period.SettlementRuns;
import dev.cpx.settlement.period.SettlementService;
import dev.cpx.settlement.statement.StatementTotals;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Settlement periods for platform finance; an organization's finance reads its own statements. */
@RestController
@RequestMapping("/api/v1/settlement/periods")
@Tag(name = "Settlement")
class SettlementApi {

    private final SettlementService settlement;
    private final SettlementRuns runs;

    SettlementApi(SettlementService settlement, SettlementRuns runs) {
        this.settlement = settlement;
        this.runs = runs;
    }

    record OpenPeriod(@NotNull Instant periodStart, @NotNull Instant periodEnd) {
    }

    /** {@code currency} and {@code rules} were recorded when the period opened; the period rates with them. */
    record Period(long periodId, String periodStart, String periodEnd, String status, boolean preliminary,
                  Counts counts, Totals totals, String contentHash, String ratedAt, String closedAt, String currency,
                  Rules rules) {

        static Period of(PeriodView view) {
            return of(view, true);
        }

        /** Without the market-wide counts and totals, which are platform finance's, when {@code full} is false. */
        static Period of(PeriodView view, boolean full) {
            return new Period(view.periodId(), view.periodStart().toString(), view.periodEnd().toString(),
                    view.status(), view.open(), !full ? null
                    : new Counts(view.contracts(), view.usageRecords(), view.discrepancies()), !full ? null
                    : new Totals(Money.format(view.valueMinor()), Money.format(view.slaCreditsMinor()),
                            Money.format(view.feesMinor()), view.deliveredGpuSeconds(), view.contractedGpuSeconds()),
                    view.contentHash(), view.ratedAt() == null ? null : view.ratedAt().toString(),
                    view.closedAt() == null ? null : view.closedAt().toString(), view.currency(),
                    new Rules(view.rules().toleranceGpuSeconds(), view.rules().tolerancePermille(),
                            view.rules().providerFeeBasisPoints()));
        }
    }

    record Rules(long toleranceGpuSeconds, int tolerancePermille, int providerFeeBasisPoints) {
    }

    record Counts(int contracts, long usageRecords, int discrepancies) {
    }

    record Totals(String contractValue, String slaCredits, String fees, long deliveredGpuSeconds,
                  long contractedGpuSeconds) {
    }

    /**
     * {@code net = grossReceivable - grossPayable - fees + adjustments}; of it, {@code prepaid} was paid at trade and
     * {@code paidAtClose} is paid by the close ({@code net = paidAtClose - prepaid + adjustments}). {@code run} and
     * {@code contentHash}: the run the figures are from and the SHA-256 of the statement's canonical form in it;
     * {@code withheld}: what open disputes hold back from the organization's payout now.
     */
    record Statement(String organization, String grossPayable, String grossReceivable, String slaCredits, String fees,
                     String net, String adjustments, String prepaid, String paidAtClose, Integer run,
                     String runKind, String contentHash, String withheld) {

        static Statement of(StatementTotals totals, RunView run, String contentHash, long withheldMinor) {
            return new Statement(totals.organization(), Money.format(totals.grossPayableMinor()),
                    Money.format(totals.grossReceivableMinor()), Money.format(totals.slaCreditsMinor()),
                    Money.format(totals.feesMinor()), Money.format(totals.netMinor()),
                    Money.format(totals.adjustmentsMinor()), Money.format(totals.prepaidMinor()),
                    Money.format(totals.paidAtCloseMinor()), run == null ? null : run.run(),
                    run == null ? null : run.kind().name(), contentHash, Money.format(withheldMinor));
        }
    }

    record Discrepancy(long discrepancyId, long contractId, String cpid, String intervalStart, String intervalEnd,
                       long providerGpuSeconds, long buyerGpuSeconds, long difference, boolean withinTolerance,
                       long ratedGpuSeconds, String dispute) {

        static Discrepancy of(DiscrepancyView view) {
            return new Discrepancy(view.discrepancyId(), view.contractId(), view.cpid(),
                    view.intervalStart().toString(), view.intervalEnd().toString(), view.providerGpuSeconds(),
                    view.buyerGpuSeconds(), view.difference(), view.withinTolerance(), view.ratedGpuSeconds(),
                    view.disputeStatus());
        }
    }

    record NettingResult(Map<String, Map<String, String>> gross, Map<String, String> net, List<Payment> payments) {
    }

    record Payment(String from, String to, String amount) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(ApiAccess.PLATFORM_FINANCE)
    @Operation(summary = "Open a period and rate the contracts whose delivery ended in it (preliminary until close)")
    Period open(CpxPrincipal caller, @Valid @RequestBody OpenPeriod request) {
        return Period.of(settlement.open(request.periodStart(), request.periodEnd(), actor(caller)));
    }

    @GetMapping
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "Periods newest first, of a status (OPEN, CLOSED) or all: platform finance sees every "
            + "period, an organization's finance the periods holding its statement")
    List<Period> list(CpxPrincipal caller, @RequestParam(required = false) String status,
                      @RequestParam(defaultValue = "50") int limit) {
        boolean platform = caller.organization().platform();
        return runs.periods(platform ? null : caller.organizationId(), status, limit).stream()
                .map(p -> Period.of(p, platform)).toList();
    }

    @GetMapping("/{periodId}")
    @PreAuthorize(ApiAccess.PLATFORM_FINANCE)
    Period get(@PathVariable long periodId) {
        return Period.of(settlement.period(periodId));
    }

    @PostMapping("/{periodId}/rerun")
    @PreAuthorize(ApiAccess.PLATFORM_FINANCE)
    @Operation(summary = "Rate an open period again with every usage record received so far")
    Period rerun(CpxPrincipal caller, @PathVariable long periodId) {
        return Period.of(settlement.rerun(periodId, actor(caller)));
    }

    @PostMapping("/{periodId}/close")
    @PreAuthorize(ApiAccess.PLATFORM_FINANCE)
    @Operation(summary = "Rate a last time, post to the ledger and freeze the statements; 409 when already closed")
    Period close(CpxPrincipal caller, @PathVariable long periodId) {
        return Period.of(settlement.close(periodId, actor(caller)));
    }

    @GetMapping("/{periodId}/statements")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "Statement totals of a run (the latest unless run is given) with their content hashes; "
            + "platform finance sees every organization, others their own")
    List<Statement> statements(CpxPrincipal caller, @PathVariable long periodId,
                               @RequestParam(required = false) Integer run) {
        String scope = caller.organization().platform() ? null : caller.organizationCode();
        Map<String, Long> withheld = runs.withheld(periodId);
        if (run == null && runs.runs(periodId).isEmpty()) {
            // A period closed before runs were recorded keeps its statements as they were frozen then.
            return settlement.statements(periodId, scope).stream().map(t -> Statement.of(t, null,
                    settlement.statementHash(periodId, t.organization()),
                    withheld.getOrDefault(t.organization(), 0L))).toList();
        }
        return runs.statements(periodId, scope, run).stream().map(s -> Statement.of(s.totals(), s.run(),
                s.contentHash(), withheld.getOrDefault(s.organization(), 0L))).toList();
    }

    @GetMapping("/{periodId}/discrepancies")
    @PreAuthorize(ApiAccess.FINANCE)
    @Operation(summary = "Node-hours where provider and buyer usage differ, within the tolerance or beyond it; "
            + "platform finance sees all, an organization the ones of its contracts")
    List<Discrepancy> discrepancies(CpxPrincipal caller, @PathVariable long periodId,
                                    @RequestParam(defaultValue = "1000") int limit) {
        Long scope = caller.organization().platform() ? null : caller.organizationId();
        return settlement.discrepancies(periodId, scope, limit).stream().map(Discrepancy::of).toList();
    }

    @GetMapping("/{periodId}/netting")
    @PreAuthorize(ApiAccess.PLATFORM_FINANCE)
    @Operation(summary = "Gross obligations between organizations, net positions (positive: receives) and the "
            + "payments through the clearing account that settle them, of a run (the latest unless run is given)")
    NettingResult netting(@PathVariable long periodId, @RequestParam(required = false) Integer run) {
        Netting.Result result = runs.netting(periodId, run);
        var gross = new java.util.TreeMap<String, Map<String, String>>();
        result.gross().forEach((payer, row) -> {
            var formatted = new java.util.TreeMap<String, String>();
            row.forEach((payee, amount) -> formatted.put(payee, Money.format(amount)));
            gross.put(payer, formatted);
        });
        var net = new java.util.TreeMap<String, String>();
        result.net().forEach((org, amount) -> net.put(org, Money.format(amount)));
        return new NettingResult(gross, net, result.payments().stream()
                .map(p -> new Payment(p.from(), p.to(), Money.format(p.amountMinor()))).toList());
    }

    @GetMapping("/{periodId}/audit")
    @PreAuthorize(ApiAccess.PLATFORM_FINANCE)
    @Operation(summary = "Who did what to the period, when")
    List<Map<String, Object>> audit(@PathVariable long periodId) {
        return settlement.auditTrail(periodId);
    }

    static String actor(CpxPrincipal caller) {
        if (caller.email() != null) {
            return caller.email();
        }
        if (caller.apiKeyId() == null) {
            throw new CpxException(dev.cpx.core.problem.ErrorCode.FORBIDDEN, "unknown caller");
        }
        return caller.organizationCode() + " key " + caller.apiKeyId();
    }
}
