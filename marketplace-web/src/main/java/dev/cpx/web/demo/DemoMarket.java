package dev.cpx.web.demo;

import dev.cpx.core.catalog.CatalogService;
import dev.cpx.core.catalog.ComputeClassView;
import dev.cpx.core.catalog.InstrumentQuery;
import dev.cpx.core.catalog.InstrumentService;
import dev.cpx.core.catalog.InstrumentStatus;
import dev.cpx.core.catalog.NodeService;
import dev.cpx.core.engine.OrderType;
import dev.cpx.core.identity.IdentityService;
import dev.cpx.core.identity.OrganizationView;
import dev.cpx.core.market.MarketService;
import dev.cpx.core.market.PlaceOrder;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.time.MovableClock;
import dev.cpx.settlement.metering.HeartbeatInput;
import dev.cpx.settlement.metering.MeteringService;
import dev.cpx.web.config.CpxProperties;
import jakarta.annotation.PreDestroy;
import java.math.BigDecimal;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A living demo market: on every tick a simulated provider offers GPUs for one of the coming open hours of one of its
 * node's class and region, and the market maker bids on it (sometimes lifting the ask, so a trade happens); every few ticks
 * every demo provider's nodes send heartbeats. All of it through the services real callers use (orders through
 * {@link MarketService}, heartbeats through {@link MeteringService}), so the market core checks it like any order.
 * Exists in demo mode only, runs only with {@code cpx.demo.market}, and is started by the demo data loader.
 */
@Component
@ConditionalOnBooleanProperty("cpx.demo.enabled")
public class DemoMarket {

    private static final Logger log = LoggerFactory.getLogger(DemoMarket.class);
    private static final int HEARTBEAT_EVERY_TICKS = 10;
    /** Rounds run at once on start, so the first visitor already sees books, prices and trades. */
    private static final int WARM_UP_TICKS = 150;
    /** The demo trades the coming two days' hours, where a visitor first looks (the catalog lists them first). */
    private static final int HOURS_QUOTED = 48;
    private static final List<String> HEARTBEAT_PROVIDERS = List.of("SHCC", "GZDH", "HZAI", "SZGC");

    private final CpxProperties properties;
    private final DemoTraders traders;
    private final MarketService market;
    private final InstrumentService instruments;
    private final CatalogService catalog;
    private final NodeService nodes;
    private final MeteringService metering;
    private final IdentityService identity;
    private final MovableClock clock;
    private final SplittableRandom random = new SplittableRandom();
    private final DemoQuotes quotes = new DemoQuotes(random);
    private final AtomicLong ticks = new AtomicLong();
    private volatile ScheduledExecutorService executor;

    DemoMarket(CpxProperties properties, DemoTraders traders, MarketService market, InstrumentService instruments,
               CatalogService catalog, NodeService nodes, MeteringService metering, IdentityService identity,
               MovableClock clock) {
        this.properties = properties;
        this.traders = traders;
        this.market = market;
        this.instruments = instruments;
        this.catalog = catalog;
        this.nodes = nodes;
        this.metering = metering;
        this.identity = identity;
        this.clock = clock;
    }

    /** Makes sure the traders exist and, once that is committed, starts ticking; nothing unless cpx.demo.market. */
    public void start() {
        if (!properties.demo().market() || executor != null) {
            return;
        }
        traders.ensure();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    schedule();
                }
            });
        } else {
            schedule();
        }
    }

    private synchronized void schedule() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("demo-market").daemon()
                .factory());
        long tickMillis = properties.demo().marketTick().toMillis();
        executor.execute(() -> {
            for (int i = 0; i < WARM_UP_TICKS && !Thread.currentThread().isInterrupted(); i++) {
                tick();
            }
        });
        executor.scheduleWithFixedDelay(this::tick, tickMillis, tickMillis, TimeUnit.MILLISECONDS);
        log.info("Demo market started: a market maker and {} simulated providers trade every {} ms",
                DemoTraders.PROVIDERS.size(), tickMillis);
    }

    public boolean running() {
        return executor != null && !executor.isShutdown();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** One step; a failure is logged and the next tick tries again (a scheduled task that throws stops for good). */
    private void tick() {
        try {
            quoteOnce();
            if (ticks.incrementAndGet() % HEARTBEAT_EVERY_TICKS == 1) {
                HEARTBEAT_PROVIDERS.forEach(this::heartbeats);
            }
        } catch (RuntimeException e) {
            log.warn("Demo market tick failed: {}", e.toString());
        }
    }

    private void quoteOnce() {
        var provider = DemoTraders.PROVIDERS.get(random.nextInt(DemoTraders.PROVIDERS.size()));
        var node = provider.nodes().get(random.nextInt(provider.nodes().size()));
        var open = instruments.search(new InstrumentQuery(node.computeClass(), node.region(), InstrumentStatus.OPEN,
                null, null, 0, HOURS_QUOTED));
        if (open.isEmpty()) {
            return;
        }
        String symbol = open.get(random.nextInt(open.size())).symbol();
        long fair = DemoQuotes.fairTicks(catalog.computeClass(node.computeClass()).map(ComputeClassView::scu)
                .orElse(BigDecimal.ONE));
        place(organization(provider.code()), quotes.ask(fair, node.gpuCount()), symbol);
        place(organization(DemoTraders.MAKER), quotes.bid(fair, node.gpuCount()), symbol);
    }

    private void place(OrganizationView organization, DemoQuotes.Quote quote, String symbol) {
        try {
            market.place(new PlaceOrder(organization, "demo-" + UUID.randomUUID(), symbol, quote.side(),
                    OrderType.LIMIT, quote.timeInForce(), quote.priceTicks(), quote.quantity()));
        } catch (CpxException refused) {
            // Capacity all offered, an instrument just closed, a price band: a real trader hears the same.
            log.debug("Demo order refused: {}", refused.getMessage());
        }
    }

    private void heartbeats(String providerCode) {
        var provider = organization(providerCode);
        var now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var beats = nodes.nodes(provider, 0, NodeService.MAX_PAGE_SIZE).stream()
                .map(node -> new HeartbeatInput(node.cpid(), now, "UP",
                        BigDecimal.valueOf(random.nextInt(55, 99), 2)))
                .toList();
        if (!beats.isEmpty()) {
            metering.ingestHeartbeats(provider, beats);
        }
    }

    private OrganizationView organization(String code) {
        return identity.organizationByCode(code)
                .orElseThrow(() -> new IllegalStateException("demo organization " + code + " is missing"));
    }
}
