package dev.cpx.web.config;

import dev.cpx.core.catalog.MarketCalendarSettings;
import dev.cpx.core.identity.ApiKeyCacheSettings;
import dev.cpx.core.identity.SignInPolicy;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cpx.core.market.MarketDataSource;
import dev.cpx.core.market.MarketSettings;
import javax.sql.DataSource;
import dev.cpx.settlement.payments.PaymentSettings;
import dev.cpx.settlement.rating.RatingRules;
import dev.cpx.core.time.MovableClock;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Wires the domain's plain objects (clock, settings) from configuration. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CpxProperties.class)
@EnableCaching
@EnableScheduling
class PlatformConfiguration {

    @Bean
    MovableClock marketClock() {
        return new MovableClock(Clock.systemUTC());
    }

    @Bean
    MarketCalendarSettings marketCalendarSettings(CpxProperties properties) {
        return new MarketCalendarSettings(properties.market().horizonDays(), properties.market().gateClosure());
    }

    @Bean
    MarketSettings marketSettings(CpxProperties properties) {
        var market = properties.market();
        return new MarketSettings(market.sequencers(), market.maxBatch(), market.queueCapacity(),
                market.buyerFeeBasisPoints(), market.maxQuantity(), market.maxPriceTicks(),
                market.maxRestingOrdersPerBook());
    }

    /** The sequencers' own pool on the application's database, configured like the main pool but smaller. */
    @Bean
    MarketDataSource marketDataSource(DataSource dataSource, CpxProperties properties) {
        var config = new HikariConfig();
        ((HikariDataSource) dataSource).copyStateTo(config);
        int size = properties.market().sequencers() + 1;
        config.setPoolName("market");
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        return new MarketDataSource(new HikariDataSource(config));
    }

    @Bean
    RatingRules ratingRules(CpxProperties properties) {
        var settlement = properties.settlement();
        return new RatingRules(settlement.toleranceGpuSeconds(), settlement.tolerancePermille(),
                settlement.providerFeeBasisPoints());
    }

    @Bean
    PaymentSettings paymentSettings(CpxProperties properties) {
        var payments = properties.payments();
        return new PaymentSettings(properties.currency(), payments.stripeSecretKey(), payments.stripeWebhookSecret(),
                payments.stripeApiBase(), payments.maxTopUpMinor());
    }

    @Bean
    SignInPolicy signInPolicy(CpxProperties properties) {
        return new SignInPolicy(properties.security().maxFailedSignIns(), properties.security().lockDuration());
    }

    @Bean
    ApiKeyCacheSettings apiKeyCacheSettings(CpxProperties properties) {
        var security = properties.security();
        return new ApiKeyCacheSettings(security.apiKeyCacheTtl(), security.apiKeyCacheMaxSize());
    }
}
