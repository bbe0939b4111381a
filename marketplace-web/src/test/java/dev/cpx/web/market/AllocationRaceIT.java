package dev.cpx.web.market;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cpx.web.support.Browser;
import dev.cpx.web.support.CpxInstance;
import dev.cpx.web.support.Reply;
import dev.cpx.web.support.TestDatabases;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Concurrent allocations to one contract on MariaDB (REPEATABLE READ by default, where a read-then-write
 * check loses updates): the contract's row lock lets exactly one of them through.
 */
class AllocationRaceIT {

    private static final String DATABASE = "cpx_it_allocation_race";
    private static final String REDIS_PREFIX = "cpx:it-" + UUID.randomUUID();

    private static CpxInstance app;

    @BeforeAll
    static void start() {
        TestDatabases.recreate(DATABASE);
        app = CpxInstance.start(DATABASE, REDIS_PREFIX);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.deleteRedisKeys(REDIS_PREFIX);
            app.close();
        }
    }

    @Test
    void concurrentAllocationsToOneContractNeverOverAllocate() throws Exception {
        List<String> nodes = cpids();
        assertThat(nodes).hasSize(3);
        for (int daysAhead = 3; daysAhead <= 6; daysAhead++) {
            String symbol = "ASCEND910B-64G.CN-WEST." + LocalDate.now(ZoneOffset.UTC).plusDays(daysAhead) + "T12";
            Browser api = app.browser();
            assertThat(order(api, "demo-gzdh-key", symbol, "SELL").status()).isEqualTo(201);
            long contractId = order(api, "demo-acme-key", symbol, "BUY").json().get("trades").get(0)
                    .get("contractId").asLong();

            List<Integer> statuses = allocateAtOnce(contractId, nodes);

            assertThat(statuses).as("day %d", daysAhead).containsOnlyOnce(200)
                    .filteredOn(status -> status != 200).containsOnly(422);
            assertThat(allocatedGpus(contractId)).isEqualTo(8);
        }
    }

    private static List<Integer> allocateAtOnce(long contractId, List<String> nodes) throws Exception {
        var start = new CyclicBarrier(nodes.size());
        var statuses = new ArrayList<Integer>();
        try (var threads = Executors.newFixedThreadPool(nodes.size())) {
            var replies = nodes.stream().map(cpid -> threads.submit(() -> {
                start.await();
                return app.browser().postJson("/api/v1/contracts/" + contractId + "/allocations",
                        "{\"cpids\":[\"" + cpid + "\"]}", "Authorization", Browser.bearer("demo-gzdh-key"));
            })).toList();
            for (var reply : replies) {
                statuses.add(reply.get().status());
            }
        }
        return statuses;
    }

    private static Reply order(Browser api, String key, String symbol, String side) {
        return api.postJson("/api/v1/orders", "{\"clientOrderId\":\"race-" + UUID.randomUUID() + "\",\"instrument\":\""
                        + symbol + "\",\"side\":\"" + side + "\",\"type\":\"LIMIT\",\"price\":\"1.00\",\"quantity\":8}",
                "Authorization", Browser.bearer(key));
    }

    private static List<String> cpids() throws SQLException {
        try (var connection = TestDatabases.connect(DATABASE);
             var statement = connection.prepareStatement("select cpid from node n join organization o "
                     + "on o.id = n.organization_id where o.code = 'GZDH' and n.compute_class_code = 'ASCEND910B-64G' "
                     + "order by cpid");
             var rows = statement.executeQuery()) {
            var cpids = new ArrayList<String>();
            while (rows.next()) {
                cpids.add(rows.getString(1));
            }
            return cpids;
        }
    }

    private static long allocatedGpus(long contractId) throws SQLException {
        try (var connection = TestDatabases.connect(DATABASE);
             var statement = connection.prepareStatement(
                     "select coalesce(sum(gpu_count), 0) from contract_allocation where contract_id = ?")) {
            statement.setLong(1, contractId);
            try (var rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
