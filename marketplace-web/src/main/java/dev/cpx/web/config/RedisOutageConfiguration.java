package dev.cpx.web.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.cache.annotation.CachingConfigurer;
import org.springframework.cache.interceptor.CacheErrorHandler;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Redis holds caches and sessions, never data of record, so its absence must cost little: a cache that fails is
 * skipped (the method reads the database), and while the connection is down commands fail at once instead of
 * waiting for the 2 s command timeout. A hung Redis that keeps its connection open still costs that timeout.
 */
@Configuration(proxyBeanMethods = false)
class RedisOutageConfiguration implements CachingConfigurer {

    /** How long at most between reconnection attempts, so service resumes within seconds of Redis coming back. */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

    @Override
    public CacheErrorHandler errorHandler() {
        return new CacheFallThrough();
    }

    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }

    @Bean
    ClientResourcesBuilderCustomizer boundedReconnectDelay() {
        return resources -> resources.reconnectDelay(Delay.exponential(Duration.ofMillis(50), MAX_RECONNECT_DELAY, 2,
                TimeUnit.MILLISECONDS));
    }
}
