package io.tributary.core.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A compacted, single-partition topic used as a small durable store (the feature and model registries): appended to
 * record by record, read whole, in order.
 */
public final class CompactedTopic {
    private final String bootstrap;
    private final String topic;
    private volatile boolean ensured;

    public CompactedTopic(String bootstrapServers, String topic) {
        this.bootstrap = bootstrapServers;
        this.topic = topic;
    }

    /** Appends one record (acks=all) and waits for it. */
    public void append(String key, byte[] value) {
        ensure();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot write to " + topic + " on Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    /** Every record still in the topic, in order; empty when the topic does not exist yet. */
    public List<ConsumerRecord<String, byte[]>> readAll() {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            var infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) return out;
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("timed out reading " + topic);
                c.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IllegalStateException("cannot read " + topic + " from Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Creates the topic, compacted with one partition and the broker's default replication, when it does not exist. */
    public void ensure() {
        if (ensured) return;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // the broker's default replication: 3 with `up --brokers 3`, so a broker's death does not take the registry
            admin.createTopics(List.of(new NewTopic(topic, java.util.Optional.of(1), java.util.Optional.empty())
                    .configs(Map.of("cleanup.policy", "compact", "retention.ms", "-1")))).all().get(30, TimeUnit.SECONDS);
            ensured = true;
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + topic + ": " + e.getCause().getMessage(), e);
            }
            ensured = true;
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
    }
}
