package dev.cpx.web.market;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Durability of the order path on MariaDB, end to end: the packaged application is killed with SIGKILL in the
 * middle of a stream of crossing orders from several clients and started again on the same database, five times.
 * Every acknowledged order must still be there, every replay must find its order instead of placing another, and
 * the orders, trades, contracts, ledger and rebuilt books must agree with each other after every restart.
 */
class MarketRestartIT {

    private static final String DATABASE = "cpx_it_restart";
    private static final Path LOG = Path.of("target", "market-restart-it.log");
    private static final long SEED = 20261125L;
    private static final int KILLS = 5;

    @Test
    void acknowledgedOrdersSurviveFiveHardKillsAndNothingIsPlacedOrFilledTwice() throws Exception {
        var db = MarketDatabase.recreate(DATABASE);
        new KillCycles("MarketRestartIT", db.applicationEnvironment(), db, LOG).run(KILLS, SEED);
    }
}
