package dev.cpx.web.portal.catalog;

import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.catalog.InvalidCpidException;
import dev.cpx.core.catalog.NodeRegistration;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.catalog.NodeView;
import dev.cpx.core.problem.CpxException;
import dev.cpx.settlement.metering.MeteringService;
import dev.cpx.settlement.metering.NodeHealth;
import dev.cpx.web.security.CpxPrincipal;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A provider's own nodes, and the form that registers one. */
@Controller
@PreAuthorize("hasAuthority('ORG_PROVIDER') and hasAnyRole('PROVIDER_OPS', 'ORG_ADMIN')")
class NodesPageController {

    private final NodeService nodes;
    private final CatalogService catalog;
    private final MeteringService metering;

    NodesPageController(NodeService nodes, CatalogService catalog, MeteringService metering) {
        this.nodes = nodes;
        this.catalog = catalog;
        this.metering = metering;
    }

    /**
     * A node's health as the table shows it: status in lower case (up, degraded, down, unknown), when it was last
     * heard from (null if never) and its GPU utilization as a whole percentage (null if not reported).
     */
    public record Health(String status, Instant lastSeen, String utilizationPercent) {

        static final Health UNKNOWN = new Health("unknown", null, null);

        static Health of(NodeHealth health) {
            return new Health(health.status().toLowerCase(Locale.ROOT), health.lastSeen(),
                    health.gpuUtilization() == null ? null : health.gpuUtilization().movePointRight(2)
                            .setScale(0, RoundingMode.HALF_UP).toPlainString());
        }
    }

    /** The registration form as posted. */
    static final class NodeForm {
        @NotBlank(message = "enter the node's CPID")
        @Size(max = 64, message = "a CPID has at most 64 characters")
        private String cpid;
        @NotBlank(message = "choose a compute class")
        private String computeClass;
        @NotNull(message = "enter the number of GPUs")
        @Min(value = 1, message = "a node has at least 1 GPU")
        @Max(value = NodeService.MAX_GPUS_PER_NODE, message = "a node has at most " + NodeService.MAX_GPUS_PER_NODE + " GPUs")
        private Integer gpuCount = 8;
        /** Registering at a site the organization has no node at yet must be said, never inferred from a typo. */
        private boolean newSite;

        public String getCpid() {
            return cpid;
        }

        public void setCpid(String cpid) {
            this.cpid = cpid == null ? null : cpid.strip();
        }

        public String getComputeClass() {
            return computeClass;
        }

        public void setComputeClass(String computeClass) {
            this.computeClass = computeClass;
        }

        public boolean isNewSite() {
            return newSite;
        }

        public void setNewSite(boolean newSite) {
            this.newSite = newSite;
        }

        public Integer getGpuCount() {
            return gpuCount;
        }

        public void setGpuCount(Integer gpuCount) {
            this.gpuCount = gpuCount;
        }
    }

    @GetMapping("/nodes")
    String list(CpxPrincipal caller, Model model) {
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", new NodeForm());
        }
        return page(caller, model);
    }

    @PostMapping("/nodes")
    String register(CpxPrincipal caller, @Valid @ModelAttribute("form") NodeForm form, BindingResult errors,
                    Model model, RedirectAttributes redirect) {
        if (errors.hasErrors()) {
            return page(caller, model);
        }
        try {
            Cpid cpid = Cpid.parse(form.getCpid());
            List<String> sites = sites(caller);
            if (!form.isNewSite() && !sites.contains(cpid.site())) {
                errors.rejectValue("newSite", "site.new", "site " + cpid.site() + " is not one of your sites ("
                        + (sites.isEmpty() ? "you have none yet" : String.join(", ", sites))
                        + "): tick the box if the node really is at a new site, or correct the CPID");
                return page(caller, model);
            }
            var node = nodes.register(caller.organization(),
                    new NodeRegistration(cpid, form.getComputeClass(), form.getGpuCount()));
            redirect.addFlashAttribute("registered", node.cpid());
            return "redirect:/nodes";
        } catch (InvalidCpidException e) {
            errors.rejectValue("cpid", "cpid." + e.part(), e.getMessage());
        } catch (CpxException e) {
            String field = e.errors().isEmpty() ? "cpid" : e.errors().getFirst().field();
            errors.rejectValue(field.equals("computeClass") || field.equals("gpuCount") ? field : "cpid",
                    e.errorCode().code(), e.detail());
        }
        return page(caller, model);
    }

    @PostMapping("/nodes/{cpid}/retire")
    String retire(CpxPrincipal caller, @org.springframework.web.bind.annotation.PathVariable String cpid,
                  RedirectAttributes redirect) {
        try {
            redirect.addFlashAttribute("retired", nodes.retire(caller.organization(), Cpid.parse(cpid)).cpid());
        } catch (InvalidCpidException e) {
            redirect.addFlashAttribute("retireError", "not a CPID: " + e.getMessage());
        } catch (CpxException e) {
            redirect.addFlashAttribute("retireError", e.detail());
        }
        return "redirect:/nodes";
    }

    private List<String> sites(CpxPrincipal caller) {
        return sites(nodes.nodes(caller.organization(), 0, NodeService.MAX_PAGE_SIZE));
    }

    private static List<String> sites(List<NodeView> own) {
        return own.stream().map(NodeView::site).distinct().sorted().toList();
    }

    /**
     * The help text's example: a CPID the organization could really register next (an existing site and region,
     * the next free node number there), or none for an organization without nodes, whose sites nobody can guess.
     */
    private static Cpid example(List<NodeView> own) {
        if (own.isEmpty()) {
            return null;
        }
        NodeView first = own.stream().min(Comparator.comparing(NodeView::site).thenComparing(NodeView::region))
                .orElseThrow();
        Set<String> taken = own.stream().map(NodeView::cpid).map(Cpid::parse)
                .filter(c -> c.site().equals(first.site())).map(Cpid::node).collect(Collectors.toSet());
        String provider = Cpid.parse(first.cpid()).provider();
        return IntStream.rangeClosed(1, 9999).mapToObj(n -> String.format(Locale.ROOT, "N%04d", n))
                .filter(n -> !taken.contains(n)).findFirst()
                .map(n -> Cpid.of(first.region(), provider, first.site(), n)).orElse(null);
    }

    private String page(CpxPrincipal caller, Model model) {
        model.addAttribute("activeNav", "nodes");
        List<NodeView> own = nodes.nodes(caller.organization(), 0, NodeService.MAX_PAGE_SIZE);
        model.addAttribute("nodes", own);
        model.addAttribute("sites", sites(own));
        model.addAttribute("example", example(own));
        Map<String, Health> health = metering.nodeHealth(caller.organizationId()).stream()
                .collect(Collectors.toMap(NodeHealth::cpid, Health::of, (a, b) -> a));
        model.addAttribute("health", health);
        model.addAttribute("unknownHealth", Health.UNKNOWN);
        model.addAttribute("capacity", nodes.capacity(caller.organizationId()));
        model.addAttribute("classes", catalog.computeClasses());
        model.addAttribute("regions", catalog.regions());
        return "nodes/index";
    }
}
