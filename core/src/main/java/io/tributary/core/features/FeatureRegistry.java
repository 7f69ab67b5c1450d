package io.tributary.core.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.core.topic.TopicNames;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The feature registry: every version of every feature view, durable on the compacted topic
 * {@value TopicNames#FEATURE_REGISTRY} (key {@code <view>@<version>}, value the JSON of {@link FeatureViewInfo} plus
 * {@code registered_at}). A view's current definition is its most recently registered version.
 */
public final class FeatureRegistry {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final io.tributary.core.kafka.CompactedTopic topic;

    public FeatureRegistry(String bootstrapServers) {
        this.topic = new io.tributary.core.kafka.CompactedTopic(bootstrapServers, TopicNames.FEATURE_REGISTRY);
    }

    /** A registered version of a view. */
    public record Entry(FeatureViewInfo view, Instant registeredAt) {}

    /** Registers {@code view} (a no-op when this exact version is already there). */
    public void register(FeatureViewInfo view) {
        Map<String, List<Entry>> all = load();
        if (all.getOrDefault(view.name(), List.of()).stream().anyMatch(e -> e.view().equals(view))) return;
        topic().append(view.name() + "@" + view.version(), toJson(view, Instant.now()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Every view's registered versions, oldest first, by view name. */
    public Map<String, List<Entry>> load() {
        Map<String, Entry> byKey = new TreeMap<>();
        for (var r : topic().readAll()) {
            if (r.value() == null) byKey.remove(r.key());
            else byKey.put(r.key(), fromJson(new String(r.value(), java.nio.charset.StandardCharsets.UTF_8)));
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

    private io.tributary.core.kafka.CompactedTopic topic() { return topic; }

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
