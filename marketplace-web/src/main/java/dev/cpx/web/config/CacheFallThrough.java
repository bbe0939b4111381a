package dev.cpx.web.config;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cache.Cache;
import org.springframework.cache.interceptor.CacheErrorHandler;

/**
 * A cache that cannot be read or written is treated as a miss: the cached method runs and its answer goes out
 * uncached. A failure that says Redis does not answer is reported to the {@link RedisCircuit}, so the next reads
 * skip it at once; other failures are logged at most once a minute (with the number of failures since), so an
 * outage does not flood the log.
 */
final class CacheFallThrough implements CacheErrorHandler {

    private static final Logger log = LoggerFactory.getLogger(CacheFallThrough.class);
    private static final long LOG_INTERVAL_NANOS = Duration.ofMinutes(1).toNanos();

    private final AtomicLong lastLoggedNanos = new AtomicLong(System.nanoTime() - LOG_INTERVAL_NANOS);
    private final AtomicLong failures = new AtomicLong();
    private final RedisCircuit circuit;

    CacheFallThrough(RedisCircuit circuit) {
        this.circuit = circuit;
    }

    @Override
    public void handleCacheGetError(RuntimeException exception, Cache cache, Object key) {
        failed("read", cache, exception);
    }

    @Override
    public void handleCachePutError(RuntimeException exception, Cache cache, Object key, Object value) {
        failed("write", cache, exception);
    }

    @Override
    public void handleCacheEvictError(RuntimeException exception, Cache cache, Object key) {
        failed("evict from", cache, exception);
    }

    @Override
    public void handleCacheClearError(RuntimeException exception, Cache cache) {
        failed("clear", cache, exception);
    }

    private void failed(String action, Cache cache, RuntimeException exception) {
        circuit.failed(exception);
        if (exception instanceof RedisCircuit.RedisNotAnswering) {
            // Skipped on purpose; the circuit logged why once.
            return;
        }
        long count = failures.incrementAndGet();
        long now = System.nanoTime();
        long last = lastLoggedNanos.get();
        if (now - last >= LOG_INTERVAL_NANOS && lastLoggedNanos.compareAndSet(last, now)) {
            failures.set(0);
            log.warn("Cache unavailable, answering without it: could not {} cache {} ({} failures in the last "
                    + "minute): {}", action, cache.getName(), count, exception.toString());
        }
    }
}
