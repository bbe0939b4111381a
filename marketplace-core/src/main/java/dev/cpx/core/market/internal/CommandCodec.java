package dev.cpx.core.market.internal;

import dev.cpx.core.market.core.CoreCommand;
import dev.cpx.core.market.core.CoreResult;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import tools.jackson.databind.json.JsonMapper;

/**
 * Commands and answers of the market core as JSON, named by their record's simple name: the journal stores
 * commands this way, and instances forward commands to the market's owner and get answers back this way.
 */
public final class CommandCodec {

    private static final Map<String, Class<? extends CoreCommand>> COMMANDS = byName(CoreCommand.class);
    private static final Map<String, Class<? extends CoreResult>> RESULTS = byName(CoreResult.class);

    private final JsonMapper json = JsonMapper.builder().build();

    public String kind(Object value) {
        return value.getClass().getSimpleName();
    }

    public String body(Object value) {
        return json.writeValueAsString(value);
    }

    public CoreCommand command(String kind, String body) {
        return json.readValue(body, require(COMMANDS, kind));
    }

    public CoreResult result(String kind, String body) {
        return json.readValue(body, require(RESULTS, kind));
    }

    private static <T> Class<? extends T> require(Map<String, Class<? extends T>> kinds, String kind) {
        var type = kinds.get(kind);
        if (type == null) {
            throw new IllegalArgumentException("unknown kind " + kind);
        }
        return type;
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, Class<? extends T>> byName(Class<T> sealed) {
        return Stream.of(sealed.getPermittedSubclasses())
                .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, type -> (Class<? extends T>) type));
    }
}
