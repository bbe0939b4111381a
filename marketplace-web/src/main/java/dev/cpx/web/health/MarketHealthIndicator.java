package dev.cpx.web.health;

import dev.cpx.core.market.MarketService;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness of the market on this instance: UP while it runs the market core or can forward commands to the
 * instance that does, DOWN while no instance can run it (database away, rebuilding, lease lapsed).
 */
@Component("market")
class MarketHealthIndicator implements HealthIndicator {

    private final MarketService market;

    MarketHealthIndicator(MarketService market) {
        this.market = market;
    }

    @Override
    public Health health() {
        var status = market.status();
        var health = status.active() || status.forwarding() ? Health.up() : Health.down();
        return health.withDetail("state", status.state()).withDetail("detail", status.detail()).build();
    }
}
