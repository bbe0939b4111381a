package dev.cpx.core.catalog;

import dev.cpx.core.catalog.internal.ComputeClassRepository;
import dev.cpx.core.catalog.internal.NodeEntity;
import dev.cpx.core.catalog.internal.NodeRepository;
import dev.cpx.core.catalog.internal.RegionRepository;
import dev.cpx.core.catalog.internal.SiteEntity;
import dev.cpx.core.catalog.internal.SiteRepository;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.CpxException.FieldError;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.core.ledger.MarketInbox;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Providers' registered nodes: registration under the CPID rules, listings and capacity. */
@Service
public class NodeService {

    public static final int MAX_GPUS_PER_NODE = 64;
    public static final int MAX_NODES_PER_ORGANIZATION = 10_000;
    public static final int MAX_PAGE_SIZE = 500;

    private final NodeRepository nodes;
    private final SiteRepository sites;
    private final ComputeClassRepository classes;
    private final RegionRepository regions;
    private final IdentityService identity;
    private final Clock clock;
    private final MarketInbox marketInbox;
    private final NodeLiveness liveness;
    private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

    NodeService(NodeRepository nodes, SiteRepository sites, ComputeClassRepository classes, RegionRepository regions,
                IdentityService identity, Clock clock, MarketInbox marketInbox, NodeLiveness liveness,
                org.springframework.jdbc.core.simple.JdbcClient jdbc) {
        this.liveness = liveness;
        this.jdbc = jdbc;
        this.nodes = nodes;
        this.sites = sites;
        this.classes = classes;
        this.regions = regions;
        this.identity = identity;
        this.clock = clock;
        this.marketInbox = marketInbox;
    }

    @Transactional
    public NodeView register(OrganizationView provider, NodeRegistration registration) {
        Cpid cpid = registration.cpid();
        checkRegistration(provider, registration);
        if (nodes.existsByCpid(cpid.value())) {
            throw new CpxException(ErrorCode.ALREADY_EXISTS, "node " + cpid.value() + " is already registered");
        }
        SiteEntity site = sites.findByOrganizationIdAndCode(provider.id(), cpid.site())
                .orElseGet(() -> sites.save(new SiteEntity(provider.id(), cpid.region(), cpid.site(), clock.instant())));
        if (!site.regionCode().equals(cpid.region())) {
            throw new CpxException(ErrorCode.SITE_IN_OTHER_REGION, "site " + site.code() + " is registered in "
                    + site.regionCode() + ", not " + cpid.region() + "; a site belongs to one region",
                    List.of(new FieldError("cpid", "region does not match site " + site.code())));
        }
        try {
            var node = nodes.saveAndFlush(new NodeEntity(cpid.value(), provider.id(), site,
                    registration.computeClass(), registration.gpuCount(), clock.instant()));
            // The market checks asks against registered GPUs it holds itself: tell it, in this transaction.
            marketInbox.capacity(provider.id(), registration.computeClass(), cpid.region(), registration.gpuCount(),
                    "node:" + cpid.value(), clock.instant());
            return node.view(provider.code());
        } catch (DataIntegrityViolationException raced) {
            if (!nodes.existsByCpid(cpid.value())) {
                throw raced;
            }
            throw new CpxException(ErrorCode.ALREADY_EXISTS, "node " + cpid.value() + " is already registered");
        }
    }

    /**
     * Takes a node out of service for good: its GPUs leave the market's capacity (asks they backed are cancelled
     * with {@code capacity-lost}). Refused while it is allocated to a contract still to be delivered.
     */
    @Transactional
    public NodeView retire(OrganizationView provider, Cpid cpid) {
        NodeEntity node = nodes.findByCpid(cpid.value()).filter(n -> n.organizationId() == provider.id())
                .orElseThrow(() -> CpxException.notFound("node", cpid.value()));
        if (node.status() != NodeStatus.ACTIVE) {
            throw new CpxException(ErrorCode.CONFLICT, "node " + cpid.value() + " is already retired");
        }
        List<Long> contracts = jdbc.sql("select a.contract_id from contract_allocation a join contract c "
                        + "on c.id = a.contract_id where a.node_id = ? and c.delivery_end > ? order by a.contract_id")
                .params(node.id(), dev.cpx.core.time.UtcColumns.utc(clock.instant())).query(Long.class).list();
        if (!contracts.isEmpty()) {
            throw new CpxException(ErrorCode.CONFLICT, "node " + cpid.value() + " is allocated to contract "
                    + contracts.getFirst() + (contracts.size() > 1 ? " and " + (contracts.size() - 1) + " more" : "")
                    + " still to be delivered; retire it after the delivery ends");
        }
        liveness.forget(node.id());
        node.retire();
        marketInbox.capacity(provider.id(), node.computeClassCode(), node.site().regionCode(), -node.gpuCount(),
                "node:" + cpid.value() + ":retired", clock.instant());
        return nodes.saveAndFlush(node).view(provider.code());
    }

