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
 * object access checks {@link #organizationId()}; authorities come from roles (people) or from permissions
 * (keys), never both, and from what the organization is. {@link ApiAccess} combines them per endpoint.
 */
public record CpxPrincipal(Long userId, Long apiKeyId, OrganizationView organization, String displayName,
                           String email, Set<Role> roles, Set<ApiKeyPermission> keyPermissions)
        implements Serializable {

    public static final String ORG_BUYER = "ORG_BUYER";
    public static final String ORG_PROVIDER = "ORG_PROVIDER";
    public static final String ORG_PLATFORM = "ORG_PLATFORM";

    /** Authority of a key's permission, e.g. {@code SCOPE_METER}; people act through roles only. */
    public static final String SCOPE_PREFIX = "SCOPE_";
    /** Authority of every person signed in to the portal, whatever their roles; never of a key. */
    public static final String PERSON = "PERSON";

    public CpxPrincipal {
        roles = Set.copyOf(roles);
        keyPermissions = Set.copyOf(keyPermissions);
        if ((userId == null) == (apiKeyId == null)) {
            throw new IllegalArgumentException("a principal is either a person or a key");
        }
        if (apiKeyId != null && !roles.isEmpty()) {
            // A role would let a key do what people of that role do, beyond what its permissions name.
            throw new IllegalArgumentException("a key acts through its permissions only, never a role");
        }
        if (userId != null && !keyPermissions.isEmpty()) {
            throw new IllegalArgumentException("a person acts through roles, not key permissions");
        }
    }

    /** A machine holding an API key: its permissions, within what its organization is, and no role. */
    public static CpxPrincipal ofKey(long apiKeyId, OrganizationView organization, String keyName,
                                     Set<ApiKeyPermission> permissions) {
        return new CpxPrincipal(null, apiKeyId, organization, keyName, null, Set.of(), permissions);
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

    /** Who acts, as the admin audit trail records it: the person, or the organization's key. */
    public dev.cpx.core.identity.IdentityAdministration.Administrator administrator() {
        return new dev.cpx.core.identity.IdentityAdministration.Administrator(userId,
                email != null ? email : organization.code() + " key " + apiKeyId);
    }

    public List<GrantedAuthority> authorities() {
        var authorities = new ArrayList<GrantedAuthority>();
        if (userId != null) {
            authorities.add(new SimpleGrantedAuthority(PERSON));
        }
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
