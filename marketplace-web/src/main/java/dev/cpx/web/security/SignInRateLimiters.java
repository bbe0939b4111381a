package dev.cpx.web.security;

import dev.cpx.web.config.CpxProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Picks the shared Redis counter when Redis is configured (an in-process one while it is away), an in-process one otherwise. */
@Configuration(proxyBeanMethods = false)
class SignInRateLimiters {

    private static final Logger log = LoggerFactory.getLogger(SignInRateLimiters.class);
    private static final int MAX_TRACKED_KEYS = 100_000;

    @Bean
    SignInRateLimiter signInRateLimiter(CpxProperties properties, ObjectProvider<StringRedisTemplate> redis,
                                        Clock clock) {
        int limit = properties.security().signInAttemptsPerMinute();
        StringRedisTemplate template = redis.getIfAvailable();
        return template == null ? inMemory(limit, clock) : shared(limit, template, clock);
    }

    private static SignInRateLimiter inMemory(int limit, Clock clock) {
        var windows = new ConcurrentHashMap<String, AtomicInteger>();
        var currentMinute = new java.util.concurrent.atomic.AtomicLong();
        return key -> {
            long minute = clock.millis() / 60_000;
            if (currentMinute.getAndSet(minute) != minute || windows.size() > MAX_TRACKED_KEYS) {
                windows.clear();
            }
            return windows.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() <= limit;
        };
    }

    /** Counts in Redis; while Redis is away each instance counts on its own, so the limit still holds per instance. */
    private static SignInRateLimiter shared(int limit, StringRedisTemplate redis, Clock clock) {
        SignInRateLimiter onThisInstance = inMemory(limit, clock);
        return key -> {
            String windowKey = "cpx:signin:" + key + ":" + clock.millis() / 60_000;
            try {
                Long count = redis.opsForValue().increment(windowKey);
                if (count != null && count == 1) {
                    redis.expire(windowKey, Duration.ofMinutes(2));
                }
                return count == null || count <= limit;
            } catch (RuntimeException redisDown) {
                log.warn("Sign-in rate limit counted on this instance only: Redis unavailable ({})",
                        redisDown.getMessage());
                return onThisInstance.tryAcquire(key);
            }
        };
    }
}
