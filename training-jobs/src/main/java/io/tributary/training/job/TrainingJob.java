package io.tributary.training.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.kafka.KafkaSinks;
import io.tributary.core.kafka.ValidatedEventSource;
import io.tributary.core.topic.TopicNames;
import io.tributary.training.model.Example;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The continuous training job of one model: labelled examples (event envelopes on {@code examples.<model>}, payload
 * = the label field and the features) and retrain requests ({@code models.retrain}) in, training runs out to
 * {@code models.runs} (the experiment record), models to the registry.
 */
public final class TrainingJob {
    private TrainingJob() {}

    /** Adds the job to {@code env}. */
    public static DataStream<TrainingOutcome> build(StreamExecutionEnvironment env, TrainingConfig cfg, String examplesTopic,
                                                    OffsetsInitializer start, long timeLimitMillis) {
        return build(env, cfg, examplesTopic, start, timeLimitMillis, false);
    }

    /** As above; {@code bounded} stops at the examples that are in the topic when the job starts (benchmarks). */
    public static DataStream<TrainingOutcome> build(StreamExecutionEnvironment env, TrainingConfig cfg, String examplesTopic,
                                                    OffsetsInitializer start, long timeLimitMillis, boolean bounded) {
        String warehouse = cfg.warehouse();
        String model = cfg.spec().name();
        DataStream<Example> examples = ValidatedEventSource.builder().bootstrapServers(cfg.kafkaBootstrap())
                .topic(examplesTopic).groupId("tributary-training-" + model).stage("training-" + model).startingOffsets(start)
                .bounded(bounded).build().attach(env)
                .map(e -> toExample(cfg, e)).returns(TypeInformation.of(Example.class)).name("examples-" + model).uid("examples-" + model);
        DataStream<RetrainRequest> requests = ValidatedEventSource.builder().bootstrapServers(cfg.kafkaBootstrap())
                .topic(TopicNames.RETRAIN_REQUESTS).groupId("tributary-training-requests-" + model).stage("retrain-" + model)
                .startingOffsets(OffsetsInitializer.latest()).bounded(bounded).build().attach(env)
                .filter(e -> model.equals(e.getKey()))
                .map(e -> new RetrainRequest(e.getKey(), String.valueOf(e.getPayload().getOrDefault("reason", "")), e.getEventTimeMillis()))
                .returns(TypeInformation.of(RetrainRequest.class)).name("retrain-requests-" + model).uid("retrain-requests-" + model);
        SingleOutputStreamOperator<TrainingOutcome> outcomes = examples.keyBy(e -> model, TypeInformation.of(String.class))
                .connect(requests.keyBy(RetrainRequest::model, TypeInformation.of(String.class)))
                .process(new ContinuousTrainer(cfg, timeLimitMillis)).returns(TypeInformation.of(TrainingOutcome.class))
                .name("trainer-" + model).uid("trainer-" + model).setParallelism(1);
        outcomes.sinkTo(KafkaSinks.exactlyOnce(cfg.kafkaBootstrap(), new RunSerializer(), "tributary-runs-" + model))
                .name("runs-" + model).uid("runs-" + model);
        if (warehouse != null) {
            RunsTable.sink(outcomes, warehouse, model);
            ExamplesTable.sink(outcomes.getSideOutput(ContinuousTrainer.STORED), warehouse, model);
        }
        return outcomes;
    }

    /** The example of an envelope: features in the spec's order (NaN when absent), the label as a boolean. */
    static Example toExample(TrainingConfig cfg, EventEnvelope e) {
        Map<String, Object> p = e.getPayload();
        double[] x = new double[cfg.spec().features().size()];
        for (int i = 0; i < x.length; i++) {
            Object v = p.get(cfg.spec().features().get(i));
            x[i] = v instanceof Number n ? n.doubleValue() : v instanceof Boolean b ? (b ? 1 : 0) : Double.NaN;
        }
        Object label = p.get(cfg.labelField());
        boolean y = label instanceof Boolean b ? b : label instanceof Number n && n.doubleValue() > 0;
        String[] versions = new String[cfg.viewVersionFields().size()];
        for (int i = 0; i < versions.length; i++) {
            Object v = p.get(cfg.viewVersionFields().get(i));
            versions[i] = v == null ? null : v.toString();
        }
        return new Example(x, y, e.getEventTimeMillis(), versions);
    }

    /** {@code models.runs}: the run as JSON, keyed by model. */
    static final class RunSerializer implements KafkaRecordSerializationSchema<TrainingOutcome> {
        private static final long serialVersionUID = 1L;
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public ProducerRecord<byte[], byte[]> serialize(TrainingOutcome o, KafkaSinkContext ctx, Long ts) {
            try {
                return new ProducerRecord<>(TopicNames.EXPERIMENT_RUNS, o.model().getBytes(StandardCharsets.UTF_8), JSON.writeValueAsBytes(o));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
