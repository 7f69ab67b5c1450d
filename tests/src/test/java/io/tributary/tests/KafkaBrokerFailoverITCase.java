package io.tributary.tests;

import io.tributary.testing.FreePorts;
import io.tributary.core.config.TributaryConfig;
import io.tributary.jobs.stack.LocalStack;
import io.tributary.jobs.stack.StackSettings;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code up --brokers 3}: three KRaft nodes, replication 3 and min ISR 2. Killing the partition leader with
 * {@code kill -9} while a producer writes with {@code acks=all} loses no acknowledged record, and the supervisor
 * restarts the broker.
 */
class KafkaBrokerFailoverITCase {

    @Test
    void killingTheLeaderLosesNoAcknowledgedRecord() throws Exception {
        int base = FreePorts.consecutive(6);
        Path state = Files.createTempDirectory("tributary-3brokers");
        StackSettings settings = StackSettings.from(TributaryConfig.load(null, List.of("stack.dir=" + state,
                "stack.kafka.port=" + base, "stack.kafka.controller-port=" + (base + 1), "stack.kafka.brokers=3",
                "stack.supervisor=true")), Path.of(System.getProperty("tributary.root")));
        LocalStack stack = new LocalStack(settings);
        List<String> log = new ArrayList<>();
        try {
            stack.up(List.of("kafka", "supervisor"), log::add);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap()))) {
                admin.createTopics(List.of(new NewTopic("acked", 1, (short) 3))).all().get(30, TimeUnit.SECONDS);
            }
            ConcurrentSkipListMap<Integer, Long> acked = new ConcurrentSkipListMap<>();
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap(),
                    ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000);
            long killedAt;
            String victim;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
                int next = produce(producer, acked, 0, Duration.ofSeconds(3));
                int leader;
                try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap()))) {
                    TopicDescription d = admin.describeTopics(List.of("acked")).allTopicNames().get(10, TimeUnit.SECONDS).get("acked");
                    leader = d.partitions().get(0).leader().id();
                }
                victim = leader == 1 ? "kafka" : "kafka-" + leader;
                ProcessHandle broker = pidOf(stack, victim);
                killedAt = System.nanoTime();
                broker.destroyForcibly();
                broker.onExit().get(10, TimeUnit.SECONDS);
                produce(producer, acked, next, Duration.ofSeconds(15));
                producer.flush();
            }
            long firstAckAfterKill = acked.values().stream().filter(t -> t > killedAt).min(Long::compare).orElseThrow();
            log.add(String.format("first acknowledged write %.1f s after kill -9 of the leader %s; %d acknowledged",
                    (firstAckAfterKill - killedAt) / 1e9, victim, acked.size()));

            Set<Integer> read = new HashSet<>();
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.kafkaBootstrap()), new StringDeserializer(), new StringDeserializer())) {
                TopicPartition tp = new TopicPartition("acked", 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!read.containsAll(acked.keySet()) && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) read.add(Integer.parseInt(r.value()));
                }
            }
            assertThat(acked).hasSizeGreaterThan(100);
            assertThat(read).as("every acknowledged record is in the log after the leader's death").containsAll(acked.keySet());
            long restarted = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < restarted && stack.status().stream().noneMatch(s -> s.service().equals(victim) && s.restarts() == 1)) {
                Thread.sleep(200);
            }
            assertThat(stack.status()).filteredOn(s -> s.service().equals(victim)).singleElement()
                    .satisfies(s -> assertThat(s.restarts()).isEqualTo(1));
            System.out.println(String.join("\n", log));
        } finally {
            stack.down(List.of(), log::add);
        }
        assertThat(stack.status()).allMatch(s -> s.state().equals("stopped"));
    }

    /** Sends numbered records, at most 200 in flight, for {@code duration}; records each acknowledgement's time. */
    private static int produce(KafkaProducer<String, String> producer, ConcurrentSkipListMap<Integer, Long> acked, int from,
                               Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        int i = from;
        while (System.nanoTime() < end) {
            if (i - from - acked.tailMap(from).size() > 200) {
                Thread.sleep(5);
                continue;
            }
            int n = i++;
            producer.send(new ProducerRecord<>("acked", String.valueOf(n), String.valueOf(n)), (meta, error) -> {
                if (error == null) acked.put(n, System.nanoTime());
            });
            Thread.sleep(2);
        }
        return i;
    }

    private static ProcessHandle pidOf(LocalStack stack, String service) {
        return stack.status().stream().filter(s -> s.service().equals(service) && s.pid() > 0).findFirst()
                .flatMap(s -> ProcessHandle.of(s.pid())).orElseThrow();
    }
}
