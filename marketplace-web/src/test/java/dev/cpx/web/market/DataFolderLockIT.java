package dev.cpx.web.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two copies of the packaged application on one embedded data folder: the second stops at once with a sentence that
 * says what to do, and a non-zero exit code, while the first keeps serving.
 */
class DataFolderLockIT {

    private static final Path JAR = Path.of("target", "cpx.jar");

    @TempDir
    Path data;

    @Test
    void aSecondCopyOnTheSameDataFolderSaysSoAndExits() throws Exception {
        var environment = Map.of("CPX_DATA_DIR", data.toString(), "CPX_DEMO_MARKET", "false",
                "CPX_SECURE_COOKIES", "false");
        Path firstLog = Files.createTempFile("cpx-first", ".log");
        Path secondLog = Files.createTempFile("cpx-second", ".log");
        try (var first = AppProcess.start(JAR, environment, firstLog, AppProcess.freePort())) {
            first.awaitReady();
            try (var second = AppProcess.start(JAR, environment, secondLog, AppProcess.freePort())) {
                int exit = second.awaitExit(Duration.ofSeconds(120));

                String output = Files.readString(secondLog);
                assertThat(exit).as("exit code; output:%n%s", output).isNotZero();
                assertThat(output).contains("CPX is already running with this data folder ("
                        + data.toAbsolutePath().normalize() + ")", "set CPX_DATA_DIR=")
                        .doesNotContain("HikariPool", "\tat ");
            }
            assertThat(first.alive()).isTrue();
            assertThat(first.readiness(Duration.ofSeconds(5)).statusCode()).isEqualTo(200);
        }
    }
}
