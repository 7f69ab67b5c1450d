package io.tributary.jobs.demo;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.LongConsumer;

/**
 * Holds the replay until the scoring job has scored what was sent: the replay advances one event-time step (an hour)
 * at a time, so no feature window that ends after a flight can reach the online store before that flight is scored.
 * A replay far ahead of scoring would read the future from Redis (the store holds only the newest window; the scoring
 * operator refuses such values as NEWER_THAN_AS_OF and uses defaults).
 */
final class ServingPacer implements LongConsumer, AutoCloseable {
    private static final long GIVE_UP_NANOS = 30_000_000_000L;

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> predictions;
    private final long offset;
    private final PrintStream out;
    private long waitedNanos;

    /** @param offset predictions already in the topic before the paced replay */
    ServingPacer(String kafka, String predictionsTopic, long offset, PrintStream out) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.predictions = consumer.partitionsFor(predictionsTopic, Duration.ofSeconds(10)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        this.offset = offset;
        this.out = out;
    }

    @Override
    public void accept(long sent) {
        long start = System.nanoTime();
        long last = -1;
        long movedAt = start;
        // the high watermark counts records of open transactions too: scored, not yet committed, is what counts here
        while (true) {
            long scored = consumer.endOffsets(predictions).values().stream().mapToLong(Long::longValue).sum() - offset;
            if (scored >= sent) break;
            if (scored != last) {
                last = scored;
                movedAt = System.nanoTime();
            } else if (System.nanoTime() - movedAt > GIVE_UP_NANOS) {
                out.printf("replay: scoring has not moved for 30 s at %,d of %,d flights; replaying on%n", scored, sent);
                break;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        waitedNanos += System.nanoTime() - start;
    }

    /** Time the replay spent waiting for scoring. */
    Duration waited() { return Duration.ofNanos(waitedNanos); }

    @Override
    public void close() {
        consumer.close();
    }
}
