package io.tributary.jobs.ingest;

import io.tributary.core.event.EventSerde;
import io.tributary.core.event.EventTimeBounds;
import io.tributary.core.event.PayloadSchema;
import io.tributary.core.kafka.DeadLetterRouter;
import io.tributary.core.kafka.DeadLetterSerializationSchema;
import io.tributary.core.kafka.EnvelopeSinkGuard;
import io.tributary.core.kafka.SerializedRecord;
import io.tributary.core.kafka.SinkLimits;
import io.tributary.core.kafka.KafkaSinks;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.kafka.ValidatedEventSource;
import io.tributary.core.topic.TopicNames;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.TimeUtils;
import org.apache.flink.util.ParameterTool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Validates raw events: records of {@code --input} that parse as event envelopes go to {@code --output} (normalised
 * JSON, keyed by entity, stamped with event time), the others to the dead-letter topic with the reason. Exactly once.
 *
 * <pre>
 * --input raw.flights --output events.flights [--bootstrap-servers 127.0.0.1:9092] [--group-id ...]
 * [--dead-letter-topic deadletter] [--max-bytes 1048576] [--checkpoint-interval-ms 5000] [--partitions 1]
 * [--payload-schema "origin STRING NOT NULL, delay INT" | --payload-schema-file F]
 * [--earliest-event-time 1970-01-01T00:00:00Z] [--max-event-time-ahead 10min]
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
                deadLetters, p.getInt("max-bytes", EventSerde.DEFAULT_MAX_BYTES), timeBounds(p), payloadSchema(p));
        env.execute("tributary-ingest " + input + " -> " + output);
    }

    static EventTimeBounds timeBounds(ParameterTool p) {
        Instant earliest = p.has("earliest-event-time") ? Instant.parse(p.get("earliest-event-time")) : Instant.EPOCH;
        Duration ahead = p.has("max-event-time-ahead") ? TimeUtils.parseDuration(p.get("max-event-time-ahead")) : EventTimeBounds.DEFAULT_MAX_AHEAD;
        return EventTimeBounds.of(earliest, ahead);
    }

    static PayloadSchema payloadSchema(ParameterTool p) throws java.io.IOException {
        if (p.has("payload-schema") && p.has("payload-schema-file")) {
            throw new IllegalArgumentException("give --payload-schema or --payload-schema-file, not both");
        }
        if (p.has("payload-schema")) return PayloadSchema.parse(p.get("payload-schema"));
        if (p.has("payload-schema-file")) return PayloadSchema.parse(schemaText(Path.of(p.get("payload-schema-file"))));
        return null;
    }

    /** A schema file's text without its {@code --} comment lines (schema files sit beside the SQL files). */
    public static String schemaText(Path file) throws java.io.IOException {
        String text = Files.readString(file);
        StringBuilder b = new StringBuilder();
        for (String line : text.split("\\R")) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("--")) b.append(t).append(' ');
        }
        return b.toString();
    }

    /** Adds the ingest pipeline to {@code env}, accepting any payload object and the default event-time bounds. */
    public static void build(StreamExecutionEnvironment env, String bootstrap, String input, String output,
                             String groupId, String deadLetterTopic, int maxBytes) {
        build(env, bootstrap, input, output, groupId, deadLetterTopic, maxBytes, EventTimeBounds.DEFAULT, null);
    }

    /**
     * Adds the ingest pipeline to {@code env}: events outside {@code timeBounds} or whose payload breaks
     * {@code payloadSchema} (null: any object) are dead-lettered where they are read, and a normalised event the
     * broker would refuse is dead-lettered before the sink.
     */
    public static void build(StreamExecutionEnvironment env, String bootstrap, String input, String output,
                             String groupId, String deadLetterTopic, int maxBytes, EventTimeBounds timeBounds,
                             PayloadSchema payloadSchema) {
        EventSerde serde = new EventSerde(maxBytes, timeBounds, payloadSchema);
        SingleOutputStreamOperator<SerializedRecord> out = ValidatedEventSource.builder()
                .bootstrapServers(bootstrap).topic(input).groupId(groupId).stage("ingest")
                .deadLetterTopic(deadLetterTopic).maxBytes(maxBytes)
                .eventTimeBounds(timeBounds).payloadSchema(payloadSchema)
                .build().attach(env)
                .process(new EnvelopeSinkGuard(serde, new SinkLimits(SinkLimits.DEFAULT_MAX_RECORD_BYTES, timeBounds), input, "ingest-sink"))
                .name("events-sink-guard-" + output)
                .uid("events-sink-guard-" + output);
        out.sinkTo(KafkaSinks.exactlyOnce(bootstrap, new SerializedRecord.Schema(output),
                        "tributary-ingest-" + input + "-" + output))
                .name("events-sink-" + output)
                .uid("events-sink-" + output);
        out.getSideOutput(DeadLetterRouter.DEAD_LETTERS)
                .sinkTo(KafkaSinks.exactlyOnce(bootstrap, new DeadLetterSerializationSchema(deadLetterTopic),
                        "tributary-ingest-sink-deadletter-" + input))
                .name("events-sink-dead-letters")
                .uid("events-sink-dead-letters");
    }
}
