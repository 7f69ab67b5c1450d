package io.tributary.jobs.score;

import io.tributary.inference.ab.AbAnalysisJob;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

import java.time.Duration;

/**
 * The A/B analysis of one model's traffic split, deployable as {@code ./tributary deploy ab ...}:
 *
 * <pre>
 * --model flights_delay --outcomes events.flights --label late
 * [--window-minutes 1440] [--max-outcome-lag-minutes 1440] [--alpha 0.05] [--warehouse URI] [--bootstrap-servers 127.0.0.1:9092]
 * </pre>
 */
public final class AbJobMain {
    private AbJobMain() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!env.getCheckpointConfig().isCheckpointingEnabled()
                && env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isEmpty()) {
            env.enableCheckpointing(10_000);
        }
        String model = p.getRequired("model");
        AbAnalysisJob.builder().bootstrapServers(p.get("bootstrap-servers", "127.0.0.1:9092")).model(model)
                .outcomesTopic(p.getRequired("outcomes")).labelField(p.get("label", "label"))
                .window(Duration.ofMinutes(p.getLong("window-minutes", 1440)))
                .maxOutcomeLag(Duration.ofMinutes(p.getLong("max-outcome-lag-minutes", 1440)))
                .alpha(p.getDouble("alpha", 0.05)).warehouse(p.get("warehouse", null)).build().attach(env);
        env.execute("tributary-ab " + model);
    }
}
