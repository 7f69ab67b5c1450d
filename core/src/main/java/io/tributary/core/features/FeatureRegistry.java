package io.tributary.core.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.topic.TopicNames;
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
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The feature registry: every version of every feature view, durable on the compacted topic
 * {@value TopicNames#FEATURE_REGISTRY} (key {@code <view>@<version>}, value the JSON of {@link FeatureViewInfo} plus
 * {@code registered_at}). A view's current definition is its most recently registered version.
 */
public final class FeatureRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;

    public FeatureRegistry(String bootstrapServers) { this.bootstrap = bootstrapServers; }

    /** A registered version of a view. */
    public record Entry(FeatureViewInfo view, Instant registeredAt) {}

    /** Registers {@code view} (a no-op when this exact version is already there). */
    public void register(FeatureViewInfo view) {
        ensureTopic();
        Map<String, List<Entry>> all = load();
        if (all.getOrDefault(view.name(), List.of()).stream().anyMatch(e -> e.view().equals(view))) return;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(TopicNames.FEATURE_REGISTRY, view.name() + "@" + view.version(),
                    toJson(view, Instant.now()))).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register feature view " + view.name() + " on Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    /** Every view's registered versions, oldest first, by view name. */
    public Map<String, List<Entry>> load() {
        Map<String, Entry> byKey = new TreeMap<>();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> c = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            var infos = c.partitionsFor(TopicNames.FEATURE_REGISTRY, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) return new TreeMap<>();
            List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            c.assign(parts);
            c.seekToBeginning(parts);
            Map<TopicPartition, Long> end = c.endOffsets(parts, Duration.ofSeconds(10));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (parts.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new IllegalStateException("timed out reading " + TopicNames.FEATURE_REGISTRY);
                for (ConsumerRecord<String, String> r : c.poll(Duration.ofMillis(200))) {
                    if (r.value() == null) byKey.remove(r.key());
                    else byKey.put(r.key(), fromJson(r.value()));
                }
            }
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new IllegalStateException("cannot read the feature registry from Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
        Map<String, List<Entry>> out = new TreeMap<>();
        for (Entry e : byKey.values()) out.computeIfAbsent(e.view().name(), k -> new ArrayList<>()).add(e);
        out.values().forEach(l -> l.sort(Comparator.comparing(Entry::registeredAt)));
        return out;
    }

    /** The current definition of each view. */
    public List<FeatureViewInfo> current() {
        return load().values().stream().map(l -> l.get(l.size() - 1).view()).toList();
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            admin.createTopics(List.of(new NewTopic(TopicNames.FEATURE_REGISTRY, 1, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact", "retention.ms", "-1")))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + TopicNames.FEATURE_REGISTRY + ": " + e.getCause().getMessage(), e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach Kafka at " + bootstrap + ": " + e.getMessage(), e);
        }
    }

    static String toJson(FeatureViewInfo v, Instant registeredAt) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", v.name());
        n.put("version", v.version());
        n.put("source_topic", v.sourceTopic());
        ArrayNode keys = n.putArray("entity_keys");
        v.entityKeys().forEach(keys::add);
        n.put("window", v.window());
        ArrayNode fs = n.putArray("features");
        for (FeatureViewInfo.Feature f : v.features()) {
            fs.addObject().put("name", f.name()).put("type", f.type()).put("aggregation", f.aggregation()).put("description", f.description());
        }
        n.put("ttl_ms", v.ttl().toMillis());
        n.put("owner", v.owner());
        n.put("description", v.description());
        n.put("registered_at", registeredAt.toString());
        return n.toString();
    }

    static Entry fromJson(String json) {
        try {
            JsonNode n = JSON.readTree(json);
            List<String> keys = new ArrayList<>();
            n.path("entity_keys").forEach(k -> keys.add(k.asText()));
            List<FeatureViewInfo.Feature> fs = new ArrayList<>();
            n.path("features").forEach(f -> fs.add(new FeatureViewInfo.Feature(f.path("name").asText(), f.path("type").asText(),
                    f.path("aggregation").asText(), f.path("description").asText())));
            FeatureViewInfo info = new FeatureViewInfo(n.path("name").asText(), n.path("version").asText(),
                    n.path("source_topic").asText(), keys, n.path("window").asText(), fs,
                    Duration.ofMillis(n.path("ttl_ms").asLong()), n.path("owner").asText(), n.path("description").asText());
            return new Entry(info, Instant.parse(n.path("registered_at").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable feature registry record: " + json, e);
        }
    }
}
