package dev.cpx.web.invoice;

import static dev.cpx.core.time.UtcColumns.utc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.core.money.Money;
import dev.cpx.settlement.invoice.InvoiceKind;
import dev.cpx.settlement.invoice.InvoiceService;
import dev.cpx.settlement.invoice.InvoiceView;
import dev.cpx.settlement.period.SettlementSettings;
import dev.cpx.settlement.period.internal.RunStore;
import dev.cpx.settlement.period.internal.SettlementStore;
import dev.cpx.settlement.rating.Coverage;
import dev.cpx.settlement.statement.Adjustment;
import dev.cpx.settlement.statement.RunContent;
import dev.cpx.settlement.statement.RunKind;
import dev.cpx.settlement.statement.SettledContract;
import dev.cpx.settlement.statement.StatementLine;
import dev.cpx.settlement.statement.StatementTotals;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Invoice numbers under concurrency: frozen runs of random statements among four organizations, issued by many
 * threads at once (each run by two of them), and once inside a transaction that rolls back. Every issuer's series
 * must run 1..n without a gap or a repeat, each run and organization be issued once, and each organization's
 * documents add up to its statement. Subclasses choose the database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class InvoiceNumbering {

    private static final List<String> ORGANIZATIONS = List.of("INVA", "INVB", "INVC", "INVD");
    private static final int RUNS = 8;
    private static final int THREADS = 8;
    private static final long SEED = 20261207;

    @Autowired
    InvoiceService invoices;
    @Autowired
    SettlementStore periods;
    @Autowired
    RunStore runs;
    @Autowired
    SettlementSettings settings;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    PlatformTransactionManager transactions;

    private final Random random = new Random(SEED);
    private final Map<Long, Map<String, StatementTotals>> statements = new TreeMap<>();
    private Instant day = Instant.parse("2021-03-01T00:00:00Z");

    @BeforeAll
    void organizations() {
        for (String code : ORGANIZATIONS) {
            jdbc.sql("insert into organization (code, name, buyer, provider, platform, created_at) values (?, ?, true, "
                    + "true, false, ?)").params(code, "算力 " + code, utc(Instant.EPOCH)).update();
        }
    }

    @Test
    @Order(1)
    void manyThreadsIssuingSeveralRunsAtOnceNumberEverySeriesWithoutGaps() throws Exception {
        List<Long> periodIds = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            periodIds.add(frozenRun());
        }
        Map<Long, List<List<InvoiceView>>> issued = issueAtOnce(periodIds);
        for (long periodId : periodIds) {
            List<InvoiceView> stored = invoices.invoices(null, periodId, InvoiceService.MAX_LIST);
            assertThat(issued.get(periodId)).as("period %d: both issuers answer the run's one set", periodId)
                    .allSatisfy(set -> assertThat(set).usingRecursiveComparison().isEqualTo(stored));
            addsUpToTheStatements(periodId, stored);
        }
        seriesHaveNoGaps();
    }

    @Test
    @Order(2)
    void aRolledBackIssueGivesItsNumbersBack() throws Exception {
        long rolledBack = frozenRun();
        long before = count();
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            assertThat(invoices.issue(rolledBack, 1)).isNotEmpty();
            status.setRollbackOnly();
        });
        assertThat(count()).isEqualTo(before);
        assertThat(invoices.invoices(null, rolledBack, InvoiceService.MAX_LIST)).isEmpty();
        long other = frozenRun();
        issueAtOnce(List.of(rolledBack, other));
        addsUpToTheStatements(rolledBack, invoices.invoices(null, rolledBack, InvoiceService.MAX_LIST));
        seriesHaveNoGaps();
    }

    private Map<Long, List<List<InvoiceView>>> issueAtOnce(List<Long> periodIds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            var start = new CountDownLatch(1);
            var futures = new TreeMap<Long, List<Future<List<InvoiceView>>>>();
            for (int copy = 0; copy < 2; copy++) {
                for (long periodId : periodIds) {
                    futures.computeIfAbsent(periodId, k -> new ArrayList<>()).add(pool.submit(() -> {
                        start.await();
                        return invoices.issue(periodId, 1);
                    }));
                }
            }
            start.countDown();
            var results = new TreeMap<Long, List<List<InvoiceView>>>();
            var failures = new ArrayList<Throwable>();
            // Every issuer is waited for, failed or not, so none is still writing when the assertions read.
            for (var entry : futures.entrySet()) {
                for (Future<List<InvoiceView>> future : entry.getValue()) {
                    try {
                        results.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(future.get());
                    } catch (ExecutionException e) {
                        failures.add(e.getCause());
                    }
                }
            }
            assertThat(failures).as("issuers that failed").isEmpty();
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Each organization's documents move exactly its statement's net. */
    private void addsUpToTheStatements(long periodId, List<InvoiceView> issued) {
        statements.get(periodId).forEach((organization, totals) -> assertThat(issued.stream()
                .filter(i -> i.organization().equals(organization)).mapToLong(InvoiceNumbering::signedMinor).sum())
                .as("seed %d, period %d, %s", SEED, periodId, organization).isEqualTo(totals.netMinor()));
    }

    private void seriesHaveNoGaps() {
        var bySeries = new TreeMap<String, List<Long>>();
        jdbc.sql("select invoice_number from invoice order by id").query(String.class).list().forEach(number -> {
            int dash = number.lastIndexOf('-');
            bySeries.computeIfAbsent(number.substring(0, dash), k -> new ArrayList<>())
                    .add(Long.parseLong(number.substring(dash + 1)));
        });
        assertThat(bySeries).isNotEmpty();
        bySeries.forEach((series, numbers) -> assertThat(numbers.stream().sorted().toList()).as(series)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, numbers.size()).boxed().toList()));
        bySeries.forEach((series, numbers) -> assertThat(jdbc.sql("select next_number from invoice_series where "
                + "series = ?").param(series).query(Long.class).single()).as(series).isEqualTo(numbers.size() + 1L));
    }

    private long count() {
        return jdbc.sql("select count(*) from invoice").query(Long.class).single();
    }

    /** A period with a FINAL run of random statements, stored as a close stores it but not yet invoiced. */
    private long frozenRun() {
        Instant start = day;
        day = day.plusSeconds(86_400);
        long periodId = periods.insertPeriod(start, day, settings, "test", day);
        var lines = new TreeMap<String, List<StatementLine>>();
        for (int i = 1, n = 2 + random.nextInt(10); i <= n; i++) {
            String buyer = ORGANIZATIONS.get(random.nextInt(4));
            String provider = ORGANIZATIONS.get((ORGANIZATIONS.indexOf(buyer) + 1 + random.nextInt(3)) % 4);
            long value = 1 + random.nextInt(1_000_000);
            long credit = random.nextBoolean() ? 0 : random.nextLong(value + 1);
            long contractId = periodId * 1000 + i;
            var contract = new SettledContract(contractId, "H100-SXM-80G.CN-EAST." + i % 3, 0, buyer, 0, provider, 8,
                    200, 28_800, 28_800, 28_800, 28_800, value, value - credit, credit, Money.percentOf(value, 50),
                    Money.percentOf(value - credit, 50), Coverage.BOTH, 0, 0, 0, 0);
            lines.computeIfAbsent(buyer, k -> new ArrayList<>()).add(contract.forBuyer());
            lines.computeIfAbsent(provider, k -> new ArrayList<>()).add(contract.forProvider());
            if (random.nextInt(3) == 0) {
                var adjustment = new Adjustment(contractId, contractId, periodId, contractId, "H100-SXM-80G.CN-EAST",
                        0, buyer, 0, provider, random.nextInt(2001) - 1000);
                lines.get(buyer).add(adjustment.forBuyer());
                lines.get(provider).add(adjustment.forProvider());
            }
        }
        RunContent content = RunContent.of(new RunContent.Period(periodId, start, day, "USD"), 1, RunKind.FINAL,
                lines, "CPX");
        runs.save(content, "test", day, periods.organizationIds());
        var totals = new TreeMap<String, StatementTotals>();
        content.statements().forEach((organization, statement) -> totals.put(organization, statement.totals()));
        statements.put(periodId, totals);
        return periodId;
    }

    static long signedMinor(InvoiceView invoice) {
        boolean pays = invoice.purpose().issuedByPlatform() == (invoice.kind() == InvoiceKind.INVOICE);
        return pays ? -invoice.subtotalMinor() : invoice.subtotalMinor();
    }
}
