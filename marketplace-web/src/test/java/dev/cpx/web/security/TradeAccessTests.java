package dev.cpx.web.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.security.access.expression.SecurityExpressionRoot;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;

/** {@link TradeAccess} allows exactly whom the {@link ApiAccess#TRADE} expression allows, for every authority set. */
class TradeAccessTests {

    private static final List<String> AUTHORITIES = List.of("ROLE_TRADER", "ROLE_PROVIDER_OPS", "ROLE_FINANCE",
            "ROLE_ORG_ADMIN", "ROLE_PLATFORM_ADMIN", "SCOPE_TRADE", "SCOPE_READ", "SCOPE_FINANCE", "SCOPE_METER",
            "ORG_BUYER", "ORG_PROVIDER", "ORG_PLATFORM", CpxPrincipal.PERSON);

    @Test
    void theJavaRuleAndTheExpressionAgreeOnEveryAuthoritySet() {
        var expression = new SpelExpressionParser().parseExpression(ApiAccess.TRADE);
        int allowed = 0;
        for (int mask = 0; mask < 1 << AUTHORITIES.size(); mask++) {
            var granted = new ArrayList<String>();
            for (int i = 0; i < AUTHORITIES.size(); i++) {
                if ((mask & 1 << i) != 0) {
                    granted.add(AUTHORITIES.get(i));
                }
            }
            Authentication caller = new TestingAuthenticationToken("caller", "n/a", granted.toArray(String[]::new));
            var root = new SecurityExpressionRoot<Object>(() -> caller) {
            };
            boolean byExpression = Boolean.TRUE.equals(expression.getValue(new StandardEvaluationContext(root),
                    Boolean.class));
            assertThat(TradeAccess.Rule.allows(caller)).as("authorities %s", granted).isEqualTo(byExpression);
            allowed += byExpression ? 1 : 0;
        }
        assertThat(allowed).as("sets allowed to trade").isPositive().isLessThan(1 << AUTHORITIES.size());
        assertThat(TradeAccess.Rule.allows(null)).isFalse();
    }
}
