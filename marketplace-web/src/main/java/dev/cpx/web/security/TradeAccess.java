package dev.cpx.web.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Collection;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

/**
 * {@link ApiAccess#TRADE} checked in plain Java rather than as a {@code @PreAuthorize} expression: the order path's
 * endpoints (place, amend, cancel) run it thousands of times a second, and evaluating the expression cost as much
 * CPU as the market core. Denial is the same {@code AuthorizationDeniedException}, so the same 403.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface TradeAccess {

    /** The same rule as {@link ApiAccess#TRADE}; {@code TradeAccessTests} holds the two equal. */
    final class Rule implements AuthorizationManager<MethodInvocation> {

        @Override
        public AuthorizationResult authorize(Supplier<? extends Authentication> authentication,
                                             MethodInvocation invocation) {
            return new AuthorizationDecision(allows(authentication.get()));
        }

        static boolean allows(Authentication authentication) {
            if (authentication == null) {
                return false;
            }
            boolean tradeKey = false;
            boolean buyerOrProvider = false;
            for (GrantedAuthority granted : (Collection<? extends GrantedAuthority>) authentication.getAuthorities()) {
                String authority = granted.getAuthority();
                if ("ROLE_TRADER".equals(authority) || "ROLE_PROVIDER_OPS".equals(authority)) {
                    return true;
                }
                tradeKey |= "SCOPE_TRADE".equals(authority);
                buyerOrProvider |= CpxPrincipal.ORG_BUYER.equals(authority)
                        || CpxPrincipal.ORG_PROVIDER.equals(authority);
            }
            return tradeKey && buyerOrProvider;
        }
    }
}
