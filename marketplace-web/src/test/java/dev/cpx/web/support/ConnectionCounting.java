package dev.cpx.web.support;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

/**
 * Counts the connections each HTTP request takes from the application's connection pool: every query and
 * every transaction takes one. A request that sends {@value #HEADER} has its count kept under that header's
 * value; other requests and background jobs are not counted. Added to an application context, it replaces the
 * pool with a counting copy of the same configuration (the market's own pool is left alone).
 */
@TestConfiguration(proxyBeanMethods = false)
public class ConnectionCounting {

    public static final String HEADER = "X-Counted-Request";

    private static final ThreadLocal<AtomicInteger> CURRENT_REQUEST = new ThreadLocal<>();

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();

    @Bean
    static BeanPostProcessor countingConnectionPool() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!"dataSource".equals(name) || !(bean instanceof HikariDataSource pool)) {
                    return bean;
                }
                var config = new HikariConfig();
                pool.copyStateTo(config);
                return new CountingPool(config);
            }
        };
    }

    @Bean
    FilterRegistrationBean<Filter> connectionCountingFilter() {
        Filter filter = (request, response, chain) -> {
            String name = ((HttpServletRequest) request).getHeader(HEADER);
            if (name == null) {
                chain.doFilter(request, response);
                return;
            }
            // Registered before the request runs: the reply can reach the client before this filter returns.
            var count = new AtomicInteger();
            counts.put(name, count);
            CURRENT_REQUEST.set(count);
            try {
                chain.doFilter(request, response);
            } finally {
                CURRENT_REQUEST.remove();
            }
        };
        var registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    /** Connections taken by the request that sent {@code X-Counted-Request: name}. */
    public int connectionsTakenBy(String name) {
        AtomicInteger count = counts.get(name);
        if (count == null) {
            throw new IllegalStateException("no request named " + name + " reached the application");
        }
        return count.get();
    }

    /** Header name and value that make a {@link Browser} request counted under {@code name}. */
    public static String[] counted(String name, String... headers) {
        var all = new String[headers.length + 2];
        all[0] = HEADER;
        all[1] = name;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return all;
    }

    private static final class CountingPool extends HikariDataSource {

        CountingPool(HikariConfig config) {
            super(config);
        }

        @Override
        public Connection getConnection() throws SQLException {
            AtomicInteger count = CURRENT_REQUEST.get();
            if (count != null) {
                count.incrementAndGet();
            }
            return super.getConnection();
        }
    }
}
