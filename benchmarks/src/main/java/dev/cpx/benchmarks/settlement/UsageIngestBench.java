package dev.cpx.benchmarks.settlement;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Usage ingestion through the API: POST /api/v1/usage in batches of 1,000 records from a few concurrent clients,
 * end to end (HTTP, API-key authentication, checking each record against its contract, allocation, window and
 * the sender's earlier records, the JDBC batch insert into MariaDB, the commit). The contracts are written straight
 * into the database first ({@link Fixtures}): purchases of one delivery day, each a block of 24 one-hour contracts
 * on the same nodes, and the market clock is moved past that day. Every record is a distinct node-hour: the provider
 * reports every hour of every node; the buyer reports the same hours on every other contract. After the measured phase a sample of batches is sent again: each must come back
 * with accepted 0 and 1,000 duplicates.
 *
 * <p>Usage: {@code UsageIngestBench <baseUrl> <jdbcUrl> <dbUser> <dbPassword> [purchases] [clients]
 * [warmUpBatches] [dayOffset]}.
 */
public final class UsageIngestBench {

    static final int BATCH = 1000;
    private static final int NODES_PER_CONTRACT = 4;
    private static final int GPUS_PER_NODE = 8;
    private static final int DUPLICATE_SAMPLE = 20;

    private record Batch(String apiKey, String json, int records) {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: UsageIngestBench <baseUrl> <jdbcUrl> <dbUser> <dbPassword> [contracts] "
                    + "[clients] [warmUpBatches] [dayOffset]");
            System.exit(2);
        }
        String baseUrl = args[0];
        int contractCount = args.length > 4 ? Integer.parseInt(args[4]) : 1500;
        int clients = args.length > 5 ? Integer.parseInt(args[5]) : 4;
        int warmUpBatches = args.length > 6 ? Integer.parseInt(args[6]) : 20;
        int dayOffset = args.length > 7 ? Integer.parseInt(args[7]) : 2;
        String tag = "I" + Long.toString(System.currentTimeMillis() / 1000 % 46_656, 36).toUpperCase(Locale.ROOT);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(dayOffset);

        List<Fixtures.Contract> contracts;
        try (var fixtures = new Fixtures(args[1], args[2], args[3])) {
            long started = System.nanoTime();
            contracts = fixtures.createContracts(tag, contractCount, NODES_PER_CONTRACT, GPUS_PER_NODE, 250,
                    List.of(new Fixtures.Lane("ACME", "SHCC", "SH01", Fixtures.dayOfHours("H100-SXM-80G", "CN-EAST", day)),
                            new Fixtures.Lane("NOVA", "GZDH", "GY01", Fixtures.dayOfHours("H100-SXM-80G", "CN-WEST", day)),
                            new Fixtures.Lane("SHCC", "GZDH", "GY01", Fixtures.dayOfHours("H100-SXM-80G", "CN-WEST", day)),
                            new Fixtures.Lane("ACME", "GZDH", "GY01", Fixtures.dayOfHours("H100-SXM-80G", "CN-WEST", day))));
            System.out.printf(Locale.ROOT, "setup: %d contracts of %d nodes x %d GPUs on %s written over JDBC in %.1f s "
                            + "(run %s)%n", contracts.size(), NODES_PER_CONTRACT, GPUS_PER_NODE, day,
                    (System.nanoTime() - started) / 1e9, tag);
        }
        List<Batch> batches = batches(contracts, tag);
        long records = batches.stream().mapToLong(Batch::records).sum();
        try (var executor = Executors.newVirtualThreadPerTaskExecutor();
             var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(2)).executor(executor).build()) {
            var api = new CpxHttp(client, baseUrl, Duration.ofSeconds(60));
            // Past the last contract's hour: usage is accepted only for intervals that have ended.
            Instant lastEnd = contracts.stream().map(Fixtures.Contract::end).max(Instant::compareTo).orElseThrow();
            Instant now = api.clockPast(lastEnd, Duration.ofHours(1));
            System.out.printf("market clock moved to %s%n", now);

            int warmUp = Math.min(warmUpBatches, batches.size() / 5);
            Phase warm = run(api, batches.subList(0, warmUp), clients);
            System.out.printf(Locale.ROOT, "warm-up: %d batches, %d records accepted in %.1f s, errors %s%n",
                    warmUp, warm.accepted.get(), warm.seconds, warm.errors);
            List<Batch> measured = batches.subList(warmUp, batches.size());
            Phase phase = run(api, measured, clients);
            long[] sorted = phase.latencies.clone();
            Arrays.sort(sorted);
            double perSecond = phase.accepted.get() / phase.seconds;
            System.out.printf(Locale.ROOT, "measured: %d batches of %d from %d clients, %d accepted, %d duplicates, "
                            + "%d rejected in %.2f s: %.0f records/s%n", measured.size(), BATCH, clients,
                    phase.accepted.get(), phase.duplicates.get(), phase.rejected.get(), phase.seconds, perSecond);
            System.out.printf(Locale.ROOT, "batch latency ms: p50 %.1f, p90 %.1f, p99 %.1f, max %.1f; errors %s%n",
                    pct(sorted, 0.50), pct(sorted, 0.90), pct(sorted, 0.99), sorted[sorted.length - 1] / 1e6,
                    phase.errors);
            phase.firstErrors.forEach((status, body) -> System.out.printf("  first %d: %s%n", status, body));

            // Idempotency: the same batches again change nothing.
            var random = new Random(20261125L);
            var sample = new ArrayList<Batch>();
            for (int i = 0; i < DUPLICATE_SAMPLE; i++) {
                sample.add(measured.get(random.nextInt(measured.size())));
            }
            Phase again = run(api, sample, clients);
            long[] againSorted = again.latencies.clone();
            Arrays.sort(againSorted);
            System.out.printf(Locale.ROOT, "re-sent %d batches: %d accepted, %d duplicates, %d rejected, p50 %.1f ms%n",
                    sample.size(), again.accepted.get(), again.duplicates.get(), again.rejected.get(),
                    pct(againSorted, 0.5));
            long stored;
            try (var fixtures = new Fixtures(args[1], args[2], args[3])) {
                stored = fixtures.single("select count(*) from usage_record where record_id like '" + tag + "-%'");
            }
            boolean ok = stored == records && again.accepted.get() == 0
                    && again.duplicates.get() == sample.stream().mapToLong(Batch::records).sum() && phase.errors.isEmpty()
                    && phase.rejected.get() == 0;
            System.out.printf("stored rows of this run: %d of %d sent; %s%n", stored, records, ok ? "OK" : "MISMATCH");
            System.out.printf(Locale.ROOT, "RESULT ingest records=%d batches=%d clients=%d elapsed_s=%.2f "
                            + "records_per_s=%.0f p50_ms=%.1f p90_ms=%.1f p99_ms=%.1f max_ms=%.1f resent_accepted=%d "
                            + "resent_duplicates=%d stored=%d ok=%s%n", phase.accepted.get(), measured.size(), clients,
                    phase.seconds, perSecond, pct(sorted, 0.5), pct(sorted, 0.9), pct(sorted, 0.99),
                    sorted[sorted.length - 1] / 1e6, again.accepted.get(), again.duplicates.get(), stored, ok);
            if (!ok) {
                System.exit(1);
            }
        }
    }

    /**
     * The batches: each sender's records in contract, node and hour order, cut into batches of 1,000, senders
     * interleaved. Provider records for every node-hour; buyer records for the node-hours of every other contract.
     */
    private static List<Batch> batches(List<Fixtures.Contract> contracts, String tag) {
        var bySender = new TreeMap<String, List<String>>();
        for (int c = 0; c < contracts.size(); c++) {
            Fixtures.Contract contract = contracts.get(c);
            int hours = (int) Duration.between(contract.start(), contract.end()).toHours();
            for (int n = 0; n < contract.cpids().length; n++) {
                for (int h = 0; h < hours; h++) {
                    Instant start = contract.start().plusSeconds(h * 3600L);
                    long full = (long) contract.gpusPerNode() * 3600;
                    bySender.computeIfAbsent(contract.provider() + "|P", k -> new ArrayList<>()).add(record(
                            tag + "-P" + contract.id() + "-" + n + "-" + h, contract, n, start, full));
                    if (c % 2 == 0) {
                        bySender.computeIfAbsent(contract.buyer() + "|B", k -> new ArrayList<>()).add(record(
                                tag + "-B" + contract.id() + "-" + n + "-" + h, contract, n, start, full - (c % 3) * 7));
                    }
                }
            }
        }
        var perSender = new ArrayList<List<Batch>>();
        for (var sender : bySender.entrySet()) {
            String key = Fixtures.KEYS.get(sender.getKey().substring(0, sender.getKey().indexOf('|')));
            List<String> records = sender.getValue();
            var list = new ArrayList<Batch>();
            for (int from = 0; from < records.size(); from += BATCH) {
                List<String> part = records.subList(from, Math.min(records.size(), from + BATCH));
                list.add(new Batch(key, "{\"records\":[" + String.join(",", part) + "]}", part.size()));
            }
            perSender.add(list);
        }
        var interleaved = new ArrayList<Batch>();
        for (int i = 0; ; i++) {
            boolean any = false;
            for (List<Batch> list : perSender) {
                if (i < list.size()) {
                    interleaved.add(list.get(i));
                    any = true;
                }
            }
            if (!any) {
                return interleaved;
            }
        }
    }

    private static String record(String recordId, Fixtures.Contract contract, int node, Instant start, long seconds) {
        return "{\"recordId\":\"" + recordId + "\",\"contractId\":" + contract.id() + ",\"cpid\":\""
                + contract.cpids()[node] + "\",\"intervalStart\":\"" + start + "\",\"intervalEnd\":\""
                + start.plusSeconds(3600) + "\",\"gpuSeconds\":" + seconds + "}";
    }

    private static final class Phase {
        final long[] latencies;
        final AtomicLong accepted = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final Map<Integer, Long> errors = new ConcurrentHashMap<>();
        final Map<Integer, String> firstErrors = new ConcurrentHashMap<>();
        double seconds;

        Phase(int n) {
            latencies = new long[n];
        }
    }

    /** {@code clients} closed-loop clients, each sending its next batch when the previous one is answered. */
    private static Phase run(CpxHttp api, List<Batch> batches, int clients) throws InterruptedException {
        var phase = new Phase(batches.size());
        var next = new AtomicInteger();
        long start = System.nanoTime();
        var threads = new Thread[clients];
        for (int c = 0; c < clients; c++) {
            threads[c] = Thread.ofVirtual().start(() -> {
                int i;
                while ((i = next.getAndIncrement()) < batches.size()) {
                    Batch batch = batches.get(i);
                    long sent = System.nanoTime();
                    int status;
                    String body;
                    try {
                        var answer = api.post("usage", batch.apiKey(), batch.json());
                        status = answer.status();
                        body = answer.body();
                    } catch (Exception e) {
                        status = -1;
                        body = e.toString();
                    }
                    phase.latencies[i] = System.nanoTime() - sent;
                    if (status == 200) {
                        phase.accepted.addAndGet(CpxHttp.number(body, "accepted"));
                        phase.duplicates.addAndGet(CpxHttp.number(body, "duplicates"));
                        phase.rejected.addAndGet(body.split("\"reason\"", -1).length - 1);
                        if (body.contains("\"reason\"")) {
                            phase.firstErrors.putIfAbsent(200, body.length() > 400 ? body.substring(0, 400) : body);
                        }
                    } else {
                        phase.errors.merge(status, 1L, Long::sum);
                        phase.firstErrors.putIfAbsent(status, body.length() > 400 ? body.substring(0, 400) : body);
                    }
                }
            });
        }
        for (Thread thread : threads) {
            thread.join();
        }
        phase.seconds = (System.nanoTime() - start) / 1e9;
        return phase;
    }

    private static double pct(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }
}
