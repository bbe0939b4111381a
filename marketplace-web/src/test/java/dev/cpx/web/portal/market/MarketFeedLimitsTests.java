package dev.cpx.web.portal.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cpx.core.market.BookView;
import dev.cpx.core.problem.CpxException;
import dev.cpx.core.problem.ErrorCode;
import dev.cpx.web.config.RedisCircuit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/** The live feed shares its slots fairly and frees the ones of clients that went away. */
class MarketFeedLimitsTests {

    private static final MarketUpdate SNAPSHOT = MarketUpdate.of(BookView.empty("H100.CN-EAST.X", null), List.of());

    private final MarketFeed feed = new MarketFeed(null, JsonMapper.builder().build(),
            new StaticListableBeanFactory().getBeanProvider(RedisConnectionFactory.class), RedisCircuit.withoutRedis());

    @AfterEach
    void stop() throws Exception {
        feed.destroy();
    }

    @Test
    void oneAddressGetsItsShareOfTheFeedAndOthersStillGetTheirs() {
        for (int i = 0; i < MarketFeed.MAX_SUBSCRIBERS_PER_CLIENT; i++) {
            feed.subscribe("H100.CN-EAST.X", "192.0.2.1", SNAPSHOT);
        }

        assertThatThrownBy(() -> feed.subscribe("H100.CN-EAST.X", "192.0.2.1", SNAPSHOT))
                .isInstanceOfSatisfying(CpxException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.RATE_LIMITED));
        feed.subscribe("H100.CN-EAST.X", "192.0.2.2", SNAPSHOT);
        assertThat(feed.subscriberCount()).isEqualTo(MarketFeed.MAX_SUBSCRIBERS_PER_CLIENT + 1);
    }

    @Test
    void theHeartbeatFreesTheSlotsOfClientsThatWentAway() {
        var gone = new ArrayList<SseEmitter>();
        for (int i = 0; i < MarketFeed.MAX_SUBSCRIBERS_PER_CLIENT; i++) {
            gone.add(feed.subscribe("H100.CN-EAST.X", "192.0.2.3", SNAPSHOT));
        }
        gone.forEach(SseEmitter::complete);

        feed.heartbeat();

        assertThat(feed.subscriberCount()).isZero();
        feed.subscribe("H100.CN-EAST.X", "192.0.2.3", SNAPSHOT);
        assertThat(feed.subscriberCount()).isEqualTo(1);
    }
}
