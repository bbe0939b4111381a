package dev.cpx.benchmarks.settlement;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;

/**
 * A settlement period of one delivery day at scale, through the API: 10,000 day-long purchases, each a block of 24
 * one-hour contracts (240,000 contracts, 240,000 contract-hours of 16 GPUs), and 1,000,000 usage records are written
 * straight into MariaDB ({@link Fixtures}, JDBC batches), the market clock is moved past the day, then
 * POST /api/v1/settlement/periods (rating and reconciliation of every contract delivered that day) and
 * POST /api/v1/settlement/periods/{id}/close (rating again, ledger postings, frozen statements) are timed.
 *
 * <p>Each purchase has 2 nodes of 8 GPUs for the 24 hours of the day, allocated to each of its 24 contracts, and
 * 100 usage records: the provider reports each node hour by hour (48, one per node and contract), the buyer each
 * node in 26 intervals (52): every hour whole except two split at 20 minutes past, so rating meets records that do
 * not fill an hour. Every 20th purchase the provider reports half of one node-hour (an SLA credit and a
 * discrepancy); every 50th the buyer reports one interval 10% low (a discrepancy).
 *
 * <p>Usage: {@code SettlementRunBench <baseUrl> <jdbcUrl> <dbUser> <dbPassword> [purchases] [gcLog] [dayOffset]
 * [heapSamples]}, where heapSamples is a file of {@code jstat -gc} lines of the application each prefixed with its
 * epoch seconds.
 */
public final class SettlementRunBench {

    private static final int NODES = 2;
    private static final int GPUS = 8;
    private static final int HOURS = 24;
    /** The hours the buyer reports in two intervals split at 20 minutes past: 24 + 2 = 26 intervals per node. */
    private static final java.util.Set<Integer> SPLIT_HOURS = java.util.Set.of(6, 17);
    private static final long SPLIT_SECONDS = 1_200;
    private static final int ROWS_PER_EXECUTE = 5_000;
    private static final int ROWS_PER_COMMIT = 100_000;
    /** Dirty pages left in MariaDB's buffer pool (of 8,192 at its default 128 MB) before the open is timed. */
    private static final long DIRTY_PAGES_SETTLED = 1_000;

