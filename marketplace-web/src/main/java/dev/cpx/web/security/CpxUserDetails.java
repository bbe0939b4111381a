package dev.cpx.web.security;

import dev.cpx.core.identity.UserAccount;
import java.util.Collection;
import java.util.Set;
import org.springframework.security.core.CredentialsContainer;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;

/** A portal user for Spring Security; the password hash is erased once sign-in has checked it. */
final class CpxUserDetails implements UserDetails, CredentialsContainer {

    private final CpxPrincipal principal;
    private final boolean enabled;
    private final boolean locked;
    private String passwordHash;

    CpxUserDetails(UserAccount account, boolean locked) {
        this.principal = new CpxPrincipal(account.id(), null, account.organization(), account.displayName(),
                account.email(), account.roles(), Set.of());
        this.enabled = account.enabled();
        this.locked = locked;
        this.passwordHash = account.passwordHash();
    }

    CpxPrincipal principal() {
        return principal;
    }

    @Override
    public Collection<? extends GrantedAuthority> getAuthorities() {
        return principal.authorities();
    }

    @Override
    public String getPassword() {
        return passwordHash;
    }

    @Override
    public String getUsername() {
        return principal.email();
    }

    @Override
    public boolean isAccountNonLocked() {
        return !locked;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    @Override
    public void eraseCredentials() {
        passwordHash = null;
    }
}
