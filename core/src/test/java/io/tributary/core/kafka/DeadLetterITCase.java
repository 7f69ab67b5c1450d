package io.tributary.core.kafka;

import io.tributary.core.event.DeadLetter;
import io.tributary.core.event.DeadLetterJson;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.testing.KafkaBrokerExtension;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** Malformed records on a real broker reach the dead-letter topic with their reason; good ones pass; none is lost. */
class DeadLetterITCase {
    @RegisterExtension
    @Order(1)
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(withReporter())
            .setNumberSlotsPerTaskManager(2).build());

    private static Configuration withReporter() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        REPORTER.addToConfiguration(conf);
        return conf;
    }

    @Test
    void malformedRecordsGoToTheDeadLetterTopicWithTheirReason() throws Exception {
        KAFKA.createTopics(2, "events.in", "events.out", "deadletter");
        EventSerde serde = new EventSerde(2048);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(new ProducerRecord<>("events.in", null, serde.serialize(
                    new EventEnvelope("test", "k" + i, 1_000L * i, Map.of("i", i)))));
        }
        byte[] garbage = new byte[64];
        new Random(1).nextBytes(garbage);
        byte[] big = ("{\"key\":\"big\",\"event_time\":1,\"payload\":{\"x\":\"" + "y".repeat(3000) + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        List<byte[]> bad = List.of(
                "{\"key\":\"a\",\"event_time\":1,\"pay".getBytes(StandardCharsets.UTF_8),
                "{\"key\":\"a\",\"event_time\":false,\"payload\":{}}".getBytes(StandardCharsets.UTF_8),
                "{\"event_time\":1,\"payload\":{}}".getBytes(StandardCharsets.UTF_8),
                big,
                garbage);
        for (byte[] b : bad) records.add(new ProducerRecord<>("events.in", 0, "bad".getBytes(StandardCharsets.UTF_8), b));
        KAFKA.produce("events.in", records);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500);
        ValidatedEventSource.builder()
                .bootstrapServers(KAFKA.bootstrapServers()).topic("events.in").groupId("dlq-test").stage("ingest")
                .maxBytes(2048).startingOffsets(OffsetsInitializer.earliest()).bounded(true)
                .build().attach(env)
                .sinkTo(KafkaSinks.exactlyOnce(KAFKA.bootstrapServers(),
                        new EnvelopeSerializationSchema("events.out", serde), "dlq-test-out"));
        org.apache.flink.api.common.JobID jobId = env.execute("dead-letter-test").getJobID();

        List<ConsumerRecord<byte[], byte[]>> out = KAFKA.consume("events.out", 20, Duration.ofSeconds(30));
        assertThat(out).hasSize(20);
        assertThat(out.stream().map(r -> new String(r.key(), StandardCharsets.UTF_8)).collect(Collectors.toSet()))
                .hasSize(20).contains("k0", "k19");

        List<ConsumerRecord<byte[], byte[]>> dlq = KAFKA.consume("deadletter", 5, Duration.ofSeconds(30));
        assertThat(dlq).hasSize(5);
        List<DeadLetter> letters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : dlq) letters.add(DeadLetterJson.fromJson(r.value()));
        letters.sort((a, b) -> Long.compare(a.getOffset(), b.getOffset()));
        assertThat(letters).extracting(DeadLetter::getSourceTopic).containsOnly("events.in");
        assertThat(letters).extracting(DeadLetter::getPartition).containsOnly(0);
        assertThat(letters).extracting(DeadLetter::getStage).containsOnly("ingest");
        assertThat(letters.get(0).getError()).startsWith("truncated JSON");
        assertThat(letters.get(1).getError()).startsWith("field 'event_time' must be");
        assertThat(letters.get(2).getError()).isEqualTo("missing required field 'key'");
        assertThat(letters.get(3).getError()).contains("exceeds the limit of 2048 bytes");
        assertThat(letters.get(4).getError()).startsWith("binary data");
        assertThat(letters.get(4).getValue()).isEqualTo(garbage);
        assertThat(letters.get(3).getValueSize()).isEqualTo(big.length);
        // offsets are consecutive after the good records of partition 0: each bad record is accounted for once
        assertThat(letters).extracting(DeadLetter::getOffset).doesNotHaveDuplicates();

        assertThat(count(jobId, "deadLetters")).isEqualTo(5);
        assertThat(count(jobId, "eventsIn")).isEqualTo(20);
    }

    private static long count(org.apache.flink.api.common.JobID jobId, String name) {
        long total = 0;
        for (Map.Entry<String, Metric> m : REPORTER.findMetrics(jobId, name).entrySet()) {
            if (m.getValue() instanceof Counter c) total += c.getCount();
        }
        return total;
    }
}
