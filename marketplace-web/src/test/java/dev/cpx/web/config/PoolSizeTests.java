package dev.cpx.web.config;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

/** A pool too small for a settlement rating (one connection held, the next chunk read on another) stops the start. */
class PoolSizeTests {

    @Test
    void aPoolOfOneConnectionIsRefusedWithItsSetting() {
        try (var pool = new HikariDataSource()) {
            pool.setMaximumPoolSize(1);
            assertThatThrownBy(() -> new PlatformConfiguration().marketDataSource(pool, null))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("CPX_DB_POOL_SIZE is 1; it must be at least 2");
        }
    }
}
