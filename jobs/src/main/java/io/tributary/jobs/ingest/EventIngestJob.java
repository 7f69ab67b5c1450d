package io.tributary.jobs.ingest;

import io.tributary.core.event.EventSerde;
import io.tributary.core.kafka.EnvelopeSerializationSchema;
import io.tributary.core.kafka.KafkaSinks;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.kafka.ValidatedEventSource;
import io.tributary.core.topic.TopicNames;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * Validates raw events: records of {@code --input} that parse as event envelopes go to {@code --output} (normalised
 * JSON, keyed by entity, stamped with event time), the others to the dead-letter topic with the reason. Exactly once.
 *
 * <pre>
 * --input raw.flights --output events.flights [--bootstrap-servers 127.0.0.1:9092] [--group-id ...]
 * [--dead-letter-topic deadletter] [--max-bytes 1048576] [--checkpoint-interval-ms 5000] [--partitions 1]
 * </pre>
 * Missing topics are created (with {@code --partitions}), so the job can be deployed before its data arrives.
 */
public final class EventIngestJob {
    private EventIngestJob() {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        String input = TopicNames.validate(p.getRequired("input"));
        String output = TopicNames.validate(p.getRequired("output"));
        String bootstrap = p.get("bootstrap-servers", "127.0.0.1:9092");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // the cluster's config.yaml usually sets checkpointing; exactly-once sinks need it either way
        if (!env.getCheckpointConfig().isCheckpointingEnabled()
                && env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isEmpty()) {
            env.enableCheckpointing(p.getLong("checkpoint-interval-ms", 5000));
        }
        String deadLetters = p.get("dead-letter-topic", TopicNames.DEAD_LETTERS);
        KafkaTopics.ensure(bootstrap, p.getInt("partitions", 1), input, output, deadLetters);
        build(env, bootstrap, input, output, p.get("group-id", "tributary-ingest-" + input),
                deadLetters, p.getInt("max-bytes", EventSerde.DEFAULT_MAX_BYTES));
        env.execute("tributary-ingest " + input + " -> " + output);
    }

    /** Adds the ingest pipeline to {@code env}. */
    public static void build(StreamExecutionEnvironment env, String bootstrap, String input, String output,
                             String groupId, String deadLetterTopic, int maxBytes) {
        EventSerde serde = new EventSerde(maxBytes);
        ValidatedEventSource.builder()
                .bootstrapServers(bootstrap).topic(input).groupId(groupId).stage("ingest")
                .deadLetterTopic(deadLetterTopic).maxBytes(maxBytes)
                .build().attach(env)
                .sinkTo(KafkaSinks.exactlyOnce(bootstrap, new EnvelopeSerializationSchema(output, serde),
                        "tributary-ingest-" + input + "-" + output))
                .name("events-sink-" + output)
                .uid("events-sink-" + output);
    }
}
