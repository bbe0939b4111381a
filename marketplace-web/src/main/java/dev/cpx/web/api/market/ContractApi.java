package dev.cpx.web.api.market;

import dev.cpx.core.market.ContractService;
import dev.cpx.web.api.market.MarketResponses.Contract;
import dev.cpx.web.security.ApiAccess;
import dev.cpx.web.security.CpxPrincipal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Contracts the caller's organization bought or provides, and the provider's node allocations. */
@RestController
@RequestMapping("/api/v1/contracts")
@Tag(name = "Contracts")
class ContractApi {

    private final ContractService contracts;

    ContractApi(ContractService contracts) {
        this.contracts = contracts;
    }

    record AllocationRequest(@NotEmpty List<String> cpids) {
    }

    @GetMapping
    @PreAuthorize(ApiAccess.READ)
    @Operation(summary = "Contracts where the organization is buyer or provider, newest first; at most 500")
    List<Contract> list(CpxPrincipal caller, @RequestParam(defaultValue = "100") int limit) {
        return contracts.contracts(caller.organization(), limit).stream().map(Contract::of).toList();
    }

    @PostMapping("/{contractId}/allocations")
    @PreAuthorize(ApiAccess.ALLOCATE)
    @Operation(summary = "Allocate whole nodes to a contract: own, of its class and region, free in its window, "
            + "enough GPUs in total")
    Contract allocate(CpxPrincipal caller, @PathVariable long contractId,
                      @Valid @RequestBody AllocationRequest request) {
        return Contract.of(contracts.allocate(caller.organization(), contractId, request.cpids()));
    }
}
