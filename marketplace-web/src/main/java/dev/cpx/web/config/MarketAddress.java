package dev.cpx.web.config;

import dev.cpx.core.market.MarketService;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Advertises this instance as {@code http://<host name>:<port the web server listens on>} unless
 * {@code cpx.market.advertised-address} names an address, so two instances on one machine that differ only in
 * their port (or run on random ports) can forward market commands to each other with no further setting.
 */
@Component
class MarketAddress {

    private final MarketService market;
    private final CpxProperties properties;

    MarketAddress(MarketService market, CpxProperties properties) {
        this.market = market;
        this.properties = properties;
    }

    @EventListener
    void on(WebServerInitializedEvent event) {
        if (properties.market().advertisedAddress().isBlank() && event.getWebServer().getPort() > 0) {
            market.advertise("http://" + PlatformConfiguration.hostName() + ":" + event.getWebServer().getPort());
        }
    }
}
