package dev.cpx.web.config;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisClusterConnection;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisSentinelConnection;

/**
 * Whether Redis answers now, kept current by a PING every {@link #PROBE_EVERY} and by the failures callers report.
 * While Redis does not answer, whether it is down or hangs with its connections open, the connections handed out
 * through {@link #guard} are refused at once instead of each caller waiting for the 2 s command timeout: a cache
 * read becomes a miss and a session read a clear 503 within milliseconds. One WARN when Redis stops answering, one
 * INFO when it answers again. Without Redis (the embedded default) it always answers.
 */
public final class RedisCircuit implements SmartLifecycle {

    static final Duration PROBE_EVERY = Duration.ofMillis(250);
    /** A healthy Redis answers a PING in well under a millisecond; one outstanding this long means it hangs. */
    static final Duration HUNG_AFTER = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(RedisCircuit.class);
    private static final int MAX_CAUSES = 20;

    private final RedisConnectionFactory redis;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile long downSinceNanos;
    private volatile boolean pinging;
    private volatile long pingSentNanos;
    private volatile boolean running;
    private Thread prober;

    RedisCircuit(RedisConnectionFactory redis) {
        this.redis = redis;
    }

    /** The circuit of an application without Redis: it always answers. */
    public static RedisCircuit withoutRedis() {
        return new RedisCircuit(null);
    }

    /** Whether Redis may be used now; false while it does not answer. */
    public boolean answering() {
        if (down.get()) {
            return false;
        }
        if (pinging && System.nanoTime() - pingSentNanos > HUNG_AFTER.toNanos()) {
            down("a PING got no answer within " + HUNG_AFTER.toMillis() + " ms");
            return false;
        }
        return true;
    }

    /**
     * A caller's Redis failure. One that says Redis cannot be reached or did not answer makes it count as not
     * answering until the next PING is answered, and is logged here once per outage: true. Others (a refused
     * command, say) are the caller's to log: false.
     */
    public boolean failed(Throwable failure) {
        if (!unavailable(failure)) {
            return false;
        }
        if (redis != null) {
            down(failure.toString());
        }
        return true;
    }

    /** Connections from {@code factory}, refused at once while Redis does not answer. */
    RedisConnectionFactory guard(RedisConnectionFactory factory) {
        return new Guarded(factory);
    }

    /** A failure that says Redis cannot be reached or did not answer, rather than that it refused a command. */
    static boolean unavailable(Throwable failure) {
        Throwable cause = failure;
        for (int depth = 0; cause != null && depth < MAX_CAUSES; depth++, cause = cause.getCause()) {
            if (cause instanceof RedisConnectionFailureException
                    || cause instanceof org.springframework.dao.QueryTimeoutException
                    || cause instanceof io.lettuce.core.RedisConnectionException
                    || cause instanceof io.lettuce.core.RedisCommandTimeoutException
                    || cause.getClass() == io.lettuce.core.RedisException.class) {
                return true;
            }
        }
        return false;
    }

    private void down(String why) {
        if (down.compareAndSet(false, true)) {
            downSinceNanos = System.nanoTime();
            log.warn("Redis is not answering ({}): caches are skipped and sign-in answers 503 until it answers again",
                    why);
        }
    }

    private void up() {
        if (down.compareAndSet(true, false)) {
            log.info("Redis answers again after {} ms", (System.nanoTime() - downSinceNanos) / 1_000_000);
        }
    }

    private void probe() {
        while (running) {
            pingSentNanos = System.nanoTime();
            pinging = true;
            String failure = ping();
            pinging = false;
            if (failure == null) {
                up();
            } else {
                down(failure);
            }
            try {
                TimeUnit.MILLISECONDS.sleep(PROBE_EVERY.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Null when Redis answered, else why not. */
    private String ping() {
        try (RedisConnection connection = redis.getConnection()) {
            connection.ping();
            return null;
        } catch (RuntimeException failure) {
            return failure.toString();
        }
    }

    @Override
    public void start() {
        if (redis == null || running) {
            return;
        }
        running = true;
        prober = Thread.ofPlatform().name("redis-probe").daemon().start(this::probe);
    }

    @Override
    public void stop() {
        running = false;
        if (prober != null) {
            prober.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Thrown instead of waiting for a Redis that does not answer. */
    public static final class RedisNotAnswering extends RedisConnectionFailureException {

        RedisNotAnswering() {
            super("Redis is not answering; skipped until it does");
        }
    }

    private final class Guarded implements RedisConnectionFactory {

        private final RedisConnectionFactory target;

        Guarded(RedisConnectionFactory target) {
            this.target = target;
        }

        @Override
        public RedisConnection getConnection() {
            requireAnswering();
            return target.getConnection();
        }

        @Override
        public RedisClusterConnection getClusterConnection() {
            requireAnswering();
            return target.getClusterConnection();
        }

        @Override
        public RedisSentinelConnection getSentinelConnection() {
            requireAnswering();
            return target.getSentinelConnection();
        }

        @Override
        public boolean getConvertPipelineAndTxResults() {
            return target.getConvertPipelineAndTxResults();
        }

        @Override
        public DataAccessException translateExceptionIfPossible(RuntimeException exception) {
            return target.translateExceptionIfPossible(exception);
        }

        private void requireAnswering() {
            if (!answering()) {
                throw new RedisNotAnswering();
            }
        }
    }
}
