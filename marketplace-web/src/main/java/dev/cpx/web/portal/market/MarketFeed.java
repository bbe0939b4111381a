package dev.cpx.web.portal.market;

import dev.cpx.core.market.BookUpdated;
import dev.cpx.core.market.TradeView;
import dev.cpx.core.market.BookView;
import dev.cpx.core.market.MarketQueries;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.config.RedisCircuit;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.PatternTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The instrument pages' live feed. Each committed batch's {@link BookUpdated} (raised on the market's journal thread)
 * is only queued here; a feed thread coalesces updates per symbol, reads the latest trades and fans the
 * update out. With Redis the update goes through the channel {@code cpx:market:<symbol>} and every instance
 * delivers what it hears there to its own subscribers, so browsers on any instance see trades made on the
 * instance that owns the market; without Redis, or while it does not answer, it is delivered in process.
 */
@Component
class MarketFeed implements InitializingBean, DisposableBean {

    static final int MAX_SUBSCRIBERS = 1000;
    /** One browser may follow a few instruments at once; more from one address is a tab storm or an attack. */
    static final int MAX_SUBSCRIBERS_PER_CLIENT = 8;
    /** A comment sent to every subscriber this often finds the connections of clients that went away. */
    static final Duration HEARTBEAT = Duration.ofSeconds(15);
    static final Duration SUBSCRIPTION_TIMEOUT = Duration.ofMinutes(5);
    /**
     * How long a symbol's first update waits for the ones after it: a busy book sends at most one update per
     * symbol in this time (to Redis and to browsers) instead of one per batch, and a person sees no difference.
     */
    static final Duration COALESCE = Duration.ofMillis(100);
    static final String CHANNEL_PREFIX = "cpx:market:";
    static final String EVENT_NAME = "market";

    private static final Logger log = LoggerFactory.getLogger(MarketFeed.class);

    private final MarketQueries queries;
    private final JsonMapper json;
    private final RedisConnectionFactory redis;
    private final RedisCircuit redisCircuit;
    private final Map<String, Set<SseEmitter>> subscribers = new ConcurrentHashMap<>();
    private final AtomicInteger subscriberCount = new AtomicInteger();
    private final Map<String, BookUpdated> pending = new ConcurrentHashMap<>();
    private final Map<Long, List<TradeView>> recentTrades = new ConcurrentHashMap<>();
    private final Map<SseEmitter, String> clients = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> perClient = new ConcurrentHashMap<>();
    private final ScheduledExecutorService feedThread = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("market-feed").daemon(true).factory());
    /** Live feeds one client address may hold at once ({@code cpx.market.feeds-per-client}). */
    private final int maxPerClient;
    private StringRedisTemplate redisTemplate;
    private RedisMessageListenerContainer redisListener;

    MarketFeed(MarketQueries queries, JsonMapper json, ObjectProvider<RedisConnectionFactory> redis,
               RedisCircuit redisCircuit) {
        this(queries, json, redis, redisCircuit, MAX_SUBSCRIBERS_PER_CLIENT);
    }

    @org.springframework.beans.factory.annotation.Autowired
    MarketFeed(MarketQueries queries, JsonMapper json, ObjectProvider<RedisConnectionFactory> redis,
               RedisCircuit redisCircuit,
               @org.springframework.beans.factory.annotation.Value("${cpx.market.feeds-per-client:8}") int maxPerClient) {
        this.maxPerClient = maxPerClient;
        this.queries = queries;
        this.json = json;
        this.redis = redis.getIfAvailable();
        this.redisCircuit = redisCircuit;
    }

    @Override
    public void afterPropertiesSet() {
        feedThread.scheduleWithFixedDelay(this::heartbeat, HEARTBEAT.toMillis(), HEARTBEAT.toMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        if (redis == null) {
            return;
        }
        redisTemplate = new StringRedisTemplate(redis);
        redisListener = new RedisMessageListenerContainer();
        redisListener.setConnectionFactory(redis);
        redisListener.addMessageListener((message, pattern) -> {
            String channel = new String(message.getChannel(), java.nio.charset.StandardCharsets.UTF_8);
            deliver(channel.substring(CHANNEL_PREFIX.length()),
                    new String(message.getBody(), java.nio.charset.StandardCharsets.UTF_8));
        }, new PatternTopic(CHANNEL_PREFIX + "*"));
        redisListener.afterPropertiesSet();
        redisListener.start();
    }

    @Override
    public void destroy() throws Exception {
        feedThread.shutdownNow();
        if (redisListener != null) {
            redisListener.destroy();
        }
        subscribers.values().forEach(emitters -> emitters.forEach(MarketFeed::completeQuietly));
        subscribers.clear();
    }

    /** At shutdown the container may already have recycled the response; nothing is left to tell the browser. */
    private static void completeQuietly(SseEmitter emitter) {
        try {
            emitter.complete();
        } catch (RuntimeException alreadyGone) {
            log.debug("emitter already closed at shutdown: {}", alreadyGone.toString());
        }
    }

    boolean fansOutThroughRedis() {
        return redis != null;
    }

    int subscriberCount() {
        return subscriberCount.get();
    }

    /**
     * A new subscription to a symbol from a client address, first sent the given snapshot; 429 past the address's
     * share, 503 once the instance has its maximum.
     */
    SseEmitter subscribe(String symbol, String client, MarketUpdate snapshot) {
        AtomicInteger own = perClient.computeIfAbsent(client, c -> new AtomicInteger());
        if (own.incrementAndGet() > maxPerClient) {
            release(client);
            throw new CpxException(ErrorCode.RATE_LIMITED, "your address already follows "
                    + maxPerClient + " live markets; close a tab, or reload it for fresh prices");
        }
        if (subscriberCount.incrementAndGet() > MAX_SUBSCRIBERS) {
            subscriberCount.decrementAndGet();
            release(client);
            throw new CpxException(ErrorCode.MARKET_BUSY, "the live feed has " + MAX_SUBSCRIBERS
                    + " subscribers on this server; the page still works, reload it for fresh prices");
        }
        var emitter = new SseEmitter(SUBSCRIPTION_TIMEOUT.toMillis());
        clients.put(emitter, client);
        subscribers.compute(symbol, (s, emitters) -> {
            Set<SseEmitter> set = emitters == null ? ConcurrentHashMap.newKeySet() : emitters;
            set.add(emitter);
            return set;
        });
        Runnable remove = () -> remove(symbol, emitter);
        emitter.onCompletion(remove);
        emitter.onTimeout(remove);
        emitter.onError(error -> remove.run());
        send(symbol, emitter, toJson(snapshot));
        return emitter;
    }

    /** Runs on the market's journal thread: queue only, coalescing a symbol's updates for {@link #COALESCE}. */
    @EventListener
    void on(BookUpdated update) {
        if (!update.newTrades().isEmpty()) {
            recentTrades.computeIfPresent(update.instrumentId(), (id, known) -> newestFirst(update.newTrades(), known));
        }
        if (redis == null && !subscribers.containsKey(update.symbol())) {
            return;
        }
        if (pending.put(update.symbol(), update) == null) {
            feedThread.schedule(() -> publish(update.symbol()), COALESCE.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    private void publish(String symbol) {
        BookUpdated update = pending.remove(symbol);
        if (update == null) {
            return;
        }
        try {
            String payload = toJson(update(update.instrumentId(), update.book()));
            // A Redis that does not answer would hold every update for the 2 s command timeout.
            if (redisTemplate != null && redisCircuit.answering() && publishToRedis(symbol, payload)) {
                return;
            }
            deliver(symbol, payload);
        } catch (RuntimeException e) {
            log.warn("market feed update for {} dropped: {}", symbol, e.toString());
        }
    }

    private boolean publishToRedis(String symbol, String payload) {
        try {
            redisTemplate.convertAndSend(CHANNEL_PREFIX + symbol, payload);
            return true;
        } catch (RuntimeException redisAway) {
            // An outage is logged once by the circuit; anything else Redis refused is worth a line each time.
            if (!redisCircuit.failed(redisAway)) {
                log.warn("Redis refused a market feed update, delivering {} on this instance only: {}", symbol,
                        redisAway.toString());
            }
            return false;
        }
    }

    /** A new subscriber's first picture: the book with the instrument's latest trades, read from the database. */
    MarketUpdate snapshot(long instrumentId, BookView book) {
        return MarketUpdate.of(book, queries.trades(instrumentId, MarketUpdate.TRADES_PER_UPDATE));
    }

    /**
     * An update of the instance that runs the market: its latest trades are read from the database once per
     * instrument, then kept up to date from the trades each update carries, so a busy market costs no query per
     * update. (Other instances get the payload through Redis and never use this.)
     */
    private MarketUpdate update(long instrumentId, BookView book) {
        List<TradeView> trades = recentTrades.get(instrumentId);
        if (trades == null) {
            trades = List.copyOf(queries.trades(instrumentId, MarketUpdate.TRADES_PER_UPDATE));
            List<TradeView> raced = recentTrades.putIfAbsent(instrumentId, trades);
            trades = raced == null ? trades : raced;
        }
        return MarketUpdate.of(book, trades);
    }

    private static List<TradeView> newestFirst(List<TradeView> newTrades, List<TradeView> known) {
        var merged = new java.util.ArrayList<TradeView>(newTrades);
        long oldestNew = newTrades.getLast().tradeId();
        known.stream().filter(t -> t.tradeId() < oldestNew).forEach(merged::add);
        return List.copyOf(merged.subList(0, Math.min(merged.size(), MarketUpdate.TRADES_PER_UPDATE)));
    }

    private void deliver(String symbol, String payload) {
        Set<SseEmitter> emitters = subscribers.get(symbol);
        if (emitters != null) {
            emitters.forEach(emitter -> send(symbol, emitter, payload));
        }
    }

    private void send(String symbol, SseEmitter emitter, String payload) {
        try {
            emitter.send(SseEmitter.event().name(EVENT_NAME).data(payload));
        } catch (IOException | IllegalStateException gone) {
            remove(symbol, emitter);
            emitter.completeWithError(gone);
        }
    }

    private void remove(String symbol, SseEmitter emitter) {
        Set<SseEmitter> emitters = subscribers.get(symbol);
        if (emitters != null && emitters.remove(emitter)) {
            subscriberCount.decrementAndGet();
            subscribers.computeIfPresent(symbol, (s, set) -> set.isEmpty() ? null : set);
            String client = clients.remove(emitter);
            if (client != null) {
                release(client);
            }
        }
    }

    private void release(String client) {
        perClient.computeIfPresent(client, (c, count) -> count.decrementAndGet() <= 0 ? null : count);
    }

    /** A comment to every subscriber: a connection whose client went away fails here and frees its slot. */
    void heartbeat() {
        subscribers.forEach((symbol, emitters) -> emitters.forEach(emitter -> {
            try {
                emitter.send(SseEmitter.event().comment("keep-alive"));
            } catch (IOException | IllegalStateException gone) {
                remove(symbol, emitter);
                emitter.completeWithError(gone);
            }
        }));
    }

    private String toJson(MarketUpdate update) {
        return json.writeValueAsString(update);
    }
}
