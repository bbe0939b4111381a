package dev.cpx.web.security;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/** A request authenticated by an API key; the secret itself is never kept. */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private final CpxPrincipal principal;

    ApiKeyAuthentication(CpxPrincipal principal) {
        super(principal.authorities());
        this.principal = principal;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    @Override
    public CpxPrincipal getPrincipal() {
        return principal;
    }
}
