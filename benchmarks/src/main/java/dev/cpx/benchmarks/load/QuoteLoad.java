package dev.cpx.benchmarks.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Quotes and block orders through the API against a market of hourly instruments, closed loop, 127.0.0.1 only.
 * <pre>
 * QuoteLoad BASE_URL FIRST_HOUR LAST_HOUR QUOTES QUOTE_CLIENTS BLOCKS BLOCK_CLIENTS WARMUP
 * </pre>
 * A quote is a random shape over every class and region: 1 or 2 GPUs for 1 to 4 hours, starting on any of 1 to 24
 * whole hours in {@code [FIRST_HOUR, LAST_HOUR]} (up to 14 x 6 x 24 = 2,016 candidates, each walking the books of
 * its hours). A block order buys 1 GPU of a random class and region for 1 or 2 consecutive hours at a limit of 0.70
 * (the fixture's asks lie at 0.61-0.70), as ACME or NOVA; a thin book answers 422 block-not-fillable. Prints
 * {@code RESULT} lines with latency percentiles (ms) and rates.
 */
public final class QuoteLoad {

    private static final List<String> CLASSES = List.of("H100-SXM-80G", "H100-PCIE-80G", "H200-SXM-141G", "H20-96G",
            "A100-SXM-80G", "A100-PCIE-40G", "A800-SXM-80G", "L40S-48G", "L20-48G", "RTX4090-24G", "V100-SXM2-32G",
            "MI300X-192G", "MI250X-128G", "ASCEND910B-64G");
    private static final List<String> REGIONS = List.of("CN-EAST", "CN-NORTH", "CN-SOUTH", "CN-WEST", "US-WEST",
            "EU-CENTRAL");
    private static final List<String> KEYS = List.of("demo-acme-key", "demo-nova-key");
    private static final long HOUR_SECONDS = 3600;

    private final HttpClient http;
    private final String base;
    private final Instant first;
    private final long hours;

    private QuoteLoad(HttpClient http, String base, Instant first, Instant last) {
        this.http = http;
        this.base = base;
        this.first = first;
        this.hours = Duration.between(first, last).toHours();
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            throw new IllegalArgumentException("QuoteLoad BASE_URL FIRST_HOUR LAST_HOUR QUOTES QUOTE_CLIENTS BLOCKS "
                    + "BLOCK_CLIENTS WARMUP");
        }
        try (var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            var load = new QuoteLoad(http, args[0], Instant.parse(args[1]), Instant.parse(args[2]));
            int quotes = Integer.parseInt(args[3]);
            int quoteClients = Integer.parseInt(args[4]);
            int blocks = Integer.parseInt(args[5]);
            int blockClients = Integer.parseInt(args[6]);
            int warmup = Integer.parseInt(args[7]);
            load.run("quotes-warmup", warmup, quoteClients, load::quote, false);
            load.run("quotes", quotes, quoteClients, load::quote, true);
            // One client: each quote's own latency, without the queueing of clients that outnumber the cores.
            load.run("quotes-one-client", quotes / 2, 1, index -> load.quote(quotes + index), true);
            load.run("blocks", blocks, blockClients, load::block, true);
        }
    }

    private HttpRequest quote(int index) {
        var random = new Random(index * 31L + 7);
        Instant earliest = first.plusSeconds(HOUR_SECONDS * random.nextInt((int) Math.max(1, hours - 30)));
        String body = """
                {"gpus":%d,"durationHours":%d,"earliestStart":"%s","latestStart":"%s"}""".formatted(
                1 + random.nextInt(2), 1 + random.nextInt(4), earliest,
                earliest.plusSeconds(HOUR_SECONDS * random.nextInt(24)));
        return post("/api/v1/quotes", KEYS.get(index % 2), body);
    }

    private HttpRequest block(int index) {
        var random = new Random(index * 17L + 3);
        Instant start = first.plusSeconds(HOUR_SECONDS * random.nextInt((int) Math.max(1, hours - 2)));
        String body = """
                {"clientOrderId":"qload-%d-%d","computeClass":"%s","region":"%s","side":"BUY","quantity":1,\
                "start":"%s","end":"%s","limitPrice":"0.70"}""".formatted(System.nanoTime() % 1_000_000_000L, index,
                CLASSES.get(random.nextInt(CLASSES.size())), REGIONS.get(random.nextInt(REGIONS.size())), start,
                start.plusSeconds(HOUR_SECONDS * (1 + random.nextInt(2))));
        return post("/api/v1/block-orders", KEYS.get(index % 2), body);
    }

    private HttpRequest post(String path, String key, String body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("Accept", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private void run(String name, int count, int clients, IntFunction<HttpRequest> requests, boolean report)
            throws Exception {
        var latencies = new AtomicLongArray(count);
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        Map<Integer, String> firstErrors = new ConcurrentHashMap<>();
        var next = new AtomicInteger();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            var workers = new java.util.ArrayList<Future<?>>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        HttpRequest request = requests.apply(i);
                        long at = System.nanoTime();
                        int status;
                        try {
                            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                            status = response.statusCode();
                            if (status >= 300) {
                                firstErrors.putIfAbsent(status, response.body().length() > 300
                                        ? response.body().substring(0, 300) : response.body());
                            }
                        } catch (Exception e) {
                            status = -1;
                            firstErrors.putIfAbsent(status, String.valueOf(e));
                        }
                        latencies.set(i, System.nanoTime() - at);
                        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (!report) {
            return;
        }
        long[] sorted = new long[count];
        for (int i = 0; i < count; i++) {
            sorted[i] = latencies.get(i);
        }
        Arrays.sort(sorted);
        long ok = statuses.getOrDefault(200, new LongAdder()).sum() + statuses.getOrDefault(201, new LongAdder()).sum();
        var byStatus = new TreeMap<Integer, Long>();
        statuses.forEach((status, adder) -> byStatus.put(status, adder.sum()));
        System.out.printf("RESULT %s requests=%d clients=%d seconds=%.1f ok=%d ok_per_s=%.1f p50_ms=%.1f p90_ms=%.1f "
                        + "p99_ms=%.1f max_ms=%.1f statuses=%s%n", name, count, clients, seconds, ok, ok / seconds,
                ms(sorted, 0.50), ms(sorted, 0.90), ms(sorted, 0.99), sorted[count - 1] / 1e6,
                byStatus.toString().replace(" ", ""));
        firstErrors.forEach((status, detail) -> System.out.println("FIRST " + name + " " + status + " " + detail));
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
