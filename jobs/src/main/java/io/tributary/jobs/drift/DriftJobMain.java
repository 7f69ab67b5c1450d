package io.tributary.jobs.drift;

import io.tributary.drift.job.DriftJob;
import io.tributary.drift.stats.DriftThresholds;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The drift job of one model, deployable as {@code ./tributary deploy drift ...}:
 *
 * <pre>
 * --model flights_delay [--window-minutes 60] [--slide-minutes 15] [--thresholds "default.psi=0.2,distance.psi=0.1"]
 * [--cooldown-minutes 360] [--retrain-on critical|warning|none] [--warehouse URI] [--ignore hour_of_day,day_of_week]
 * [--outcomes events.flights --label late [--detector ddm] [--detector-params "key=value,..."]]
 * [--bootstrap-servers 127.0.0.1:9092]
 * </pre>
 */
public final class DriftJobMain {
    private DriftJobMain() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!env.getCheckpointConfig().isCheckpointingEnabled()
                && env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isEmpty()) {
            env.enableCheckpointing(10_000);
        }
        String model = p.getRequired("model");
        DriftJob.Builder b = DriftJob.builder().bootstrapServers(p.get("bootstrap-servers", "127.0.0.1:9092")).model(model)
                .window(Duration.ofMinutes(p.getLong("window-minutes", 60)))
                .thresholds(p.has("thresholds") ? DriftThresholds.parse(p.get("thresholds")) : DriftThresholds.defaults())
                .cooldown(Duration.ofMinutes(p.getLong("cooldown-minutes", 360)))
                .retrainSeverity(p.get("retrain-on", "critical")).warehouse(p.get("warehouse", null));
        if (p.has("ignore")) b.ignore(java.util.Set.of(p.get("ignore").split(",")));
        if (p.has("slide-minutes")) b.slide(Duration.ofMinutes(p.getLong("slide-minutes")));
        if (p.has("outcomes")) {
            b.outcomes(p.get("outcomes"), p.get("label", "label"));
            Map<String, String> params = new LinkedHashMap<>();
            for (String kv : p.get("detector-params", "").split(",")) {
                if (kv.isBlank()) continue;
                String[] parts = kv.split("=", 2);
                if (parts.length != 2) throw new IllegalArgumentException("--detector-params wants key=value pairs, got '" + kv + "'");
                params.put(parts[0].strip(), parts[1].strip());
            }
            b.detector(p.get("detector", "ddm"), params);
        }
        b.build().attach(env);
        env.execute("tributary-drift " + model);
    }
}
