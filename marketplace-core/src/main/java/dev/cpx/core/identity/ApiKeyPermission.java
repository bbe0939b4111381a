package dev.cpx.core.identity;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a machine holding an API key may do, always within the key's one organization and exactly what the name
 * says: a key never acts through a person's role (the web module's {@code ApiAccess} and docs/api.md list the
 * endpoints of each).
 */
public enum ApiKeyPermission {
    /** Place, amend and cancel orders, register nodes, allocate nodes to contracts; no reads. */
    TRADE,
    /** Send usage records and heartbeats, nothing else: the agent on a provider's hosts. */
    METER,
    /** Read the organization's orders, contracts, nodes and account. */
    READ,
    /** What READ reads, plus statements, reports, disputes and top-ups; platform finance also runs settlement. */
    FINANCE,
    /** Operate the platform; only granted to keys of the platform organization. */
    ADMIN;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Set<ApiKeyPermission> parse(String commaSeparated) {
        if (commaSeparated == null || commaSeparated.isBlank()) {
            return EnumSet.noneOf(ApiKeyPermission.class);
        }
        return Arrays.stream(commaSeparated.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> ApiKeyPermission.valueOf(s.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ApiKeyPermission.class)));
    }

    public static String format(Set<ApiKeyPermission> permissions) {
        return permissions.stream().sorted().map(ApiKeyPermission::label).collect(Collectors.joining(","));
    }
}
