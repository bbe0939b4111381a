package dev.cpx.web.portal.finance;

/** Who may use the finance pages: anyone with the finance role; platform finance runs and closes periods. */
final class FinanceAccess {

    static final String FINANCE = "hasRole('FINANCE')";
    static final String PLATFORM_FINANCE = "hasAuthority('ORG_PLATFORM') and hasRole('FINANCE')";

    private FinanceAccess() {
    }
}
