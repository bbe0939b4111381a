package dev.cpx.core.market.internal;

import dev.cpx.core.market.BookView;
import dev.cpx.core.market.MarketDataSource;
import dev.cpx.core.market.MarketSettings;
import dev.cpx.core.market.core.CoreCommand;
import dev.cpx.core.market.core.CoreInstrument;
import dev.cpx.core.market.core.CoreResult;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * This instance's part in running the market: it competes for the market's lease, runs the core while it holds
 * it, and reports its state. Everything writes through the market's own connection pool.
 */
@Component
public class MarketOwner implements SmartLifecycle {

    /** What the market can do on this instance right now. */
    public record Status(boolean active, String state, String detail) {
    }

    private final MarketLoop loop;
    private final MarketStateLoader loader;
    private final Map<String, CoreInstrument> instruments = new ConcurrentHashMap<>();
    private final MarketSnapshots snapshots;
    private volatile boolean running;

    MarketOwner(MarketSettings settings, MarketDataSource marketDataSource, Clock clock,
                ApplicationEventPublisher events) {
        DataSource dataSource = marketDataSource.dataSource();
        var client = JdbcClient.create(dataSource);
        var lease = new MarketLease(client, UUID.randomUUID().toString(), settings.advertisedAddress());
        var transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        var writer = new JournalWriter(new JdbcTemplate(dataSource), client, transactions, lease,
                JsonMapper.builder().build(), settings.lease().toMillis());
        this.loader = new MarketStateLoader(client);
        this.snapshots = new MarketSnapshots(events::publishEvent);
        this.loop = new MarketLoop(settings, clock, loader, lease, writer, snapshots);
    }

    @Override
    public void start() {
        loop.start();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        loop.stop();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Runs a command on the core and returns its answer once its batch committed. */
    public CoreResult execute(CoreCommand command) {
        return loop.execute(command);
    }

    /** Applies pending inbox rows now, so money just committed elsewhere reaches the market at once. */
    public void applyInboxNow() {
        loop.applyInboxNow();
    }

    public Status status() {
        var state = loop.state();
        return new Status(state == MarketLoop.State.ACTIVE, state.name(), loop.stateDetail());
    }

    /** An instrument as the core takes it; instruments never change once listed, so they are cached. */
    public Optional<CoreInstrument> instrument(String symbol) {
        CoreInstrument cached = instruments.get(symbol);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<CoreInstrument> loaded = loader.instrument(symbol);
        loaded.ifPresent(instrument -> instruments.put(symbol, instrument));
        return loaded;
    }

    public Optional<BookView> book(long instrumentId) {
        return snapshots.book(instrumentId);
    }
}
