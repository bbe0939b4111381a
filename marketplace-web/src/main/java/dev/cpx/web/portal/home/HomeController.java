package dev.cpx.web.portal.home;

import dev.cpx.core.catalog.CapacityRow;
import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.web.security.CpxPrincipal;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The signed-in home page: what the organization has, and a section per role. */
@Controller
@PreAuthorize("isAuthenticated()")
class HomeController {

    /** The figures of the home page. */
    public record HomeSummary(String organizationName, String organizationCode, List<String> capabilities,
                       long openInstrumentCount, long classCount, long regionCount, long nodeCount, long gpuCount,
                       List<CapacityRow> capacity, long apiKeyCount) {
    }

    private final CatalogService catalog;
    private final InstrumentService instruments;
    private final NodeService nodes;
    private final ApiKeyService apiKeys;

    HomeController(CatalogService catalog, InstrumentService instruments, NodeService nodes, ApiKeyService apiKeys) {
        this.catalog = catalog;
        this.instruments = instruments;
        this.nodes = nodes;
        this.apiKeys = apiKeys;
    }

    @GetMapping("/home")
    String home(CpxPrincipal caller, Model model) {
        OrganizationView organization = caller.organization();
        List<CapacityRow> capacity = nodes.capacity(organization.id());
        model.addAttribute("activeNav", "home");
        model.addAttribute("home", new HomeSummary(organization.name(), organization.code(), capabilities(organization),
                instruments.countOpen(), catalog.computeClasses().size(), catalog.regions().size(),
                capacity.stream().mapToLong(CapacityRow::nodes).sum(),
                capacity.stream().mapToLong(CapacityRow::gpus).sum(), capacity,
                apiKeys.countActive(organization.id())));
        return "home";
    }

    private static List<String> capabilities(OrganizationView organization) {
        var capabilities = new ArrayList<String>();
        if (organization.buyer()) {
            capabilities.add("Buyer");
        }
        if (organization.provider()) {
            capabilities.add("Provider");
        }
        if (organization.platform()) {
            capabilities.add("Platform");
        }
        return capabilities;
    }
}
