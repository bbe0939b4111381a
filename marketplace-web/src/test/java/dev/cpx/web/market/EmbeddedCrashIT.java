package dev.cpx.web.market;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded default (H2 file database, no profile) keeps what it acknowledged through hard kills, like the
 * production shape does: five times killed (SIGKILL) in the middle of order traffic and started again on the same
 * data folder, with the same counts and checks as on MariaDB ({@link MarketRestartIT}). Before H2 wrote each commit
 * out at once (WRITE_DELAY=0) orders answered 201 just before a kill were lost.
 */
class EmbeddedCrashIT {

    private static final Path LOG = Path.of("target", "embedded-crash-it.log");
    private static final long SEED = 20261207L;
    private static final int KILLS = 5;

    @TempDir
    Path data;

    @Test
    void acknowledgedOrdersSurviveFiveHardKillsOnTheEmbeddedDatabase() throws Exception {
        var environment = Map.of("CPX_DATA_DIR", data.toString(), "CPX_DEMO", "true", "CPX_DEMO_MARKET", "false",
                "CPX_SECURE_COOKIES", "false");
        new KillCycles("EmbeddedCrashIT", environment, MarketDatabase.embedded(data), LOG).run(KILLS, SEED);
    }
}
