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
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps the demo market clock's offset in the database, so a restarted demo continues at the time it had
 * reached instead of jumping back before the periods, contracts and heartbeats it already has.
 */
@Component
@ConditionalOnBooleanProperty("cpx.demo.enabled")
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DemoClock implements ApplicationRunner {

    private static final int ROW = 1;

    private final MovableClock clock;
    private final JdbcClient jdbc;

    DemoClock(MovableClock clock, JdbcClient jdbc) {
        this.clock = clock;
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        jdbc.sql("select offset_millis from market_clock where id = ?").param(ROW).query(Long.class).optional()
                .ifPresent(millis -> clock.restore(Duration.ofMillis(millis)));
    }

    /** Moves the clock forward and saves the new offset. */
    @Transactional
    public java.time.Instant advance(Duration by) {
        var now = clock.advance(by);
        long millis = clock.offset().toMillis();
        if (jdbc.sql("update market_clock set offset_millis = ? where id = ?").params(millis, ROW).update() == 0) {
            jdbc.sql("insert into market_clock (id, offset_millis) values (?, ?)").params(ROW, millis).update();
        }
        return now;
    }
}
