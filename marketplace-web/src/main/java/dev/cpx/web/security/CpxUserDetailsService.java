package dev.cpx.web.security;

import dev.cpx.core.identity.IdentityService;
import java.time.Clock;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

@Component
class CpxUserDetailsService implements UserDetailsService {

    private final IdentityService identity;
    private final Clock clock;

    CpxUserDetailsService(IdentityService identity, Clock clock) {
        this.identity = identity;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return identity.userByEmail(email)
                .map(account -> new CpxUserDetails(account, account.lockedAt(clock.instant())))
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }
}
