package dev.cpx.core.market;

import javax.sql.DataSource;

/**
 * The connections the market's sequencers write through, apart from the pool that serves requests: under load
 * every request thread wants a connection, and a sequencer waiting for one stalls every order of its
 * instruments. Same database, own small pool (one connection per sequencer plus one).
 */
public record MarketDataSource(DataSource dataSource) implements AutoCloseable {

    @Override
    public void close() throws Exception {
        if (dataSource instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
