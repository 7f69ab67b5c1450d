package io.tributary.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TributaryConfigTest {
    @Test
    void defaultsPointAtTheLocalStack() {
        TributaryConfig c = TributaryConfig.defaults();
        assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(c.redisUri()).isEqualTo("redis://127.0.0.1:6379");
        assertThat(c.flinkRestUrl()).isEqualTo("http://127.0.0.1:8081");
        assertThat(c.sqlGatewayUrl()).isEqualTo("http://127.0.0.1:8083");
    }

    @Test
    void fileOverridesDefaultsAndFlagsOverrideTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.properties");
        Files.writeString(file, "stack.kafka.port=19092\nstack.redis.port=16379\n");
        TributaryConfig c = TributaryConfig.load(file, List.of("stack.redis.port=26379"));
        assertThat(c.kafkaBootstrap()).isEqualTo("127.0.0.1:19092");
        assertThat(c.redisUri()).isEqualTo("redis://127.0.0.1:26379");
        assertThat(c.with(TributaryConfig.KAFKA_BOOTSTRAP, "k:1").kafkaBootstrap()).isEqualTo("k:1");
    }

    @Test
    void errorsNameTheKeyAndItsOrigin(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.properties");
        Files.writeString(file, "stack.kafka.port=ninety\n");
        TributaryConfig c = TributaryConfig.load(file, List.of());
        assertThatThrownBy(c::kafkaBootstrap)
                .hasMessage("config key 'stack.kafka.port' (from " + file + ") must be an integer, got 'ninety'");
        assertThatThrownBy(() -> TributaryConfig.load(dir.resolve("nope"), List.of())).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> TributaryConfig.load(null, List.of("novalue"))).hasMessageContaining("key=value");
        assertThatThrownBy(() -> c.get("no.such.key")).hasMessage("config key 'no.such.key' is not set");
    }
}
