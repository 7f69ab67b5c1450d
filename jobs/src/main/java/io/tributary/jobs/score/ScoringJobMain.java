package io.tributary.jobs.score;

import io.tributary.core.features.FeatureRegistry;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.inference.ScoringJob;
import io.tributary.inference.input.InputFeature;
import io.tributary.inference.score.ScoringConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The scoring job of one model, deployable as {@code ./tributary deploy score ...}:
 *
 * <pre>
 * --model flights_delay --events events.flights
 * --inputs "origin_departures=origin_1h:departures;origin_mean_delay=origin_1h:mean_delay;distance=payload:distance;hour_of_day=time:hour_of_day"
 * [--batch-size 64] [--batch-delay-ms 5] [--lookup-timeout-ms 200] [--linger-ms 1] [--buffer-timeout-ms 5] [--salt flights_delay]
 * [--delivery exactly-once|at-least-once]
 * [--canary-window 1000] [--canary-min-samples 200] [--canary-error-margin 0.01] [--canary-latency-margin 0.5]
 * [--bootstrap-servers 127.0.0.1:9092] [--redis redis://127.0.0.1:6379] [--namespace tributary]
 * [--start-time 2001-01-05T00:00:00Z]
 * </pre>
 *
 * Without {@code --start-time} the job resumes from its consumer group's offsets (the earliest event the first time);
 * with it, it scores the events whose time (the record timestamp) is at or after that instant.
 *
 * Latency: an event waits at most {@code --batch-delay-ms} for its micro-batch and {@code --buffer-timeout-ms} for the
 * network buffer between the lookup and the scoring operator (Flink's default, 100 ms, is for throughput; the cluster's
 * {@code execution.buffer-timeout.interval} wins when it is set). Exactly-once predictions become visible to
 * read_committed readers when the checkpoint after them completes; {@code --delivery at-least-once} makes them visible
 * at once, and a recovery may then write some twice.
 *
 * Online inputs name views of the feature registry ({@code features.registry}); the job reads their entity keys and
 * TTLs from it when it starts, and refuses to start when a view or feature is unknown.
 */
public final class ScoringJobMain {
    /** Flink's default network buffer timeout (100 ms) would dominate a prediction's latency at low rates. */
    static final long DEFAULT_BUFFER_TIMEOUT_MS = 5;

    private ScoringJobMain() {}

    static boolean exactlyOnce(String delivery) {
        return switch (delivery) {
            case "exactly-once" -> true;
            case "at-least-once" -> false;
            default -> throw new IllegalArgumentException("--delivery must be exactly-once or at-least-once, got '" + delivery + "'");
        };
    }

    /** Checkpoints every 5 s and the buffer timeout, unless the cluster configures them; the flag wins over both. */
    static void configure(StreamExecutionEnvironment env, ParameterTool p) {
        if (!env.getCheckpointConfig().isCheckpointingEnabled()
                && env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isEmpty()) {
            env.enableCheckpointing(5_000);
        }
        if (p.has("buffer-timeout-ms") || env.getConfiguration().getOptional(ExecutionOptions.BUFFER_TIMEOUT).isEmpty()) {
            env.setBufferTimeout(p.getLong("buffer-timeout-ms", DEFAULT_BUFFER_TIMEOUT_MS));
        }
    }

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        String bootstrap = p.get("bootstrap-servers", "127.0.0.1:9092");
        String model = p.getRequired("model");
        List<InputFeature> inputs = new ArrayList<>();
        for (String text : p.getRequired("inputs").split(";")) if (!text.isBlank()) inputs.add(InputFeature.parse(text.strip()));
        Map<String, FeatureViewInfo> views = new LinkedHashMap<>();
        if (inputs.stream().anyMatch(i -> i.kind() == InputFeature.Kind.ONLINE)) {
            for (FeatureViewInfo v : new FeatureRegistry(bootstrap).current()) views.put(v.name(), v);
        }
        ScoringConfig cfg = ScoringConfig.of(model, inputs)
                .withBatching(p.getInt("batch-size", 64), p.getLong("batch-delay-ms", 5))
                .withSalt(p.get("salt", model))
                .withCanaryGuard(p.getInt("canary-window", 1000), p.getInt("canary-min-samples", 200),
                        p.getDouble("canary-error-margin", 0.01), p.getDouble("canary-latency-margin", 0.5));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, p);
        ScoringJob.builder().bootstrapServers(bootstrap).redisUri(p.get("redis", "redis://127.0.0.1:6379"))
                .namespace(p.get("namespace", "tributary")).eventsTopic(p.getRequired("events")).config(cfg).views(views)
                .lookupTimeout(Duration.ofMillis(p.getLong("lookup-timeout-ms", 200))).lingerMs(p.getLong("linger-ms", 1))
                .exactlyOnce(exactlyOnce(p.get("delivery", "exactly-once")))
                .startingOffsets(p.has("start-time")
                        ? org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer.timestamp(
                                java.time.Instant.parse(p.get("start-time")).toEpochMilli())
                        : org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer.committedOffsets(
                                org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .build().attach(env);
        env.execute("tributary-scoring " + model);
    }
}
