package dev.cpx.web.market;

import dev.cpx.web.market.MarketApi.Answer;
import dev.cpx.web.market.MarketApi.OrderRequest;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A seeded stream of limit orders sent from several client threads, recording what each request got (an
 * acknowledgement, a refusal, a server error, or no answer at all: the server died while it was in flight, or the
 * client gave up waiting) and when it was sent and answered. Either a given number of acknowledgements triggers a
 * callback that kills the server and the clients stop sending then, or the clients send at a steady pace until
 * stopped.
 */
final class OrderTraffic {

    static final String ACME = "demo-acme-key";
    static final String NOVA = "demo-nova-key";
    static final String SHCC = "demo-shcc-key";
    static final String GZDH = "demo-gzdh-key";

    /** What one request got. */
    sealed interface Outcome {
    }

    record Acknowledged(Answer answer) implements Outcome {
    }

    record Refused(Answer answer) implements Outcome {
    }

    /** A 5xx: the client cannot tell whether the order was placed, as with no answer at all. */
    record ServerError(Answer answer) implements Outcome {
    }

    record Unanswered(String error) implements Outcome {
    }

    /** An instrument and the provider whose capacity backs the asks on it. */
    record Market(String symbol, String providerKey) {
    }

    /** Clients sending at a steady pace; see {@link #start}. */
    final class Running {

        private final ExecutorService pool;
        private final CountDownLatch stop;

        private Running(ExecutorService pool, CountDownLatch stop) {
            this.pool = pool;
            this.stop = stop;
        }

        /** Stops the clients after the requests they have in flight and waits for those answers. */
        void stop(Duration within) throws InterruptedException {
            stop.countDown();
            pool.shutdown();
            if (!pool.awaitTermination(within.toMillis(), TimeUnit.MILLISECONDS)) {
                pool.shutdownNow();
                throw new AssertionError("the clients did not finish within " + within);
            }
        }

        boolean finished() {
            return pool.isTerminated();
        }
    }

    private final List<OrderRequest> requests;
    private final AtomicReferenceArray<Outcome> outcomes;
    private final AtomicLongArray sentNanos;
    private final AtomicLongArray answeredNanos;

    private OrderTraffic(List<OrderRequest> requests) {
        this.requests = requests;
        this.outcomes = new AtomicReferenceArray<>(requests.size());
        this.sentNanos = new AtomicLongArray(requests.size());
        this.answeredNanos = new AtomicLongArray(requests.size());
    }

    /** Instruments of the noon hour of one delivery day and the next with the demo providers' registered capacity behind the asks. */
    static List<Market> demoMarkets(LocalDate day) {
        return List.of(
                new Market("H100-SXM-80G.CN-EAST." + day + "T12", SHCC),
                new Market("H100-SXM-80G.CN-EAST." + day.plusDays(1) + "T12", SHCC),
                new Market("A100-SXM-80G.CN-EAST." + day + "T12", SHCC),
                new Market("ASCEND910B-64G.CN-WEST." + day + "T12", GZDH),
                new Market("ASCEND910B-64G.CN-WEST." + day.plusDays(1) + "T12", GZDH),
                new Market("H100-SXM-80G.CN-WEST." + day + "T12", GZDH));
    }

    /**
     * Bids from ACME and NOVA and asks from each market's provider, prices 2.40 to 2.49 on both sides so that many
     * cross; mostly GTC with some IOC and FOK; one GPU per ask to stay inside registered capacity.
     */
    static OrderTraffic generate(long seed, int count, List<Market> markets) {
        return generate("restart", seed, count, markets);
    }

