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

/** Disputes on discrepancies of closed periods: either side opens one, platform finance resolves it. */
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

    record ResolveDispute(String adjustment, String to, @NotBlank String resolution) {
    }

    record Dispute(long disputeId, long discrepancyId, long contractId, long periodId, String openedBy,
                   String organization, String reason, String status, String openedAt, String resolution,
                   String adjustment, String adjustmentTo, Long adjustmentPeriodId, String resolvedBy,
                   String resolvedAt) {

        static Dispute of(DisputeView view) {
            return new Dispute(view.disputeId(), view.discrepancyId(), view.contractId(), view.periodId(),
                    view.openedBy(), view.openedByOrganization(), view.reason(), view.status(),
                    view.openedAt().toString(), view.resolution(),
                    view.adjustmentMinor() == null ? null : Money.format(view.adjustmentMinor()), view.adjustmentTo(),
                    view.adjustmentPeriodId(), view.resolvedBy(),
                    view.resolvedAt() == null ? null : view.resolvedAt().toString());
        }
    }

    @PostMapping("/discrepancies/{discrepancyId}/disputes")
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(ApiAccess.DISPUTES)
    @Operation(summary = "Open a dispute on a discrepancy of a closed period, as the buyer or the provider")
    Dispute open(CpxPrincipal caller, @PathVariable long discrepancyId, @Valid @RequestBody OpenDispute request) {
        return Dispute.of(settlement.openDispute(caller.organizationId(), discrepancyId, request.reason(),
                SettlementApi.actor(caller)));
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
    @Operation(summary = "Resolve with an adjustment (decimal, may be 0.00) to BUYER or PROVIDER, booked in the "
            + "next open period; the ledger moves at once")
    Dispute resolve(CpxPrincipal caller, @PathVariable long disputeId, @Valid @RequestBody ResolveDispute request) {
        long amount = request.adjustment() == null ? 0 : Prices.parse(request.adjustment(),
                "adjustment");
        return Dispute.of(settlement.resolveDispute(disputeId, amount, request.to(), request.resolution(),
                SettlementApi.actor(caller)));
    }
}