    /**
     * A day's usage arrives over the day, not in the seconds before its period opens: the setup leaves MariaDB with
     * hundreds of megabytes of pages still to write back, which would compete with the open's reads for the disk
     * (the open took 31 to 60 s of the same code that way). Waits, at most a minute, until most are written,
     * and says how long it waited.
     */
    private static void waitForTheSetupToBeWrittenBack(Fixtures fixtures) throws Exception {
        String dirty = "select cast(variable_value as unsigned) from information_schema.global_status "
                + "where variable_name = 'INNODB_BUFFER_POOL_PAGES_DIRTY'";
        long started = System.nanoTime();
        long first;
        try {
            first = fixtures.single(dirty);
        } catch (java.sql.SQLException notMariaDb) {
            System.out.println("dirty pages not readable here; the open starts at once");
            return;
        }
        long now = first;
        while (now > DIRTY_PAGES_SETTLED && System.nanoTime() - started < Duration.ofMinutes(1).toNanos()) {
            Thread.sleep(500);
            now = fixtures.single(dirty);
        }
        System.out.printf(Locale.ROOT, "waited %.1f s for MariaDB to write back the setup (dirty pages %d -> %d)%n",
                (System.nanoTime() - started) / 1e9, first, now);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: SettlementRunBench <baseUrl> <jdbcUrl> <dbUser> <dbPassword> [purchases] "
                    + "[gcLog] [dayOffset]");
            System.exit(2);
        }
        String baseUrl = args[0];
        int purchases = args.length > 4 ? Integer.parseInt(args[4]) : 10_000;
        Path gcLog = args.length > 5 && !args[5].isEmpty() ? Path.of(args[5]) : null;
        int dayOffset = args.length > 6 ? Integer.parseInt(args[6]) : 3;
        Path heapSamples = args.length > 7 && !args[7].isEmpty() ? Path.of(args[7]) : null;
        String tag = "S" + Long.toString(System.currentTimeMillis() / 1000 % 46_656, 36).toUpperCase(Locale.ROOT);
        LocalDate day = LocalDate.now(ZoneOffset.UTC).plusDays(dayOffset);
        Instant dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant dayEnd = dayStart.plus(Duration.ofDays(1));

        List<Fixtures.Contract> contracts;
        long records;
        long bookedValue;
        try (var fixtures = new Fixtures(args[1], args[2], args[3])) {
            long started = System.nanoTime();
            contracts = fixtures.createContracts(tag, purchases, NODES, GPUS, 250, List.of(
                    new Fixtures.Lane("ACME", "SHCC", "SH01", Fixtures.dayOfHours("H100-SXM-80G", "CN-EAST", day)),
                    new Fixtures.Lane("NOVA", "SHCC", "SH01", Fixtures.dayOfHours("H100-SXM-80G", "CN-EAST", day)),
                    new Fixtures.Lane("SHCC", "GZDH", "GY01", Fixtures.dayOfHours("H100-SXM-80G", "CN-WEST", day)),
                    new Fixtures.Lane("ACME", "GZDH", "GY01", Fixtures.dayOfHours("H100-SXM-80G", "CN-WEST", day)),
                    new Fixtures.Lane("NOVA", "GZDH", "GY01", Fixtures.dayOfHours("H100-SXM-80G", "CN-WEST", day))));
            double contractSeconds = (System.nanoTime() - started) / 1e9;
            started = System.nanoTime();
            records = insertUsage(fixtures.connection(), contracts, tag);
            double usageSeconds = (System.nanoTime() - started) / 1e9;
            bookedValue = contracts.stream().mapToLong(Fixtures.Contract::valueMinor).sum();
            System.out.printf(Locale.ROOT, "setup (run %s, day %s): %d purchases of 24 hours, %d one-hour contracts "
                            + "with %d nodes each in %.1f s; %d usage records in %.1f s (%.0f rows/s, JDBC batches of "
                            + "%d)%n", tag, day, purchases, contracts.size(), NODES,
                    contractSeconds, records, usageSeconds, records / usageSeconds, ROWS_PER_EXECUTE);
            waitForTheSetupToBeWrittenBack(fixtures);
        }

        try (var executor = Executors.newVirtualThreadPerTaskExecutor();
             var client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                     .connectTimeout(Duration.ofSeconds(2)).executor(executor).build()) {
            var api = new CpxHttp(client, baseUrl, Duration.ofMinutes(30));
            Instant now = api.clockPast(dayEnd, Duration.ofHours(1));
            System.out.printf("market clock moved to %s%n", now);

            Instant openFrom = Instant.now();
            long t0 = System.nanoTime();
            var opened = api.post("settlement/periods", CpxHttp.ADMIN,
                    "{\"periodStart\":\"" + dayStart + "\",\"periodEnd\":\"" + dayEnd + "\"}");
            double openSeconds = (System.nanoTime() - t0) / 1e9;
            Instant openTo = Instant.now();
            if (opened.status() != 201) {
                throw new IllegalStateException("opening the period: " + opened.status() + " " + opened.body());
            }
            long periodId = CpxHttp.number(opened.body(), "periodId");
            System.out.printf(Locale.ROOT, "open (rate + reconcile): %.2f s -> %s%n", openSeconds, opened.body());

            Instant closeFrom = Instant.now();
            t0 = System.nanoTime();
            var closed = api.post("settlement/periods/" + periodId + "/close", CpxHttp.ADMIN, "{}");
            double closeSeconds = (System.nanoTime() - t0) / 1e9;
            Instant closeTo = Instant.now();
            if (closed.status() != 200) {
                throw new IllegalStateException("closing the period: " + closed.status() + " " + closed.body());
            }
            System.out.printf(Locale.ROOT, "close (rate again + ledger + freeze): %.2f s -> %s%n", closeSeconds,
                    closed.body());

            long settled;
            long settledValue;
            long discrepancies;
            long journalSum;
            long balanceSum;
            long clearingEntries;
            long clearingBalance;
            try (var fixtures = new Fixtures(args[1], args[2], args[3])) {
                settled = fixtures.single("select count(*) from settled_contract where period_id = " + periodId);
                settledValue = fixtures.single("select coalesce(sum(value_minor), 0) from settled_contract "
                        + "where period_id = " + periodId);
                discrepancies = fixtures.single("select count(*) from discrepancy where period_id = " + periodId);
                journalSum = fixtures.single("select coalesce(sum(amount_minor), 0) from journal_line");
                balanceSum = fixtures.single("select coalesce(sum(balance_minor), 0) from ledger_account");
                clearingEntries = fixtures.single("select count(*) from journal_entry where kind like 'CLEARING-%'");
                clearingBalance = fixtures.single("select balance_minor from ledger_account "
                        + "where code = 'PLATFORM:CLEARING'");
            }
            GcLog.Window openHeap = GcLog.window(gcLog, openFrom, openTo);
            GcLog.Window closeHeap = GcLog.window(gcLog, closeFrom, closeTo);
            Thread.sleep(600); // the last heap samples of the close
            long openPeak = GcLog.sampledPeakMb(heapSamples, openFrom, openTo);
            long closePeak = GcLog.sampledPeakMb(heapSamples, closeFrom, closeTo);
            double total = openSeconds + closeSeconds;
            System.out.printf(Locale.ROOT, "open: %.0f contracts/s, %.0f records/s; heap used at most %d MB (sampled); "
                            + "GC log: %s%n", contracts.size() / openSeconds, records / openSeconds, openPeak,
                    openHeap.describe());
            System.out.printf(Locale.ROOT, "close: %.0f contracts/s, %.0f records/s; heap used at most %d MB (sampled); "
                            + "GC log: %s%n", contracts.size() / closeSeconds, records / closeSeconds, closePeak,
                    closeHeap.describe());
            System.out.printf("settled contracts %d of %d, settled value %d of %d booked, discrepancies %d, CLEARING "
                            + "journal entries %d, clearing balance %d; sum(journal_line.amount_minor) = %d, "
                            + "sum(ledger_account.balance_minor) = %d%n", settled, contracts.size(), settledValue,
                    bookedValue, discrepancies, clearingEntries, clearingBalance,
                    journalSum, balanceSum);
            boolean ok = settled == contracts.size() && settledValue == bookedValue && journalSum == 0
                    && balanceSum == 0 && clearingBalance == 0;
            System.out.printf(Locale.ROOT, "RESULT settlement contracts=%d records=%d open_s=%.2f close_s=%.2f "
                            + "total_s=%.2f open_contracts_per_s=%.0f open_records_per_s=%.0f heap_sampled_peak_mb=%d "
                            + "gc_peak_mb=%d "
                            + "heap_live_max_mb=%d discrepancies=%d journal_sum=%d balance_sum=%d ok=%s%n",
                    contracts.size(), records, openSeconds, closeSeconds, total, contracts.size() / openSeconds,
                    records / openSeconds, Math.max(openPeak, closePeak),
                    Math.max(openHeap.peakBeforeMb(), closeHeap.peakBeforeMb()),
                    Math.max(openHeap.peakAfterMb(), closeHeap.peakAfterMb()), discrepancies, journalSum, balanceSum,
                    ok);
            if (!ok) {
                System.exit(1);
            }
        }
    }

    /**
     * The usage rows of every purchase, both sources, in JDBC batches (rewritten into multi-row inserts): each record
     * lies inside one contract's hour, as ingestion requires.
     */
    private static long insertUsage(Connection db, List<Fixtures.Contract> contracts, String tag) throws Exception {
        LocalDateTime received = Fixtures.utc(Instant.now());
        long rows = 0;
        try (PreparedStatement insert = db.prepareStatement("insert into usage_record (organization_id, source, "
                + "record_id, contract_id, node_id, interval_start, interval_end, gpu_seconds, received_at) "
                + "values (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int c = 0; c * HOURS < contracts.size(); c++) {
                for (int n = 0; n < NODES; n++) {
                    int k = 0;
                    for (int h = 0; h < HOURS; h++) {
                        Fixtures.Contract contract = contracts.get(c * HOURS + h);
                        Instant start = contract.start();
                        long seconds = (long) GPUS * 3600;
                        if (c % 20 == 0 && n == 0 && h == 5) {
                            seconds /= 2;
                        }
                        add(insert, contract.providerId(), "PROVIDER", tag + "-P" + contract.id() + "-" + n,
                                contract, n, start, contract.end(), seconds, received);
                        rows++;
                        List<Instant> cuts = SPLIT_HOURS.contains(h)
                                ? List.of(start, start.plusSeconds(SPLIT_SECONDS), contract.end())
                                : List.of(start, contract.end());
                        for (int i = 0; i + 1 < cuts.size(); i++, k++) {
                            long buyerSeconds = GPUS * Duration.between(cuts.get(i), cuts.get(i + 1)).toSeconds();
                            if (c % 50 == 1 && n == 1 && k == 7) {
                                buyerSeconds = buyerSeconds * 9 / 10;
                            }
                            add(insert, contract.buyerId(), "BUYER", tag + "-B" + contract.id() + "-" + n + "-" + i,
                                    contract, n, cuts.get(i), cuts.get(i + 1), buyerSeconds, received);
                            rows++;
                        }
                    }
                }
                // 100 rows a purchase: whole purchases per batch and per commit.
                if (rows % ROWS_PER_EXECUTE == 0) {
                    insert.executeBatch();
                }
                if (rows % ROWS_PER_COMMIT == 0) {
                    db.commit();
                }
            }
            insert.executeBatch();
            db.commit();
        }
        return rows;
    }

    private static void add(PreparedStatement insert, long organization, String source, String recordId,
                            Fixtures.Contract contract, int node, Instant start, Instant end, long seconds,
                            LocalDateTime received) throws Exception {
        insert.setLong(1, organization);
        insert.setString(2, source);
        insert.setString(3, recordId);
        insert.setLong(4, contract.id());
        insert.setLong(5, contract.nodeIds()[node]);
        insert.setObject(6, Fixtures.utc(start));
        insert.setObject(7, Fixtures.utc(end));
        insert.setLong(8, seconds);
        insert.setObject(9, received);
        insert.addBatch();
    }
}
