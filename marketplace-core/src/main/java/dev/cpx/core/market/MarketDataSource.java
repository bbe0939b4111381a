package dev.cpx.core.market;

import javax.sql.DataSource;

/**
 * The connections the market core reads and its journal writer writes through, apart from the pool that serves
 * requests: under load every request thread wants a connection, and a journal writer waiting for one stalls every
 * order. Same database, own small pool.
 */
public record MarketDataSource(DataSource dataSource) implements AutoCloseable {

    @Override
    public void close() throws Exception {
        if (dataSource instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
