package dev.cpx.web.portal.market;

import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentView;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.catalog.NodeStatus;
import dev.cpx.core.catalog.NodeView;
import dev.cpx.core.market.ContractService;
import dev.cpx.core.market.ContractView;
import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.money.Money;
import dev.cpx.core.problem.CpxException;
import dev.cpx.web.config.CpxProperties;
import dev.cpx.web.security.CpxPrincipal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Contracts bought and provided, and the provider's allocation of nodes to them. */
@Controller
class ContractsPageController {

    private final ContractService contracts;
    private final InstrumentService instruments;
    private final NodeService nodes;
    private final OrganizationFills fills;
    private final CpxProperties properties;

    ContractsPageController(ContractService contracts, InstrumentService instruments, NodeService nodes,
                            OrganizationFills fills, CpxProperties properties) {
        this.fills = fills;
        this.properties = properties;
        this.contracts = contracts;
        this.instruments = instruments;
        this.nodes = nodes;
    }

    /** A contract as the page shows it; {@code candidates} are the nodes a provider may allocate to it. */
    record ContractRow(ContractView contract, String price, String value, InstrumentView instrument,
                       List<NodeView> candidates, String fee) {

        public boolean awaitingAllocation() {
            return "AWAITING_ALLOCATION".equals(contract.status());
        }

        /** The UTC day of delivery, as instruments name it. */
        public java.time.LocalDate deliveryDay() {
            return java.time.LocalDate.ofInstant(contract.deliveryStart(), java.time.ZoneOffset.UTC);
        }

        public long hours() {
            return java.time.Duration.between(contract.deliveryStart(), contract.deliveryEnd()).toHours();
        }

        /** {@code 14:00–15:00}: the delivery hours within the day. */
        public String window() {
            return InstrumentView.hoursUtc(contract.deliveryStart(), contract.deliveryEnd());
        }

        public long missingGpus() {
            return Math.max(0, contract.quantity() - contract.allocatedGpus());
        }
    }

    /** An allocation that was refused, shown on its contract after the redirect. */
    record AllocationError(long contractId, String message) {
    }

    @GetMapping("/contracts")
    @PreAuthorize("isAuthenticated()")
    String contracts(CpxPrincipal caller, Model model) {
        List<ContractView> all = contracts.contracts(caller.organization(), MarketQueries.MAX_LIST);
        boolean allocates = caller.isProviderOps() && caller.organization().provider();
        List<NodeView> ownNodes = allocates ? nodes.nodes(caller.organization(), 0, NodeService.MAX_PAGE_SIZE)
                : List.of();
        Map<String, Set<String>> takenBySymbol = all.stream()
                .filter(c -> c.provider().equals(caller.organizationCode()))
                .collect(Collectors.groupingBy(ContractView::instrument,
                        Collectors.flatMapping(c -> c.allocations().stream(), Collectors.toSet())));
        Map<String, InstrumentView> bySymbol = new HashMap<>();
        Map<Long, OrganizationFills.Fill> fillByContract = fills.ofContracts(caller.organizationId(),
                all.stream().map(ContractView::contractId).toList(), properties.settlement().providerFeeBasisPoints());
        List<ContractRow> rows = all.stream().map(c -> {
            InstrumentView instrument = bySymbol.computeIfAbsent(c.instrument(),
                    s -> instruments.bySymbol(s).orElse(null));
            List<NodeView> candidates = instrument == null || !"AWAITING_ALLOCATION".equals(c.status())
                    || !c.provider().equals(caller.organizationCode()) ? List.of()
                    : ownNodes.stream()
                    .filter(n -> n.status() == NodeStatus.ACTIVE && n.computeClass().equals(instrument.computeClass())
                            && n.region().equals(instrument.region())
                            && !takenBySymbol.getOrDefault(c.instrument(), Set.of()).contains(n.cpid()))
                    .toList();
            var fill = fillByContract.get(c.contractId());
            return new ContractRow(c, Money.format(c.priceTicks()), Amounts.grouped(c.valueMinor()), instrument,
                    candidates, fill == null ? null : fill.fee());
        }).toList();

        model.addAttribute("activeNav", "contracts");
        model.addAttribute("bought", rows.stream().filter(r -> r.contract().buyer().equals(caller.organizationCode()))
                .toList());
        model.addAttribute("provided", rows.stream()
                .filter(r -> r.contract().provider().equals(caller.organizationCode())).toList());
        model.addAttribute("allocates", allocates);
        model.addAttribute("isProvider", caller.organization().provider());
        model.addAttribute("isBuyer", caller.organization().buyer());
        model.addAttribute("providerFeePercent", properties.settlement().providerFeeBasisPoints() / 100.0);
        return "market/contracts";
    }

    @PostMapping("/contracts/{contractId}/allocate")
    @PreAuthorize("hasRole('PROVIDER_OPS')")
    String allocate(CpxPrincipal caller, @PathVariable long contractId,
                    @RequestParam(name = "cpids", required = false) List<String> cpids,
                    RedirectAttributes redirect) {
        if (cpids == null || cpids.isEmpty()) {
            redirect.addFlashAttribute("allocationError", new AllocationError(contractId,
                    "tick at least one node to allocate"));
            return "redirect:/contracts#contract-" + contractId;
        }
        try {
            ContractView contract = contracts.allocate(caller.organization(), contractId, cpids);
            redirect.addFlashAttribute("notice", new OrderMessages.Message("success", "Contract " + contractId
                    + ": " + contract.allocatedGpus() + " GPUs on " + contract.allocations().size()
                    + (contract.allocations().size() == 1 ? " node" : " nodes") + " allocated; the buyer sees them now."));
        } catch (CpxException e) {
            redirect.addFlashAttribute("allocationError", new AllocationError(contractId, e.detail()));
        }
        return "redirect:/contracts#contract-" + contractId;
    }
}
