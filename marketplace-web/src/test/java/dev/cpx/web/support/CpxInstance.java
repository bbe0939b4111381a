package dev.cpx.web.support;

import dev.cpx.CpxApplication;
import java.util.List;
import java.util.Set;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * One running CPX application in the production shape (profile "it": MariaDB, Redis sessions and caches)
 * on a random port. Several may run side by side on one database, as web nodes behind a load balancer.
 */
public final class CpxInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private CpxInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static CpxInstance start(String database, String redisPrefix, String... properties) {
        return startWith(List.of(), database, redisPrefix, properties);
    }

    /** An instance with test configurations added to the application's, e.g. {@link ConnectionCounting}. */
    public static CpxInstance startWith(List<Class<?>> configurations, String database, String redisPrefix,
                                        String... properties) {
        var builder = new SpringApplicationBuilder(CpxApplication.class)
                .sources(configurations.toArray(Class<?>[]::new))
                .profiles("it")
                .properties("cpx.it.database=" + database, "cpx.it.redis-prefix=" + redisPrefix);
        return new CpxInstance(builder.run(properties));
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public Browser browser() {
        return new Browser(port());
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    /** Deletes this run's keys only, never another run's or a real deployment's. */
    public void deleteRedisKeys(String redisPrefix) {
        var redis = bean(StringRedisTemplate.class);
        Set<String> keys = redis.keys(redisPrefix + ":*");
        if (keys != null && !keys.isEmpty()) {
            redis.delete(keys);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