    /** As {@link #generate(long, int, List)}, with client order ids {@code prefix-seed-i}. */
    static OrderTraffic generate(String prefix, long seed, int count, List<Market> markets) {
        var random = new Random(seed);
        var requests = new ArrayList<OrderRequest>(count);
        for (int i = 0; i < count; i++) {
            Market market = markets.get(random.nextInt(markets.size()));
            boolean ask = random.nextInt(4) == 0;
            String key = ask ? market.providerKey() : random.nextInt(5) < 3 ? ACME : NOVA;
            int tif = random.nextInt(20);
            String timeInForce = tif < 17 ? "GTC" : tif < 19 ? "IOC" : "FOK";
            String price = "2.4" + random.nextInt(10);
            long quantity = ask ? 1 : 1 + random.nextInt(2);
            requests.add(new OrderRequest(key, prefix + "-" + seed + "-" + i, market.symbol(), ask ? "SELL" : "BUY",
                    timeInForce, price, quantity));
        }
        return new OrderTraffic(requests);
    }

    /**
     * Sends every request from {@code clients} threads until all are sent or {@code killer} has run, which happens
     * right after the {@code killAfter}-th acknowledgement.
     */
    void sendAndKill(MarketApi api, int clients, int killAfter, Runnable killer) throws InterruptedException {
        var next = new AtomicInteger();
        var acknowledged = new AtomicInteger();
        var stopped = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                int i;
                while (!stopped.get() && (i = next.getAndIncrement()) < requests.size()) {
                    Outcome outcome = sendAndRecord(api, i);
                    if (outcome instanceof Acknowledged && acknowledged.incrementAndGet() == killAfter) {
                        stopped.set(true);
                        killer.run();
                    }
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(90, TimeUnit.SECONDS)) {
            pool.shutdownNow();
            throw new AssertionError("the clients did not finish within 90 s");
        }
    }

    /**
     * Sends the requests in order from {@code clients} threads, each pausing {@code pace} after every answer, until
     * all are sent or {@link Running#stop} is called. Returns at once.
     */
    Running start(MarketApi api, int clients, Duration pace) {
        var next = new AtomicInteger();
        var stop = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int c = 0; c < clients; c++) {
            pool.execute(() -> {
                try {
                    int i;
                    while (stop.getCount() > 0 && (i = next.getAndIncrement()) < requests.size()) {
                        sendAndRecord(api, i);
                        if (stop.await(pace.toMillis(), TimeUnit.MILLISECONDS)) {
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        return new Running(pool, stop);
    }

    private Outcome sendAndRecord(MarketApi api, int i) {
        sentNanos.set(i, System.nanoTime());
        Outcome outcome = send(api, requests.get(i));
        answeredNanos.set(i, System.nanoTime());
        outcomes.set(i, outcome);
        return outcome;
    }

    /** Sends one order and classifies what came back. */
    static Outcome send(MarketApi api, OrderRequest request) {
        try {
            Answer answer = api.place(request);
            if (answer.acknowledged()) {
                return new Acknowledged(answer);
            }
            return answer.status() >= 500 ? new ServerError(answer) : new Refused(answer);
        } catch (IOException e) {
            return new Unanswered(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unanswered(e.toString());
        }
    }

    List<OrderRequest> requests() {
        return requests;
    }

    /** The outcome of request {@code i}, or null if it was never sent. */
    Outcome outcome(int i) {
        return outcomes.get(i);
    }

    /** Records what request {@code i} got when the caller sent it itself. */
    void record(int i, Outcome outcome) {
        outcomes.set(i, outcome);
    }

    /** When request {@code i} was sent and answered (or given up), as {@link System#nanoTime()}; 0 if not sent. */
    long sentNanos(int i) {
        return sentNanos.get(i);
    }

    long answeredNanos(int i) {
        return answeredNanos.get(i);
    }

    /** Acknowledgements of requests sent at or after {@code nanos} ({@link System#nanoTime()}). */
    long acknowledgedSentSince(long nanos) {
        long n = 0;
        for (int i = 0; i < requests.size(); i++) {
            if (outcomes.get(i) instanceof Acknowledged && sentNanos.get(i) - nanos >= 0) {
                n++;
            }
        }
        return n;
    }

    long count(Class<? extends Outcome> kind) {
        long n = 0;
        for (int i = 0; i < requests.size(); i++) {
            if (kind.isInstance(outcomes.get(i))) {
                n++;
            }
        }
        return n;
    }
}
