package dev.cpx.web.security;

import dev.cpx.core.identity.ApiKeyRevoked;
import dev.cpx.core.identity.ApiKeyService;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.connection.Message;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Carries API key revocations to the other instances. The instance that revokes a key evicts it from its own
 * cache after the commit (the identity feature does that); with Redis it also publishes the key's id on
 * {@value #CHANNEL}, and every instance evicts what it hears there. Without Redis (the embedded default) there
 * is only one instance and nothing to carry. A revocation published while Redis is away is lost: other
 * instances then accept the key until their cache's time to live has passed.
 */
@Component
class ApiKeyRevocationBroadcast implements InitializingBean, DisposableBean {

    static final String CHANNEL = "cpx:api-keys:revoked";

    private static final Logger log = LoggerFactory.getLogger(ApiKeyRevocationBroadcast.class);

    private final ApiKeyService apiKeys;
    private final RedisConnectionFactory redis;
    private StringRedisTemplate redisTemplate;
    private RedisMessageListenerContainer redisListener;

    ApiKeyRevocationBroadcast(ApiKeyService apiKeys, ObjectProvider<RedisConnectionFactory> redis) {
        this.apiKeys = apiKeys;
        this.redis = redis.getIfAvailable();
    }

    @Override
    public void afterPropertiesSet() {
        if (redis == null) {
            return;
        }
        redisTemplate = new StringRedisTemplate(redis);
        redisListener = new RedisMessageListenerContainer();
        redisListener.setConnectionFactory(redis);
        redisListener.addMessageListener((message, pattern) -> heard(message), new ChannelTopic(CHANNEL));
        redisListener.afterPropertiesSet();
        redisListener.start();
    }

    @Override
    public void destroy() throws Exception {
        if (redisListener != null) {
            redisListener.destroy();
        }
    }

    /** After the commit: an instance told earlier could reload the key before the revocation is visible. */
    @TransactionalEventListener
    void on(ApiKeyRevoked revoked) {
        if (redisTemplate == null) {
            return;
        }
        try {
            redisTemplate.convertAndSend(CHANNEL, Long.toString(revoked.apiKeyId()));
        } catch (RuntimeException redisAway) {
            log.warn("API key {} revoked; Redis unavailable, so other instances accept it until their cache's "
                    + "time to live passes: {}", revoked.apiKeyId(), redisAway.toString());
        }
    }

    private void heard(Message message) {
        String body = new String(message.getBody(), StandardCharsets.UTF_8);
        try {
            apiKeys.evictFromCache(Long.parseLong(body));
        } catch (NumberFormatException notAnId) {
            log.warn("ignored a message on {} that names no API key: {}", CHANNEL, body);
        }
    }
}
