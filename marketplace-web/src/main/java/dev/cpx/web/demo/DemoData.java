package dev.cpx.web.demo;

import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.Role;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The demo organizations, logins, keys and nodes of the API contract's demo table. Demo mode only. */
final class DemoData {

    static final String PASSWORD = "demo-pass-1";

    private DemoData() {
    }

    record DemoOrganization(String code, String name, boolean buyer, boolean provider, boolean platform,
                            long creditLimitMinor, long walletMinor, String apiKey, Set<ApiKeyPermission> keyPermissions,
                            List<DemoUser> users) {
    }

    record DemoUser(String email, String displayName, Set<Role> roles) {
    }

    record DemoNode(String provider, String region, String site, String node, String computeClass, int gpuCount) {
    }

    private static final Set<ApiKeyPermission> BUYER_KEY = EnumSet.of(ApiKeyPermission.TRADE, ApiKeyPermission.METER,
            ApiKeyPermission.READ, ApiKeyPermission.FINANCE);
    private static final Set<ApiKeyPermission> PLATFORM_KEY = EnumSet.of(ApiKeyPermission.ADMIN,
            ApiKeyPermission.FINANCE, ApiKeyPermission.READ);

    static final List<DemoOrganization> ORGANIZATIONS = List.of(
            new DemoOrganization("ACME", "Acme Robotics", true, false, false, 0, 100_000_000L, "demo-acme-key", BUYER_KEY, List.of(
                    new DemoUser("trader@acme.demo", "Acme Trader", Set.of(Role.TRADER, Role.ORG_ADMIN)),
                    new DemoUser("finance@acme.demo", "Acme Finance", Set.of(Role.FINANCE)))),
            new DemoOrganization("NOVA", "Nova Pharma", true, false, false, 0, 5_000_000L, "demo-nova-key", BUYER_KEY, List.of(
                    new DemoUser("trader@nova.demo", "Nova Trader", Set.of(Role.TRADER, Role.ORG_ADMIN)),
                    new DemoUser("finance@nova.demo", "Nova Finance", Set.of(Role.FINANCE)))),
            new DemoOrganization("SHCC", "Shanghai Compute Center", true, true, false, 50_000_000L, 0, "demo-shcc-key",
                    BUYER_KEY, List.of(
                    new DemoUser("ops@shcc.demo", "SHCC Operations",
                            Set.of(Role.PROVIDER_OPS, Role.TRADER, Role.ORG_ADMIN)),
                    new DemoUser("finance@shcc.demo", "SHCC Finance", Set.of(Role.FINANCE)))),
            new DemoOrganization("GZDH", "Guizhou DataHub", false, true, false, 0, 0, "demo-gzdh-key", BUYER_KEY, List.of(
                    new DemoUser("ops@gzdh.demo", "GZDH Operations", Set.of(Role.PROVIDER_OPS, Role.ORG_ADMIN)),
                    new DemoUser("finance@gzdh.demo", "GZDH Finance", Set.of(Role.FINANCE)))),
            new DemoOrganization("CPX", "CPX Platform", false, false, true, 0, 0, "demo-admin-key", PLATFORM_KEY, List.of(
                    new DemoUser("admin@cpx.demo", "Platform Admin", Set.of(Role.PLATFORM_ADMIN, Role.ORG_ADMIN)),
                    new DemoUser("finance@cpx.demo", "Platform Finance", Set.of(Role.FINANCE)))));

    static final List<DemoNode> NODES = List.of(
            new DemoNode("SHCC", "CN-EAST", "SH01", "N0001", "H100-SXM-80G", 8),
            new DemoNode("SHCC", "CN-EAST", "SH01", "N0002", "H100-SXM-80G", 8),
            new DemoNode("SHCC", "CN-EAST", "SH01", "N0003", "H100-SXM-80G", 8),
            new DemoNode("SHCC", "CN-EAST", "SH01", "N0004", "H100-SXM-80G", 8),
            new DemoNode("SHCC", "CN-EAST", "SH01", "N0005", "A100-SXM-80G", 8),
            new DemoNode("SHCC", "CN-EAST", "SH01", "N0006", "A100-SXM-80G", 8),
            new DemoNode("SHCC", "CN-NORTH", "BJ01", "N0101", "H20-96G", 8),
            new DemoNode("SHCC", "CN-NORTH", "BJ01", "N0102", "H20-96G", 8),
            new DemoNode("SHCC", "CN-NORTH", "BJ01", "N0103", "L40S-48G", 8),
            new DemoNode("GZDH", "CN-WEST", "GY01", "N0001", "ASCEND910B-64G", 8),
            new DemoNode("GZDH", "CN-WEST", "GY01", "N0002", "ASCEND910B-64G", 8),
            new DemoNode("GZDH", "CN-WEST", "GY01", "N0003", "ASCEND910B-64G", 8),
            new DemoNode("GZDH", "CN-WEST", "GY01", "N0004", "H100-SXM-80G", 8),
            new DemoNode("GZDH", "CN-WEST", "GY02", "N0005", "MI300X-192G", 8),
            new DemoNode("GZDH", "CN-SOUTH", "GZ01", "N0001", "RTX4090-24G", 8),
            new DemoNode("GZDH", "CN-SOUTH", "GZ01", "N0002", "RTX4090-24G", 8));
}
