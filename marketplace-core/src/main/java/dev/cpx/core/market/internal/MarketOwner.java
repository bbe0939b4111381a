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
import dev.cpx.core.market.ForwardedCommand;
import dev.cpx.core.market.JournalAudit;
import dev.cpx.core.market.MarketStatus;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;

/**
 * This instance's part in running the market: it competes for the market's lease, runs the core while it holds
 * it, and reports its state. Everything writes through the market's own connection pool.
 */
@Component
public class MarketOwner implements SmartLifecycle {

    private final MarketLoop loop;
    private final MarketStateLoader loader;
    private final Map<String, CoreInstrument> instruments = new ConcurrentHashMap<>();
    private final MarketSnapshots snapshots;
    private final MarketLease lease;
    private final MarketForwarder forwarder;
    private final MarketJournalAuditor auditor;
    private final dev.cpx.core.market.core.CoreRules rules;
    private final Clock clock;
    private final CommandCodec codec = new CommandCodec();
    private volatile CachedOwner owner = new CachedOwner(Optional.empty(), 0);
    private volatile boolean running;

    /** The lease row as last read, at most a second old, so forwarding costs no query per command. */
    private record CachedOwner(Optional<MarketLease.Owner> owner, long readAtNanos) {
    }

    MarketOwner(MarketSettings settings, MarketDataSource marketDataSource, Clock clock,
                ApplicationEventPublisher events) {
        DataSource dataSource = marketDataSource.dataSource();
        var client = JdbcClient.create(dataSource);
        var transactionManager = new DataSourceTransactionManager(dataSource);
        var transactions = new TransactionTemplate(transactionManager);
        var readOnly = new TransactionTemplate(transactionManager);
        readOnly.setReadOnly(true);
        this.lease = new MarketLease(client, transactions, UUID.randomUUID().toString(), settings.advertisedAddress());
        var writer = new JournalWriter(new JdbcTemplate(dataSource), client, transactions, lease, codec,
                settings.lease().toMillis());
        this.forwarder = new MarketForwarder(codec, settings.answerTimeout().plusSeconds(5));
        this.loader = new MarketStateLoader(client, readOnly);
        this.auditor = new MarketJournalAuditor(client, readOnly, loader, codec);
        this.rules = settings.rules();
        this.clock = clock;
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

    /**
     * Runs a command on the core and returns its answer once its batch committed: here when this instance owns
     * the market, else at the owner.
     */
    public CoreResult execute(CoreCommand command) {
        if (loop.state() != MarketLoop.State.STANDBY) {
            return loop.execute(command);
        }
        var current = liveOwner().orElseThrow(() -> new CpxException(ErrorCode.MARKET_UNAVAILABLE,
                "no instance runs the market right now; retry in a few seconds"));
        return forwarder.forward(current, command);
    }

    /** A command another instance forwarded to this one, the market's owner. */
    public ForwardedCommand executeForwarded(String token, ForwardedCommand command) {
        if (!loop.acceptsForwardToken(token)) {
            throw new CpxException(ErrorCode.MARKET_UNAVAILABLE, "this instance does not own the market now");
        }
        CoreResult result = loop.execute(codec.command(command.kind(), command.body()));
        return new ForwardedCommand(codec.kind(result), codec.body(result));
    }

    private Optional<MarketLease.Owner> liveOwner() {
        CachedOwner cached = owner;
        if (System.nanoTime() - cached.readAtNanos() > 1_000_000_000L) {
            cached = new CachedOwner(lease.owner(), System.nanoTime());
            owner = cached;
        }
        return cached.owner().filter(o -> !o.ownerId().equals(lease.ownerId()))
                .filter(o -> o.expiresAtMillis() > System.currentTimeMillis());
    }

    /**
     * The address this instance records when it takes the market, for other instances to forward to; set when the
     * web server started and knows its port, before the market starts.
     */
    public void advertise(String address) {
        lease.advertise(address);
    }

    /** Replays the journal and compares the result with the tables; see {@link JournalAudit}. */
    public JournalAudit auditJournal() {
        return auditor.audit(rules, clock.instant());
    }

    /** Applies pending inbox rows now, so money just committed elsewhere reaches the market at once. */
    public void applyInboxNow() {
        loop.applyInboxNow();
    }

    public MarketStatus status() {
        var state = loop.state();
        boolean forwarding = state == MarketLoop.State.STANDBY && liveOwnerOrNone().isPresent();
        return new MarketStatus(state == MarketLoop.State.ACTIVE, forwarding, state.name(),
                forwarding ? "forwarding to the owner at " + liveOwnerOrNone().get().address() : loop.stateDetail());
    }

    private Optional<MarketLease.Owner> liveOwnerOrNone() {
        try {
            return liveOwner();
        } catch (RuntimeException databaseAway) {
            return Optional.empty();
        }
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
