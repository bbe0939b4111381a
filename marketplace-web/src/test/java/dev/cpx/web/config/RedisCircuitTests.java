package dev.cpx.web.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verifyNoInteractions;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/** Which failures make Redis count as not answering, and what a guarded connection factory does then. */
class RedisCircuitTests {

    private final RedisConnectionFactory redis = mock(RedisConnectionFactory.class);
    private final RedisCircuit circuit = new RedisCircuit(redis);

    @Test
    void aTimeoutMakesGuardedConnectionsFailAtOnceWithoutAskingRedis() {
        assertThat(circuit.failed(new QueryTimeoutException("Redis command timed out",
                new RedisCommandTimeoutException("Command timed out after 2 second(s)")))).isTrue();

        assertThat(circuit.answering()).isFalse();
        assertThatThrownBy(() -> circuit.guard(redis).getConnection())
                .isInstanceOf(RedisCircuit.RedisNotAnswering.class);
        verifyNoInteractions(redis);
    }

    @Test
    void aRejectedCommandWhileDisconnectedCountsAsNotAnswering() {
        assertThat(circuit.failed(new RedisSystemException("Redis exception",
                new RedisException("Currently not connected. Commands are rejected.")))).isTrue();

        assertThat(circuit.answering()).isFalse();
    }

    @Test
    void aCommandRedisRefusedLeavesItAnswering() {
        var refused = new RedisCommandExecutionException("WRONGTYPE Operation against a key holding the wrong kind");

        assertThat(circuit.failed(new RedisSystemException("Error in execution", refused))).isFalse();

        assertThat(circuit.answering()).isTrue();
    }

    @Test
    void withoutRedisItAlwaysAnswers() {
        var none = RedisCircuit.withoutRedis();

        none.failed(new QueryTimeoutException("timed out"));

        assertThat(none.answering()).isTrue();
    }
}
