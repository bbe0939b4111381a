package dev.cpx.web.portal;

import dev.cpx.web.security.CpxPrincipal;

/**
 * Which of the signed-in pages the navigation offers this person: exactly those they may open, by the same rules as
 * the pages' own access checks (a link that answers 403 is a dead end; {@code NavigationTests} holds the two
 * together for every demo role).
 */
public record PortalMenu(boolean market, boolean getCompute, boolean capacity, boolean nodes, boolean finance,
                         boolean payouts,
                         boolean apiKeys, boolean admin) {

    static PortalMenu of(CpxPrincipal person) {
        var organization = person.organization();
        boolean operatesNodes = organization.provider() && (person.isProviderOps() || person.isOrgAdmin());
        // The platform neither buys nor sells: its orders, contracts and wallet pages are always empty.
        // Get compute buys: a buyer organization's traders, as the page itself requires.
        return new PortalMenu(organization.buyer() || organization.provider(),
                organization.buyer() && person.isTrader(), operatesNodes, operatesNodes,
                person.isFinance(), person.isFinance() && (organization.platform() || organization.provider()),
                person.isOrgAdmin() || person.isPlatformAdmin(),
                organization.platform() && person.isPlatformAdmin());
    }
}
