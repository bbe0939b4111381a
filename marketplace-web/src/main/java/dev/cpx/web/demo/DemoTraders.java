package dev.cpx.web.demo;

import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.catalog.NodeRegistration;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.NewOrganization;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.ledger.LedgerService;
import java.util.List;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The demo market's own traders: a market maker that buys, and two simulated providers with nodes across classes
 * and regions. None has a login or an API key; they trade only through {@link DemoMarket}. Kept apart from the
 * demo table's organizations so that what a visitor signs in as is never traded on their behalf.
 */
@Component
@ConditionalOnBooleanProperty("cpx.demo.enabled")
class DemoTraders {

    static final String MAKER = "DMM";
    /**
     * 20,000,000.00: the maker's resting bids hold money (one node's GPUs x 1 hour x price) until they trade or their
     * hour's gate closes, some tens of thousands at a time over the 48 hours quoted; trades, one node's GPUs per node
     * and hour at most, spend under 10,000 a day, so it lasts the demo's life.
     */
    private static final long MAKER_WALLET_MINOR = 2_000_000_000L;

    record SimulatedProvider(String code, String name, List<DemoData.DemoNode> nodes) {
    }

    static final List<SimulatedProvider> PROVIDERS = List.of(
            new SimulatedProvider("HZAI", "Hangzhou AI Cloud (simulated)", List.of(
                    node("HZAI", "CN-EAST", "HZ01", "N01", "H100-SXM-80G"),
                    node("HZAI", "CN-EAST", "HZ01", "N02", "H100-SXM-80G"),
                    node("HZAI", "CN-EAST", "HZ01", "N03", "A100-SXM-80G"),
                    node("HZAI", "CN-EAST", "HZ01", "N04", "L40S-48G"),
                    node("HZAI", "US-WEST", "SJ01", "N01", "H100-SXM-80G"),
                    node("HZAI", "US-WEST", "SJ01", "N02", "H200-SXM-141G"),
                    node("HZAI", "EU-CENTRAL", "FR01", "N01", "MI300X-192G"))),
            new SimulatedProvider("SZGC", "Shenzhen GPU Cloud (simulated)", List.of(
                    node("SZGC", "CN-SOUTH", "SZ01", "N01", "RTX4090-24G"),
                    node("SZGC", "CN-SOUTH", "SZ01", "N02", "H20-96G"),
                    node("SZGC", "CN-NORTH", "TJ01", "N01", "H20-96G"),
                    node("SZGC", "CN-NORTH", "TJ01", "N02", "A100-PCIE-40G"),
                    node("SZGC", "CN-WEST", "CQ01", "N01", "ASCEND910B-64G"),
                    node("SZGC", "US-WEST", "LA01", "N01", "A100-SXM-80G"))));

    private final IdentityService identity;
    private final NodeService nodes;
    private final LedgerService ledger;

    DemoTraders(IdentityService identity, NodeService nodes, LedgerService ledger) {
        this.identity = identity;
        this.nodes = nodes;
        this.ledger = ledger;
    }

    private static DemoData.DemoNode node(String provider, String region, String site, String node, String computeClass) {
        return new DemoData.DemoNode(provider, region, site, node, computeClass, 8);
    }

    /** Creates what is missing (a demo from before the demo market gets its traders on its next start). */
    @Transactional
    public void ensure() {
        if (identity.organizationByCode(MAKER).isEmpty()) {
            var maker = identity.createOrganization(new NewOrganization(MAKER, "Demo Market Maker (simulated)", true,
                    false, false, 0));
            ledger.fund(maker.id(), MAKER_WALLET_MINOR, "demo-wallet:" + MAKER);
        }
        for (var provider : PROVIDERS) {
            if (identity.organizationByCode(provider.code()).isPresent()) {
                continue;
            }
            OrganizationView organization = identity.createOrganization(new NewOrganization(provider.code(),
                    provider.name(), false, true, false, 0));
            for (var node : provider.nodes()) {
                nodes.register(organization, new NodeRegistration(Cpid.of(node.region(), node.provider(), node.site(),
                        node.node()), node.computeClass(), node.gpuCount()));
            }
        }
    }
}
