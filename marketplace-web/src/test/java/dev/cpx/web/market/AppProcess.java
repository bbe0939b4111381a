package dev.cpx.web.market;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged application jar running as a child process, as production runs it: its own JVM, a real port, a real
 * database. Only a separate process can be killed the hard way (SIGKILL) in the middle of a batch.
 */
final class AppProcess implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(120);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(30);

    private final Process process;
    private final Path log;
    private final URI readiness;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private AppProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.readiness = URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness");
    }

    /** Starts the jar with the given environment; the process's output is appended to {@code log}. */
    static AppProcess start(Path jar, Map<String, String> environment, Path log, int port) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // C1 only and a modest heap: the test machine is small and the app only needs to start and serve a few
        // hundred orders.
        var builder = new ProcessBuilder(List.of(java, "-XX:TieredStopAtLevel=1", "-Xmx512m", "-jar", jar.toString()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        builder.environment().put("PORT", String.valueOf(port));
        return new AppProcess(builder.start(), log, port);
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Waits until the readiness probe answers UP; fails at once if the process exits. */
    void awaitReady() {
        await("readiness of the application (log: " + log + ")")
                .atMost(READY_WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .until(this::ready);
    }

    private boolean ready() {
        if (!process.isAlive()) {
            throw new AssertionError("the application exited with code " + process.exitValue() + "; see " + log);
        }
        try {
            var response = readiness(Duration.ofSeconds(2));
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One call of the readiness probe: 200 when UP, 503 when DOWN; an I/O failure past {@code timeout}. */
    HttpResponse<String> readiness(Duration timeout) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(readiness).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Waits for the process to end by itself; its exit code. */
    int awaitExit(Duration within) throws InterruptedException {
        if (!process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the application did not exit within " + within + "; see " + log);
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    Path log() {
        return log;
    }

    /** SIGKILL: no shutdown hook, no graceful stop; whatever was not committed is lost. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the application did not die within " + STOP_WITHIN);
        }
    }

    long pid() {
        return process.pid();
    }

    int port() {
        return readiness.getPort();
    }

    /** Sends a signal by name (STOP pauses the whole JVM, CONT resumes it), as an operator's kill would. */
    void signal(String name) throws IOException, InterruptedException {
        var kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new AssertionError("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** A graceful stop (SIGTERM), forced if it takes too long. */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        try {
            signal("CONT");
        } catch (IOException | AssertionError notPaused) {
            // A process that was never paused needs no resuming.
        }
        process.destroy();
        if (!process.waitFor(STOP_WITHIN.toSeconds(), TimeUnit.SECONDS)) {
            kill();
        }
    }
}
