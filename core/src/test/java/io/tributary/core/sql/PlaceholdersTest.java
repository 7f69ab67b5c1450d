package io.tributary.core.sql;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PlaceholdersTest {
    @Test
    void substitutesKnownKeysAndNamesUnknownOnesWithTheirLine() {
        assertThat(Placeholders.substitute("'properties.bootstrap.servers' = '${kafka.bootstrap.servers}', '$x'",
                Map.of("kafka.bootstrap.servers", "127.0.0.1:9092"))).isEqualTo("'properties.bootstrap.servers' = '127.0.0.1:9092', '$x'");
        assertThatThrownBy(() -> Placeholders.substitute("SELECT 1;\nSELECT '${nope}'", Map.of()))
                .hasMessage("line 2: ${nope} is not set; set it with -D nope=VALUE or in the configuration file");
    }
}
