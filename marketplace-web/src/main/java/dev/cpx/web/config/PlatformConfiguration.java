package dev.cpx.web.config;

import dev.cpx.core.catalog.MarketCalendarSettings;
import dev.cpx.core.identity.ApiKeyCacheSettings;
import dev.cpx.core.identity.SignInPolicy;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cpx.core.market.MarketDataSource;
import dev.cpx.core.market.MarketSettings;
import dev.cpx.core.market.core.CoreRules;
import org.springframework.beans.factory.annotation.Value;
import javax.sql.DataSource;
import dev.cpx.settlement.payments.PaymentSettings;
import dev.cpx.settlement.period.SettlementSettings;
import dev.cpx.settlement.rating.RatingRules;
import dev.cpx.core.time.MovableClock;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import dev.cpx.core.quote.QuoteSettings;

/** Wires the domain's plain objects (clock, settings) from configuration. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CpxProperties.class)
@EnableScheduling
class PlatformConfiguration {

    /** A settlement rating holds one connection and reads its next chunk of usage on another. */
    static final int MIN_POOL_SIZE = 2;

    @Bean
    MovableClock marketClock() {
        return new MovableClock(Clock.systemUTC());
    }

    @Bean
    MarketCalendarSettings marketCalendarSettings(CpxProperties properties) {
        return new MarketCalendarSettings(properties.market().horizonDays(), properties.market().gateClosure());
    }

    /**
     * Prices may span at most 1,000.00 per side of a book: the engine's price ladder grows with the span, so it
     * bounds a book's memory. Price bands keep orders well inside it.
     */
    private static final int MAX_PRICE_SPAN_TICKS = 100_000;

    @Bean
    MarketSettings marketSettings(CpxProperties properties, @Value("${server.port:8080}") int port) {
        // Without a configured address the port is taken from the running web server (see MarketAddress), which
        // also covers a random port; this first guess only matters if no web server starts.
        var market = properties.market();
        var rules = new CoreRules(market.buyerFeeBasisPoints(), market.maxQuantity(), market.maxPriceTicks(),
                market.maxRestingOrdersPerBook(), Math.min(market.maxOpenOrdersPerOrganizationPerBook(),
                market.maxRestingOrdersPerBook()), market.priceBandPercent(),
                (int) Math.min(MAX_PRICE_SPAN_TICKS, market.maxPriceTicks() + 1),
                market.ordersPerSecondPerOrganization(), market.orderBurstPerOrganization());
        String address = market.advertisedAddress().isBlank() ? "http://" + hostName() + ":" + port
                : market.advertisedAddress();
        return new MarketSettings(market.maxBatch(), market.queueCapacity(), market.answerTimeout(), market.lease(),
                address, rules);
    }

    static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }

    /** The market's own pool on the application's database (the core's reads and the journal writer). */
    @Bean
    MarketDataSource marketDataSource(DataSource dataSource, CpxProperties properties) {
        if (((HikariDataSource) dataSource).getMaximumPoolSize() < MIN_POOL_SIZE) {
            // A settlement rating reads its next chunk of usage on a second connection while it holds the first.
            throw new IllegalStateException("CPX_DB_POOL_SIZE is " + ((HikariDataSource) dataSource)
                    .getMaximumPoolSize() + "; it must be at least " + MIN_POOL_SIZE);
        }
        var config = new HikariConfig();
        ((HikariDataSource) dataSource).copyStateTo(config);
        int size = 3;
        config.setPoolName("market");
        // Its writes are all transactions: no autocommit switch before and after each batch (two round trips).
        config.setAutoCommit(false);
        config.setMaximumPoolSize(size);
        config.setMinimumIdle(size);
        if (config.getJdbcUrl() != null && config.getJdbcUrl().startsWith("jdbc:mysql:")) {
            // The journal's statements have a few shapes (a table and a row count each): Connector/J keeps each
            // shape's parse instead of parsing every statement again, which was a tenth of the writer's CPU.
            config.addDataSourceProperty("cachePrepStmts", "true");
            config.addDataSourceProperty("prepStmtCacheSize", "1024");
            config.addDataSourceProperty("prepStmtCacheSqlLimit", "262144");
        }
        return new MarketDataSource(new HikariDataSource(config));
    }

    /** What a settlement period records when it opens; periods already open keep what they recorded. */
    @Bean
    SettlementSettings settlementSettings(CpxProperties properties) {
        var settlement = properties.settlement();
        return new SettlementSettings(properties.currency(), new RatingRules(settlement.toleranceGpuSeconds(),
                settlement.tolerancePermille(), settlement.providerFeeBasisPoints()), settlement.disputeWindow());
    }

    @Bean
    QuoteSettings quoteSettings(CpxProperties properties) {
        var quotes = properties.quotes();
        return new QuoteSettings(quotes.ttl(), quotes.maxCandidates(), quotes.maxListed(),
                Math.min(quotes.maxFallbacks(), quotes.maxListed()), quotes.calendarRefresh());
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
