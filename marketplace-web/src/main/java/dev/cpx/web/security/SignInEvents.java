package dev.cpx.web.security;

import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.SignInPolicy;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Counts failed portal sign-ins per account and pauses the account at the policy's limit. */
@Component
class SignInEvents {

    private final IdentityService identity;
    private final SignInPolicy policy;

    SignInEvents(IdentityService identity, SignInPolicy policy) {
        this.identity = identity;
        this.policy = policy;
    }

    @EventListener
    void onFailure(AuthenticationFailureBadCredentialsEvent event) {
        if (event.getAuthentication() instanceof UsernamePasswordAuthenticationToken token
                && token.getPrincipal() instanceof String email) {
            identity.recordFailedSignIn(email, policy);
        }
    }

    @EventListener
    void onSuccess(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof CpxUserDetails user) {
            identity.recordSuccessfulSignIn(user.getUsername());
        }
    }
}
