package dev.cpx.web.portal;

import dev.cpx.core.identity.Role;
import dev.cpx.web.security.CpxPrincipal;
import java.util.Set;
import java.util.stream.Collectors;

/** The signed-in person as every portal page shows it. */
public record CurrentUser(String displayName, String email, String organizationCode, String organizationName,
                          Set<String> roles, boolean trader, boolean providerOps, boolean finance, boolean orgAdmin,
                          boolean platformAdmin) {

    static CurrentUser of(CpxPrincipal principal) {
        return new CurrentUser(principal.displayName(), principal.email(), principal.organizationCode(),
                principal.organizationName(), principal.roles().stream().map(Role::name).collect(Collectors.toSet()),
                principal.isTrader(), principal.isProviderOps(), principal.isFinance(), principal.isOrgAdmin(),
                principal.isPlatformAdmin());
    }
}
