package io.tributary.jobs.score;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ScoringJobMainTest {
    @Test
    void aLowBufferTimeoutUnlessTheClusterSetsOne() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(new Configuration());
        ScoringJobMain.configure(env, ParameterTool.fromArgs(new String[0]));
        assertThat(env.getBufferTimeout()).isEqualTo(ScoringJobMain.DEFAULT_BUFFER_TIMEOUT_MS);
        assertThat(env.getCheckpointConfig().getCheckpointInterval()).isEqualTo(5_000);

        Configuration cluster = new Configuration();
        cluster.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(40));
        StreamExecutionEnvironment configured = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        ScoringJobMain.configure(configured, ParameterTool.fromArgs(new String[0]));
        assertThat(configured.getBufferTimeout()).isEqualTo(40);
    }

    @Test
    void theFlagWins() {
        Configuration cluster = new Configuration();
        cluster.set(ExecutionOptions.BUFFER_TIMEOUT, Duration.ofMillis(40));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        ScoringJobMain.configure(env, ParameterTool.fromArgs(new String[] {"--buffer-timeout-ms", "1"}));
        assertThat(env.getBufferTimeout()).isEqualTo(1);
    }

    @Test
    void deliveryIsExactlyOnceOrAtLeastOnce() {
        assertThat(ScoringJobMain.exactlyOnce("exactly-once")).isTrue();
        assertThat(ScoringJobMain.exactlyOnce("at-least-once")).isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ScoringJobMain.exactlyOnce("at-most-once"))
                .hasMessageContaining("--delivery").hasMessageContaining("at-most-once");
    }
}
