package dev.cpx.web.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.engine.OrderType;
import dev.cpx.core.engine.Side;
import dev.cpx.core.engine.TimeInForce;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.ledger.LedgerService;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.PlaceOrder;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import java.sql.DriverManager;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Concurrent bids of one buyer on many instruments, on MariaDB: the market core checks each hold against the
 * money in memory, one command after another, so the holds never exceed the money whatever the interleaving,
 * and the balances the journal writes add up to the same.
 */
@SpringBootTest
@ActiveProfiles("funds-it")
class FundsConcurrencyIT {

    private static final String DATABASE = "cpx_it_funds";

    @Autowired
    MarketService market;
    @Autowired
    IdentityService identity;
    @Autowired
    LedgerService ledger;
    @Autowired
    JdbcClient jdbc;

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    static String serverUrl() {
        return "jdbc:mysql://" + env("CPX_IT_DB_HOST", "127.0.0.1") + ":" + env("CPX_IT_DB_PORT", "3306") + "/";
    }

    @BeforeAll
    static void freshDatabase() throws Exception {
        try (var connection = DriverManager.getConnection(serverUrl(), env("CPX_IT_DB_USER", "cpx_it"),
                env("CPX_IT_DB_PASSWORD", "cpx_it")); var statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE);
            statement.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> serverUrl() + DATABASE
                + "?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true");
        registry.add("spring.datasource.username", () -> env("CPX_IT_DB_USER", "cpx_it"));
        registry.add("spring.datasource.password", () -> env("CPX_IT_DB_PASSWORD", "cpx_it"));
        registry.add("spring.jpa.properties.jakarta.persistence.database-product-name", () -> "MariaDB");
        registry.add("spring.jpa.properties.jakarta.persistence.database-major-version", () -> "10");
        registry.add("spring.jpa.properties.jakarta.persistence.database-minor-version", () -> "11");
        registry.add("spring.data.redis.host", () -> env("CPX_IT_REDIS_HOST", "127.0.0.1"));
        registry.add("spring.data.redis.port", () -> env("CPX_IT_REDIS_PORT", "6379"));
        registry.add("spring.session.data.redis.namespace", () -> "cpx-it-funds:session");
        registry.add("cpx.demo.enabled", () -> "true");
        registry.add("cpx.market.buyer-fee-basis-points", () -> "0");
    }

    @Test
    void concurrentBidsNeverHoldMoreThanTheWalletHas() throws Exception {
        var nova = identity.organizationByCode("NOVA").orElseThrow();
        long walletMinor = ledger.balances(nova.id()).availableMinor();
        String day = LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
        List<String> symbols = jdbc.sql("select symbol from instrument where symbol like ? order by id limit 8")
                .param("%." + day + "T%").query(String.class).list();
        // Each bid holds 24 GPUs x 1 h x 100.00 = 2,400.00; 50,000.00 covers 20 of the 48 attempts.
        int attempts = 48;
        var accepted = new AtomicInteger();
        var refused = new AtomicInteger();
        var tasks = new ArrayList<Callable<Void>>();
        for (int i = 0; i < attempts; i++) {
            String symbol = symbols.get(i % symbols.size());
            String clientOrderId = "funds-" + i;
            tasks.add(() -> {
                try {
                    market.place(new PlaceOrder(nova, clientOrderId, symbol, Side.BUY, OrderType.LIMIT,
                            TimeInForce.GTC, 10_000L, 24));
                    accepted.incrementAndGet();
                } catch (CpxException e) {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INSUFFICIENT_FUNDS);
                    refused.incrementAndGet();
                }
                return null;
            });
        }
        try (var pool = Executors.newFixedThreadPool(16)) {
            for (var future : pool.invokeAll(tasks)) {
                future.get();
            }
        }

        var balances = ledger.balances(nova.id());
        assertThat(accepted.get()).isEqualTo((int) (walletMinor / 240_000));
        assertThat(refused.get()).isEqualTo(attempts - accepted.get());
        assertThat(balances.heldMinor()).isEqualTo(accepted.get() * 240_000L);
        assertThat(balances.availableMinor()).isEqualTo(walletMinor - balances.heldMinor()).isNotNegative();
        assertThat(ledger.journalSum()).isZero();
        assertThat(ledger.balanceSum()).isZero();
        long heldByOrders = jdbc.sql("select coalesce(sum(hold_minor), 0) from market_order "
                        + "where organization_id = ? and status in ('NEW','PARTIALLY_FILLED')")
                .param(nova.id()).query(Long.class).single();
        assertThat(heldByOrders).isEqualTo(balances.heldMinor());
    }
}
