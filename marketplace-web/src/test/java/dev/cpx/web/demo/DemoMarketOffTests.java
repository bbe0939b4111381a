package dev.cpx.web.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.identity.IdentityService;
import dev.cpx.web.support.EmbeddedAppTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Demo mode with the demo market and lifecycle switched off: the demo data is there, its traders are not, and nothing
 * ticks (no allocation, metering or settlement period on its own either).
 */
@EmbeddedAppTest
class DemoMarketOffTests {

    @Autowired
    DemoMarket market;
    @Autowired
    DemoLifecycle lifecycle;
    @Autowired
    IdentityService identity;

    @Test
    void demoMarketStaysQuietWhenSwitchedOff() {
        assertThat(identity.organizationByCode("ACME")).isPresent();
        assertThat(market.running()).isFalse();
        assertThat(lifecycle.running()).isFalse();
        assertThat(identity.organizationByCode(DemoTraders.MAKER)).isEmpty();
    }
}
