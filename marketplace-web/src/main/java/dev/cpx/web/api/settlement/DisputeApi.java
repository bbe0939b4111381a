package dev.cpx.web.api.settlement;

import dev.cpx.core.money.Money;
import dev.cpx.web.api.market.Prices;
import dev.cpx.settlement.period.DisputeView;
import dev.cpx.settlement.period.SettlementService;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
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

/**
 * Disputes on discrepancies, or on whole contract lines where one side never reported: either side opens one from
 * the period's first run until its dispute window ends, platform finance resolves it.
 */
@RestController
@RequestMapping("/api/v1/settlement")
@Tag(name = "Settlement")
class DisputeApi {

    private final SettlementService settlement;

    DisputeApi(SettlementService settlement) {
        this.settlement = settlement;
    }

    record OpenDispute(@NotBlank String reason) {
    }

    /** The reason is checked by the use case, after the line is found to be the caller's. */
    record OpenLineDispute(@Size(max = 500) String reason) {
    }

    record ResolveDispute(String adjustment, String to, @NotBlank String resolution) {
    }

    /** {@code discrepancyId} is null on a dispute of a whole line; {@code withheld} is held back while it is open. */
    record Dispute(long disputeId, Long discrepancyId, long contractId, long periodId, String openedBy,
                   String organization, String reason, String status, String openedAt, String resolution,
                   String adjustment, String adjustmentTo, Long adjustmentPeriodId, String resolvedBy,
                   String resolvedAt, String withheld) {

        static Dispute of(DisputeView view) {
            return new Dispute(view.disputeId(), view.discrepancyId(), view.contractId(), view.periodId(),
                    view.openedBy(), view.openedByOrganization(), view.reason(), view.status(),
                    view.openedAt().toString(), view.resolution(),
                    view.adjustmentMinor() == null ? null : Money.format(view.adjustmentMinor()), view.adjustmentTo(),
                    view.adjustmentPeriodId(), view.resolvedBy(),
                    view.resolvedAt() == null ? null : view.resolvedAt().toString(),
                    Money.format(view.withheldMinor()));
        }
    }

    @PostMapping("/discrepancies/{discrepancyId}/disputes")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(ApiAccess.DISPUTES)
    @Operation(summary = "Open a dispute on a discrepancy, as the buyer or the provider, from the period's first run "
            + "until its dispute window after close ends")
    Dispute open(CpxPrincipal caller, @PathVariable long discrepancyId, @Valid @RequestBody OpenDispute request) {
        return Dispute.of(settlement.openDispute(caller.organizationId(), discrepancyId, request.reason(),
                SettlementApi.actor(caller)));
    }

    @PostMapping("/periods/{periodId}/contracts/{contractId}/disputes")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(ApiAccess.DISPUTES)
    @Operation(summary = "Open a dispute on a whole contract line where one side never reported, as the buyer or "
            + "the provider; a line both sides reported is disputed through its discrepancies (409)")
    Dispute openOnLine(CpxPrincipal caller, @PathVariable long periodId, @PathVariable long contractId,
                       @Valid @RequestBody OpenLineDispute request) {
        return Dispute.of(settlement.openLineDispute(caller.organizationId(), periodId, contractId,
                request.reason(), SettlementApi.actor(caller)));
    }

    @GetMapping("/disputes")
    @PreAuthorize(ApiAccess.DISPUTES)
    @Operation(summary = "Disputes, newest first: platform finance sees all, others those of their contracts")
    List<Dispute> list(CpxPrincipal caller, @RequestParam(defaultValue = "100") int limit) {
        Long scope = caller.organization().platform() ? null : caller.organizationId();
        return settlement.disputes(scope, limit).stream().map(Dispute::of).toList();
    }

    @PostMapping("/disputes/{disputeId}/resolve")
    @PreAuthorize(ApiAccess.PLATFORM_FINANCE)
    @Operation(summary = "Resolve with an adjustment (decimal, may be 0.00) to BUYER or PROVIDER, at most what the "
            + "line holds for that side, booked in the dispute's own period (its next TRUE_UP run once closed); the "
            + "ledger moves at once")
    Dispute resolve(CpxPrincipal caller, @PathVariable long disputeId, @Valid @RequestBody ResolveDispute request) {
        long amount = request.adjustment() == null ? 0 : Prices.parse(request.adjustment(),
                "adjustment");
        return Dispute.of(settlement.resolveDispute(disputeId, amount, request.to(), request.resolution(),
                SettlementApi.actor(caller)));
    }
}
