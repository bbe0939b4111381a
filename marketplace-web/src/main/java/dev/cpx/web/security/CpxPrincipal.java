package dev.cpx.web.security;

import dev.cpx.core.identity.ApiKeyPermission;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.identity.Role;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * Who is calling, whether a person signed in to the portal or a machine with an API key. Every
 * object access checks {@link #organizationId()}; authorities come from roles (people) or from
 * permissions intersected with what the organization is (keys).
 */
public record CpxPrincipal(Long userId, Long apiKeyId, OrganizationView organization, String displayName,
                           String email, Set<Role> roles, Set<ApiKeyPermission> keyPermissions)
        implements Serializable {

    public static final String ORG_BUYER = "ORG_BUYER";
    public static final String ORG_PROVIDER = "ORG_PROVIDER";
    public static final String ORG_PLATFORM = "ORG_PLATFORM";

    /** Authority of a key's permission, e.g. {@code SCOPE_METER}; people act through roles only. */
    public static final String SCOPE_PREFIX = "SCOPE_";

    public CpxPrincipal {
        roles = Set.copyOf(roles);
        keyPermissions = Set.copyOf(keyPermissions);
    }

    /** A key acts in the roles its permissions allow within what its organization is. */
    public static Set<Role> rolesForKey(OrganizationView organization, Set<ApiKeyPermission> permissions) {
        var roles = new java.util.HashSet<Role>();
        if (permissions.contains(ApiKeyPermission.TRADE) && organization.buyer()) {
            roles.add(Role.TRADER);
        }
        if ((permissions.contains(ApiKeyPermission.TRADE) || permissions.contains(ApiKeyPermission.METER))
                && organization.provider()) {
            roles.add(Role.PROVIDER_OPS);
        }
        if (permissions.contains(ApiKeyPermission.FINANCE)) {
            roles.add(Role.FINANCE);
        }
        if (permissions.contains(ApiKeyPermission.ADMIN) && organization.platform()) {
            roles.add(Role.PLATFORM_ADMIN);
        }
        return roles;
    }

    public long organizationId() {
        return organization.id();
    }

    public String organizationCode() {
        return organization.code();
    }

    public String organizationName() {
        return organization.name();
    }

    public boolean isTrader() {
        return roles.contains(Role.TRADER);
    }

    public boolean isProviderOps() {
        return roles.contains(Role.PROVIDER_OPS);
    }

    public boolean isFinance() {
        return roles.contains(Role.FINANCE);
    }

    public boolean isOrgAdmin() {
        return roles.contains(Role.ORG_ADMIN);
    }

    public boolean isPlatformAdmin() {
        return roles.contains(Role.PLATFORM_ADMIN);
    }

    public List<GrantedAuthority> authorities() {
        var authorities = new ArrayList<GrantedAuthority>();
        roles.forEach(role -> authorities.add(new SimpleGrantedAuthority("ROLE_" + role.name())));
        if (organization.buyer()) {
            authorities.add(new SimpleGrantedAuthority(ORG_BUYER));
        }
        if (organization.provider()) {
            authorities.add(new SimpleGrantedAuthority(ORG_PROVIDER));
        }
        if (organization.platform()) {
            authorities.add(new SimpleGrantedAuthority(ORG_PLATFORM));
        }
        keyPermissions.forEach(p -> authorities.add(new SimpleGrantedAuthority(SCOPE_PREFIX + p.name())));
        return authorities;
    }
}
