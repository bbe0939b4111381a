package dev.cpx.web.config;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.data.redis.RedisSessionRepository;

/**
 * Redis holds sessions and the live feed, never data of record, so its absence must cost little: while the
 * connection is down commands fail at once instead of waiting for the 2 s command timeout, and while Redis does not
 * answer at all (down, or hung with its connections open) sessions do not even ask it ({@link RedisCircuit}).
 */
@Configuration(proxyBeanMethods = false)
class RedisOutageConfiguration {

    /** How long at most between reconnection attempts, so service resumes within seconds of Redis coming back. */
    static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(2);

    private final ObjectProvider<RedisCircuit> circuit;

    RedisOutageConfiguration(ObjectProvider<RedisCircuit> circuit) {
        this.circuit = circuit;
    }

    @Bean
    RedisCircuit redisCircuit(ObjectProvider<RedisConnectionFactory> redis) {
        return new RedisCircuit(redis.getIfAvailable());
    }

    @Bean
    SessionRepositoryCustomizer<RedisSessionRepository> sessionsSkipARedisThatDoesNotAnswer() {
        return repository -> {
            var template = (RedisTemplate<?, ?>) repository.getSessionRedisOperations();
            template.setConnectionFactory(circuit.getObject().guard(template.getConnectionFactory()));
        };
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
