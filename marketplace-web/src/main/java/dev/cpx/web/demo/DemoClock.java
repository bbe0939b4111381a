package dev.cpx.web.demo;

import dev.cpx.core.time.MovableClock;
import java.time.Duration;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps the demo market clock's offset in the database, so a restarted demo continues at the time it had
 * reached instead of jumping back before the periods, contracts and heartbeats it already has. A move of the clock
 * lets the demo lifecycle allocate first what would start during the jump, and catch up right after it.
 */
@Component
@ConditionalOnBooleanProperty("cpx.demo.enabled")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DemoClock implements ApplicationRunner {

    private static final int ROW = 1;

    private final MovableClock clock;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final DemoLifecycle lifecycle;

    DemoClock(MovableClock clock, JdbcClient jdbc, PlatformTransactionManager transactions, DemoLifecycle lifecycle) {
        this.clock = clock;
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
        this.lifecycle = lifecycle;
    }

    @Override
    public void run(ApplicationArguments args) {
        jdbc.sql("select offset_millis from market_clock where id = ?").param(ROW).query(Long.class).optional()
                .ifPresent(millis -> clock.restore(Duration.ofMillis(millis)));
    }

    /** Moves the clock forward and saves the new offset. */
    public java.time.Instant advance(Duration by) {
        lifecycle.beforeClockMoves();
        var now = transactions.execute(status -> {
            var moved = clock.advance(by);
            long millis = clock.offset().toMillis();
            if (jdbc.sql("update market_clock set offset_millis = ? where id = ?").params(millis, ROW).update() == 0) {
                jdbc.sql("insert into market_clock (id, offset_millis) values (?, ?)").params(ROW, millis).update();
            }
            return moved;
        });
        lifecycle.afterClockMoved();
        return now;
    }
}
