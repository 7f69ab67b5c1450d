package io.tributary.jobs.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/** Reads a topic's committed records from the beginning to its end at the time of the call, and counts records. */
public final class TopicScan {
    private TopicScan() {}

    public static void scan(String bootstrap, String topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> parts = partitions(c, topic, bootstrap);
            if (parts.isEmpty()) return;
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts);
            // a read_committed position stops short of the end only while a transaction is open: give up then
            long idleSince = System.nanoTime();
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                var records = c.poll(Duration.ofMillis(500));
                if (!records.isEmpty()) idleSince = System.nanoTime();
                else if (System.nanoTime() - idleSince > 10_000_000_000L) break;
                records.forEach(each);
            }
        }
    }

    /** Records in the topic, counting transaction markers too: for progress, not for results. */
    public static long endOffsets(String bootstrap, String topic) {
        try (KafkaConsumer<byte[], byte[]> c = consumer(bootstrap)) {
            List<TopicPartition> parts = partitions(c, topic, bootstrap);
            return parts.isEmpty() ? 0 : c.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<byte[], byte[]> c, String topic, String bootstrap) {
        List<PartitionInfo> infos;
        try {
            infos = c.partitionsFor(topic, Duration.ofSeconds(10));
        } catch (org.apache.kafka.common.KafkaException e) {
            // as the registries say it (CompactedTopic): the CLI prints this one line
            throw new IllegalStateException("cannot read " + topic + " from Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
        return infos == null ? List.of() : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}
