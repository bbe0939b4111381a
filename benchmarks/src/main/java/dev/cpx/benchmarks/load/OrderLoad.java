package dev.cpx.benchmarks.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * HTTP load on the order path of a running CPX: POST /api/v1/orders from the demo keys, end to end (HTTP, API-key
 * authentication, sequencer, MariaDB commit, response). Either as fast as {@code concurrency} clients can go (a
 * closed loop), or paced at a fixed rate (an open loop: each order is due at its slot, and its latency counts from
 * then). Prints the figures and one {@code RESULT orders} line of {@code key=value} fields without spaces. With
 * {@code --await-start} it prints {@code READY} after the warm-up and waits for a line on standard input before it
 * measures (see {@link LoadSettings}).
 *
 * <p>Usage: {@code OrderLoad <baseUrl> <orders> <concurrency> <ratePerSecond|0> <warmUpOrders> [maxSeconds]
 * [--await-start]}.
 */
public final class OrderLoad {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final long SEED = 20261125L;

    private final LoadSettings settings;
    private final HttpClient http;
    private final URI ordersUri;

    private OrderLoad(LoadSettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        this.ordersUri = URI.create(settings.baseUrl() + "/api/v1/orders");
    }

    public static void main(String[] args) throws Exception {
        LoadSettings settings = LoadSettings.parse(args);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor();
             var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(2)).executor(executor).build()) {
            new OrderLoad(settings, http).run();
        }
    }

    private void run() throws IOException, InterruptedException {
        // A run tag keeps client order ids and node names apart when several runs share a database.
        String runTag = Long.toString(System.currentTimeMillis() / 1000 % 2_176_782_336L, 36).toUpperCase(Locale.ROOT);
        var setup = new MarketSetup(http, settings.baseUrl());
        List<MarketSetup.Market> markets = setup.markets();
        int nodes = setup.provision(settings.orders() + settings.warmUpOrders(), markets.size(), runTag);
        System.out.printf("OrderLoad %s: %d instruments, %d nodes of 64 GPUs registered for the asks, run %s%n",
                settings.mode(), markets.size(), nodes, runTag);

        var mix = new OrderMix(markets, runTag, SEED ^ runTag.hashCode());
        if (settings.warmUpOrders() > 0) {
            LoadResults warmUp = phase(orders(mix, "w", settings.warmUpOrders()));
            System.out.printf("warm-up: %d orders, %d acknowledged, errors %s%n", warmUp.completed(),
                    warmUp.acknowledged(), warmUp.errors());
        }
        OrderMix.Order[] measured = orders(mix, "m", settings.orders());
        if (settings.awaitStart()) {
            awaitStart();
        }
        long start = System.nanoTime();
        long cpuStartNanos = processCpuNanos();
        LoadResults results = phase(measured);
        report(results, (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpuStartNanos) / 1e6);
    }

    /** This load generator's own CPU time: on a shared machine it is part of what the cores spend. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Tells the caller that the warm-up is over and nothing is in flight, then waits for its go-ahead. */
    private static void awaitStart() throws IOException {
        System.out.println("READY: warm-up done, nothing in flight; send a line on standard input to measure");
        System.out.flush();
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        if (in.readLine() == null) {
            throw new IllegalStateException("standard input closed before the start signal");
        }
    }

    private static OrderMix.Order[] orders(OrderMix mix, String phase, int count) {
        var orders = new OrderMix.Order[count];
        for (int i = 0; i < count; i++) {
            orders[i] = mix.next(phase, i);
        }
        return orders;
    }

    private LoadResults phase(OrderMix.Order[] orders) throws InterruptedException {
        var results = new LoadResults(orders.length);
        long deadline = System.nanoTime() + settings.maxDuration().toNanos();
        if (settings.paced()) {
            paced(orders, results, deadline);
        } else {
            closedLoop(orders, results, deadline);
        }
        return results;
    }

    /** {@code concurrency} clients, each sending its next order as soon as the previous one is answered. */
    private void closedLoop(OrderMix.Order[] orders, LoadResults results, long deadline) throws InterruptedException {
        var next = new AtomicInteger();
        var clients = new Thread[settings.concurrency()];
        for (int c = 0; c < clients.length; c++) {
            clients[c] = Thread.ofVirtual().start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < orders.length && System.nanoTime() < deadline) {
                    send(orders[i], i, System.nanoTime(), results);
                }
            });
        }
        for (Thread client : clients) {
            client.join();
        }
    }

    /** One order every 1/rate seconds, at most {@code concurrency} in flight; a late start counts as latency. */
    private void paced(OrderMix.Order[] orders, LoadResults results, long deadline) throws InterruptedException {
        long intervalNanos = 1_000_000_000L / settings.ratePerSecond();
        var inFlight = new Semaphore(settings.concurrency());
        long start = System.nanoTime();
        for (int i = 0; i < orders.length; i++) {
            long due = start + i * intervalNanos;
            if (due > deadline) {
                break;
            }
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            inFlight.acquire();
            int index = i;
            Thread.ofVirtual().start(() -> {
                try {
                    send(orders[index], index, due, results);
                } finally {
                    inFlight.release();
                }
            });
        }
        inFlight.acquire(settings.concurrency());
    }

    private void send(OrderMix.Order order, int index, long dueNanos, LoadResults results) {
        var request = HttpRequest.newBuilder(ordersUri)
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + order.apiKey())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(order.json()))
                .build();
        int status;
        boolean traded = false;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            traded = (status == 201 || status == 200) && !response.body().contains("\"filledQuantity\":0,");
            if (status != 201 && status != 200) {
                results.error(status, response.body());
            }
        } catch (IOException e) {
            status = LoadResults.NO_ANSWER;
            results.error(status, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = LoadResults.NO_ANSWER;
        }
        results.record(index, Math.max(1, System.nanoTime() - dueNanos), status, traded);
    }

    private void report(LoadResults results, double elapsedSeconds, double cpuMillis) {
        double[] p = results.percentilesMillis();
        double ordersPerSecond = results.acknowledged() / elapsedSeconds;
        System.out.printf(Locale.ROOT, "%s, %d clients: %d requests in %.1f s, %d acknowledged (%.0f orders/s), "
                        + "%.0f%% of them traded at once%n", settings.mode(), settings.concurrency(),
                results.completed(), elapsedSeconds, results.acknowledged(), ordersPerSecond,
                100 * results.tradedShare());
        System.out.printf(Locale.ROOT, "latency ms: p50 %.1f, p90 %.1f, p99 %.1f, p99.9 %.1f, max %.1f%n",
                p[0], p[1], p[2], p[3], p[4]);
        System.out.printf("errors by status (-1 = no answer): %s%n", results.errors());
        results.firstErrors().forEach((status, detail) -> System.out.printf("  first %d: %s%n", status, detail));
        System.out.printf(Locale.ROOT, "RESULT orders mode=%s orders=%d concurrency=%d rate=%d elapsed_s=%.1f "
                        + "orders_per_s=%.0f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f requests=%d "
                        + "acknowledged=%d traded_pct=%.0f load_cpu_ms=%.0f errors=%s%n", settings.paced() ? "paced" : "max",
                settings.orders(), settings.concurrency(), settings.ratePerSecond(), elapsedSeconds, ordersPerSecond,
                p[0], p[1], p[2], p[4], results.completed(), results.acknowledged(), 100 * results.tradedShare(),
                cpuMillis, errorField(results.errors()));
    }

    /** {@code 422:312,500:3} (status:count), or {@code none}: one token for the RESULT line. */
    private static String errorField(Map<Integer, Long> errors) {
        return errors.isEmpty() ? "none" : errors.entrySet().stream()
                .map(e -> e.getKey() + ":" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