    private void checkRegistration(OrganizationView provider, NodeRegistration registration) {
        Cpid cpid = registration.cpid();
        if (!provider.provider()) {
            throw new CpxException(ErrorCode.FORBIDDEN, "organization " + provider.code() + " is not a provider");
        }
        if (!cpid.provider().equals(provider.code())) {
            throw new CpxException(ErrorCode.NOT_OWNER, "the CPID names provider " + cpid.provider()
                    + "; you can register nodes of " + provider.code() + " only",
                    List.of(new FieldError("cpid", "provider part must be " + provider.code())));
        }
        if (!regions.existsById(cpid.region())) {
            throw new CpxException(ErrorCode.INVALID_CPID, "region " + cpid.region() + " of the CPID is not a CPX region",
                    List.of(new FieldError("cpid", "region: unknown region " + cpid.region())))
                    .with("part", InvalidCpidException.REGION);
        }
        if (registration.computeClass() == null || !classes.existsById(registration.computeClass())) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "unknown compute class " + registration.computeClass()
                    + "; see GET /api/v1/compute-classes",
                    List.of(new FieldError("computeClass", "unknown compute class")));
        }
        if (registration.gpuCount() < 1 || registration.gpuCount() > MAX_GPUS_PER_NODE) {
            throw new CpxException(ErrorCode.VALIDATION_FAILED, "a node has 1 to " + MAX_GPUS_PER_NODE + " GPUs",
                    List.of(new FieldError("gpuCount", "must be between 1 and " + MAX_GPUS_PER_NODE)));
        }
        if (nodes.countByOrganizationId(provider.id()) >= MAX_NODES_PER_ORGANIZATION) {
            throw new CpxException(ErrorCode.LIMIT_EXCEEDED, "an organization may register at most "
                    + MAX_NODES_PER_ORGANIZATION + " nodes");
        }
    }

    @Transactional(readOnly = true)
    public List<NodeView> nodes(OrganizationView owner, int page, int size) {
        int boundedSize = Math.clamp(size, 1, MAX_PAGE_SIZE);
        return nodes.findByOrganization(owner.id(), PageRequest.of(Math.max(page, 0), boundedSize)).stream()
                .map(n -> n.view(owner.code()))
                .toList();
    }

    @Transactional(readOnly = true)
    public List<CapacityRow> capacity(long organizationId) {
        return nodes.capacity(organizationId);
    }

    @Transactional(readOnly = true)
    public long nodeCount(long organizationId) {
        return nodes.countByOrganizationId(organizationId);
    }

    /** Every provider with its capacity and nodes, for the public catalog. */
    @Transactional(readOnly = true)
    public List<ProviderSummary> providers() {
        Map<Long, List<NodeEntity>> byOrganization = nodes.findAllOrdered(PageRequest.of(0, MAX_NODES_PER_ORGANIZATION))
                .stream().collect(Collectors.groupingBy(NodeEntity::organizationId));
        return identity.organizations().stream()
                .filter(OrganizationView::provider)
                .map(org -> {
                    List<NodeView> views = byOrganization.getOrDefault(org.id(), List.of()).stream()
                            .map(n -> n.view(org.code())).toList();
                    List<String> regionCodes = views.stream().map(NodeView::region).distinct().sorted().toList();
                    return new ProviderSummary(org.code(), org.name(), regionCodes, nodes.capacity(org.id()), views);
                })
                .toList();
    }
}
