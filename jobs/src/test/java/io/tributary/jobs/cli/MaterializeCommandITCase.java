package io.tributary.jobs.cli;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.core.event.EventEnvelope;
import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.pipeline.FeatureViewPipeline;
import io.tributary.features.view.FeatureView;
import io.tributary.features.view.WindowSpec;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.RedisServerExtension;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** `tributary materialize` after Redis lost its data: the CLI restores what the feature pipeline had written. */
class MaterializeCommandITCase {
    @RegisterExtension @Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension @Order(2) static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension @Order(3) static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    static final FeatureView VIEW = FeatureView.builder("gate_1h").source("events.gates").entityKeys("gate")
            .window(WindowSpec.tumbling(Duration.ofHours(1)))
            .feature("boardings", Aggregation.COUNT, null, "").feature("mean_wait", Aggregation.AVG, "wait", "")
            .ttl(Duration.ofHours(2)).build();
    static final Instant T0 = Instant.parse("2001-01-01T00:00:00Z");

    private static String run(String warehouse, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cl = TributaryCommand.commandLine();
            cl.setErr(new PrintWriter(err));
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("-D", "kafka.bootstrap.servers=" + KAFKA.bootstrapServers(), "-D", "redis.uri=" + REDIS.uri(),
                    "-D", "iceberg.warehouse=" + warehouse));
            int code = cl.execute(all.toArray(String[]::new));
            return code + "\n" + out.toString(StandardCharsets.UTF_8) + err;
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void restoresWhatThePipelineWroteAfterAFlush() throws Exception {
        // A1 busy until 05:xx, B2 last seen at 01:xx (expired by 06:00 with a 2 h TTL), C3 at 04:xx
        List<EventEnvelope> events = new ArrayList<>();
        for (int h = 0; h < 6; h++) events.add(event("A1", h, 10 + h));
        events.add(event("B2", 1, 7));
        events.add(event("C3", 2, 3));
        events.add(event("C3", 4, 5));
        events.add(event("C3", 4, 9));
        String warehouse = Files.createTempDirectory("materialize-cli").toUri().toString();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.BATCH);
        env.setParallelism(1);
        FeatureViewPipeline.backfill(env, VIEW, env.fromData(events, TypeInformation.of(EventEnvelope.class)),
                new FeatureViewPipeline.SinkTargets(KAFKA.bootstrapServers(), REDIS.uri(), "tributary", warehouse));
        env.execute("pipeline");

        RedisClient client = RedisClient.create(REDIS.uri());
        try (StatefulRedisConnection<String, String> c = client.connect()) {
            Map<String, Map<String, String>> before = snapshot(c);
            assertThat(before.keySet()).containsExactly("tributary:gate_1h:A1", "tributary:gate_1h:B2", "tributary:gate_1h:C3");
            c.sync().flushall();

            String out = run(warehouse, "materialize", "gate_1h", "--as-of", "2001-01-01T06:00:00Z");
            assertThat(out).startsWith("0\n");
            // 6 + 1 + 2 rows (C3's two 04:xx events share a window); B2's 02:00 window is older than 06:00 - 2 h
            assertThat(out.lines().filter(l -> l.startsWith("gate_1h")).findFirst().orElseThrow().split("\\s+"))
                    .containsExactly("gate_1h", "9", "3", "2", "1", "0");
            Map<String, Map<String, String>> after = snapshot(c);
            assertThat(after.keySet()).containsExactly("tributary:gate_1h:A1", "tributary:gate_1h:C3");
            assertThat(after.get("tributary:gate_1h:A1")).isEqualTo(before.get("tributary:gate_1h:A1"));
            assertThat(after.get("tributary:gate_1h:C3")).isEqualTo(before.get("tributary:gate_1h:C3")).containsEntry("boardings", "2");

            // --all: every registered view; one without an offline table is skipped with the reason
            new io.tributary.core.features.FeatureRegistry(KAFKA.bootstrapServers()).register(
                    FeatureView.builder("idle_1h").source("events.idle").window(WindowSpec.tumbling(Duration.ofHours(1)))
                            .feature("n", Aggregation.COUNT, null, "").build().info());
            String everything = run(warehouse, "materialize", "--all", "--as-of", "2001-01-01T06:00:00Z");
            assertThat(everything).startsWith("0\n").contains("idle_1h                  skipped: view idle_1h has no offline table features.idle_1h");
            assertThat(everything.lines().filter(l -> l.startsWith("gate_1h")).findFirst().orElseThrow().split("\\s+"))
                    .containsExactly("gate_1h", "9", "3", "2", "1", "0"); // the same rows again: compare-and-set lets equal rows through
            assertThat(snapshot(c)).isEqualTo(after);
        } finally {
            client.shutdown();
        }
        assertThat(run(warehouse, "materialize", "nope")).startsWith("2\n").contains("error: no feature view 'nope' is registered");
    }

    private static EventEnvelope event(String gate, int hour, int wait) {
        return new EventEnvelope("gates", gate, T0.plus(Duration.ofHours(hour)).plusSeconds(60L * wait).toEpochMilli(),
                Map.of("gate", gate, "wait", wait));
    }

    private static Map<String, Map<String, String>> snapshot(StatefulRedisConnection<String, String> c) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        for (String key : c.sync().keys("tributary:gate_1h:*")) out.put(key, c.sync().hgetall(key));
        return out;
    }
}
