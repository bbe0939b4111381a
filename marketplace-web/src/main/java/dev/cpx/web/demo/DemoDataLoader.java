package dev.cpx.web.demo;

import dev.cpx.core.catalog.Cpid;
import dev.cpx.core.catalog.NodeRegistration;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.identity.ApiKeyService;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.NewOrganization;
import dev.cpx.core.identity.NewUser;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.ledger.LedgerService;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Loads the demo data on the first start of a demo deployment, in one transaction: all of it or none; then starts
 * the demo market (which runs only when {@code cpx.demo.market} is on).
 * Absent unless {@code cpx.demo.enabled=true}, so production never creates a demo credential.
 */
@Component
@ConditionalOnBooleanProperty("cpx.demo.enabled")
class DemoDataLoader implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoDataLoader.class);

    private final IdentityService identity;
    private final ApiKeyService apiKeys;
    private final NodeService nodes;
    private final PasswordEncoder passwords;
    private final LedgerService ledger;
    private final DemoMarket market;

    DemoDataLoader(IdentityService identity, ApiKeyService apiKeys, NodeService nodes, PasswordEncoder passwords,
                   LedgerService ledger, DemoMarket market) {
        this.ledger = ledger;
        this.market = market;
        this.identity = identity;
        this.apiKeys = apiKeys;
        this.nodes = nodes;
        this.passwords = passwords;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        if (identity.organizationByCode("ACME").isEmpty()) {
            load();
        }
        market.start();
    }

    private void load() {
        String passwordHash = passwords.encode(DemoData.PASSWORD);
        Map<String, OrganizationView> byCode = new HashMap<>();
        for (var demo : DemoData.ORGANIZATIONS) {
            var organization = identity.createOrganization(new NewOrganization(demo.code(), demo.name(), demo.buyer(),
                    demo.provider(), demo.platform(), demo.creditLimitMinor()));
            byCode.put(demo.code(), organization);
            for (var user : demo.users()) {
                identity.createUser(new NewUser(organization.id(), user.email(), user.displayName(), passwordHash,
                        user.roles()));
            }
            apiKeys.register(organization.id(), "Demo key", demo.keyPermissions(), demo.apiKey());
            if (demo.walletMinor() > 0) {
                ledger.fund(organization.id(), demo.walletMinor(), "demo-wallet:" + demo.code());
            }
        }
        for (var node : DemoData.NODES) {
            var cpid = Cpid.of(node.region(), node.provider(), node.site(), node.node());
            nodes.register(byCode.get(node.provider()), new NodeRegistration(cpid, node.computeClass(),
                    node.gpuCount()));
        }
        log.info("Demo data loaded: {} organizations, {} nodes", DemoData.ORGANIZATIONS.size(), DemoData.NODES.size());
    }
}
