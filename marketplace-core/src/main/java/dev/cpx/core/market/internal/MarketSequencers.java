package dev.cpx.core.market.internal;

import dev.cpx.core.ledger.LedgerService;
import dev.cpx.core.market.BookView;
import dev.cpx.core.market.MarketSettings;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import dev.cpx.core.market.MarketDataSource;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A fixed number of sequencer threads; an instrument always goes to the same one (a hash of its id), so each
 * book has exactly one writer and hundreds of instruments share a few threads.
 */
@Component
public class MarketSequencers implements SmartLifecycle {

    private static final long ANSWER_TIMEOUT_SECONDS = 15;

    private final MarketSettings settings;
    private final OrderStore store;
    private final SequencerLedger ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final MarketSnapshots snapshots;
    private final List<MarketPartition> partitions = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    MarketSequencers(MarketSettings settings, LedgerService ledger, MarketDataSource marketDataSource, Clock clock,
                     ApplicationEventPublisher events) {
        DataSource dataSource = marketDataSource.dataSource();
        var jdbc = JdbcClient.create(dataSource);
        var template = new JdbcTemplate(dataSource);
        this.settings = settings;
        this.store = new OrderStore(jdbc, template);
        this.ledger = new SequencerLedger(ledger, jdbc, template);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.clock = clock;
        this.snapshots = new MarketSnapshots(jdbc, settings.partitions(), events::publishEvent);
    }

    @Override
    public void start() {
        var priorities = new AtomicLong(store.maxPriority());
        var ids = new MarketIds(store.maxId("market_order"), store.maxId("trade"), store.maxId("contract"));
        for (int i = 0; i < settings.partitions(); i++) {
            var partition = new MarketPartition(i, settings, store, ledger, transactions, clock, priorities, ids,
                    snapshots);
            partitions.add(partition);
            Thread thread = Thread.ofPlatform().name("market-sequencer-" + i).daemon().unstarted(partition);
            threads.add(thread);
            thread.start();
        }
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        threads.clear();
        partitions.clear();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Runs a command on its instrument's sequencer and waits until its batch committed. */
    public Object execute(long instrumentId, MarketCommand command) {
        if (!running) {
            throw new CpxException(ErrorCode.MARKET_BUSY, "the market is starting or stopping; retry in a moment");
        }
        CompletableFuture<Object> answer = partitions.get(MarketSnapshots.partitionOf(instrumentId, partitions.size())).submit(command);
        try {
            return answer.get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new CpxException(ErrorCode.MARKET_BUSY, "no answer from the market within "
                    + ANSWER_TIMEOUT_SECONDS + " s; the command may still complete: retry with the same clientOrderId");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CpxException(ErrorCode.MARKET_BUSY, "interrupted while waiting for the market");
        }
    }

    public Optional<BookView> book(long instrumentId) {
        return snapshots.book(instrumentId);
    }
}
