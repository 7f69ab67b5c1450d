package io.tributary.jobs.train;

import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.topic.TopicNames;
import io.tributary.training.gate.ValidationGate;
import io.tributary.training.job.TrainingConfig;
import io.tributary.training.job.TrainingJob;
import io.tributary.training.model.ModelSpec;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The continuous training job, deployable as {@code ./tributary deploy train ...}:
 *
 * <pre>
 * --model flights_delay --examples examples.flights --features mean_delay,late_rate,distance --label late
 * [--algorithm LOGISTIC_SGD|FACTORIZATION_MACHINE] [--window 100000] [--retrain-every 10000] [--holdout 0.2]
 * [--min-auc 0.6] [--max-log-loss 0.7] [--max-auc-regression 0.01] [--seed 7] [--epochs 3] [--learning-rate 0.1]
 * [--factors 4] [--no-standardize] [--artifacts URI] [--warehouse URI] [--time-limit-ms 600000]
 * [--view-version-fields origin_view_version,dest_view_version] [--promote champion|challenger|shadow]
 * [--bootstrap-servers 127.0.0.1:9092]
 * </pre>
 */
public final class TrainingJobMain {
    private TrainingJobMain() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        String bootstrap = p.get("bootstrap-servers", "127.0.0.1:9092");
        String model = p.getRequired("model");
        Map<String, Double> hyper = new LinkedHashMap<>();
        hyper.put("epochs", p.getDouble("epochs", 3));
        hyper.put("learning_rate", p.getDouble("learning-rate", 0.1));
        hyper.put("factors", p.getDouble("factors", 4));
        ModelSpec spec = new ModelSpec(model, Arrays.asList(p.getRequired("features").split(",")),
                ModelSpec.Algorithm.valueOf(p.get("algorithm", "LOGISTIC_SGD")), hyper, !p.has("no-standardize"), p.getLong("seed", 7));
        String warehouse = p.get("warehouse", null);
        TrainingConfig cfg = new TrainingConfig(spec, p.getRequired("label"), p.getInt("window", 100_000),
                p.getInt("retrain-every", 10_000), p.getDouble("holdout", 0.2),
                new ValidationGate(p.getDouble("min-auc", 0.6), p.getDouble("max-log-loss", 0.7), p.getDouble("max-auc-regression", 0.01)),
                bootstrap, p.get("artifacts", warehouse == null ? "file:///tmp/tributary/models" : warehouse + "/models"),
                p.get("code-version", TrainingJobMain.class.getPackage().getImplementationVersion() == null ? "dev"
                        : TrainingJobMain.class.getPackage().getImplementationVersion()), warehouse,
                p.has("view-version-fields") ? Arrays.asList(p.get("view-version-fields").split(",")) : java.util.List.of(),
                p.get("promote", "champion"));
        String examples = p.getRequired("examples");
        KafkaTopics.ensure(bootstrap, 1, examples, TopicNames.RETRAIN_REQUESTS, TopicNames.EXPERIMENT_RUNS, TopicNames.DEAD_LETTERS);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!env.getCheckpointConfig().isCheckpointingEnabled()
                && env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isEmpty()) {
            env.enableCheckpointing(10_000);
        }
        TrainingJob.build(env, cfg, examples, OffsetsInitializer.committedOffsets(
                org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST), p.getLong("time-limit-ms", 600_000));
        env.execute("tributary-training " + model);
    }
}
