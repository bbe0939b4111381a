package dev.cpx.web.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.ClassPathResource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Boot ignores a property it has renamed; the application's configuration must use only keys the
 * libraries on the classpath still read (their configuration metadata marks removed keys at level "error").
 */
class ConfigurationKeysTests {

    private static final Map<String, String> REMOVED = removedKeysWithReplacements();

    @ParameterizedTest
    @ValueSource(strings = {"application.yml", "application-embedded.yml"})
    void configurationUsesNoRemovedKey(String file) throws IOException {
        List<String> removed = new ArrayList<>();
        for (var source : new YamlPropertySourceLoader().load(file, new ClassPathResource(file))) {
            for (String key : ((EnumerablePropertySource<?>) source).getPropertyNames()) {
                if (REMOVED.containsKey(key)) {
                    removed.add(key + " (now " + REMOVED.get(key) + ")");
                }
            }
        }

        assertThat(REMOVED).as("configuration metadata was found").isNotEmpty();
        assertThat(removed).as("keys in %s that Spring Boot no longer reads", file).isEmpty();
    }

    private static Map<String, String> removedKeysWithReplacements() {
        var json = JsonMapper.builder().build();
        var removed = new HashMap<String, String>();
        try {
            for (URL url : Collections.list(ConfigurationKeysTests.class.getClassLoader()
                    .getResources("META-INF/spring-configuration-metadata.json"))) {
                try (InputStream in = url.openStream()) {
                    for (JsonNode property : json.readTree(in).path("properties").values()) {
                        JsonNode deprecation = property.path("deprecation");
                        if ("error".equals(deprecation.path("level").asString(""))) {
                            removed.put(property.get("name").asString(), deprecation.path("replacement").asString("-"));
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read configuration metadata", e);
        }
        return removed;
    }
}
