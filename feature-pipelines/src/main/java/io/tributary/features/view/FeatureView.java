package io.tributary.features.view;

import io.tributary.core.event.Sha256;
import io.tributary.core.topic.TopicNames;
import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.aggregate.FeatureType;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A feature view: windowed aggregations of one event topic per entity, written by one computation to the online store
 * (Redis) and the offline store (Iceberg table {@code features.<name>}).
 *
 * <pre>{@code
 * FeatureView origin = FeatureView.builder("origin_1h")
 *     .source("events.flights").entityKeys("origin")
 *     .window(WindowSpec.tumbling(Duration.ofHours(1)))
 *     .maxOutOfOrderness(Duration.ofMinutes(5)).allowedLateness(Duration.ofMinutes(30))
 *     .feature("departures", Aggregation.COUNT, null, "flights that left in the hour")
 *     .feature("mean_delay", Aggregation.AVG, "delay", "mean departure delay, minutes")
 *     .ttl(Duration.ofHours(2)).owner("ops").build();
 * }</pre>
 *
 * The {@link #version()} is a hash of everything that determines the values (source, keys, window, watermark,
 * lateness, features): it changes when the computation does, not when a description or the TTL does.
 */
public final class FeatureView implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    /** Columns every feature row has besides the entity keys and the features. */
    public static final Set<String> RESERVED = Set.of("window_start", "window_end", "event_count", "view_version");
    /** Entity value of a view without entity keys (global features). */
    public static final String GLOBAL_ENTITY = "_";
    /** Joins the values of a multi-column entity key (in Redis keys and keyed state). */
    public static final String KEY_SEPARATOR = "|";

    private final String name;
    private final String sourceTopic;
    private final List<String> entityKeys;
    private final WindowSpec window;
    private final Duration maxOutOfOrderness;
    private final Duration allowedLateness;
    private final List<FeatureSpec> features;
    private final Duration ttl;
    private final String owner;
    private final String description;
    private final String version;

    private FeatureView(Builder b) {
        this.name = requireName(b.name, "view");
        this.sourceTopic = TopicNames.validate(Objects.requireNonNull(b.source, "view " + b.name + " needs a source topic"));
        this.entityKeys = List.copyOf(b.entityKeys);
        this.window = Objects.requireNonNull(b.window, "view " + b.name + " needs a window");
        this.maxOutOfOrderness = nonNegative(b.maxOutOfOrderness, "maxOutOfOrderness");
        this.allowedLateness = nonNegative(b.allowedLateness, "allowedLateness");
        this.ttl = nonNegative(b.ttl, "ttl");
        this.features = List.copyOf(b.features);
        this.owner = b.owner;
        this.description = b.description;
        if (features.isEmpty()) throw new IllegalArgumentException("view " + name + " has no features");
        Set<String> seen = new HashSet<>();
        for (String k : entityKeys) {
            requireName(k, "entity key");
            if (!seen.add(k)) throw new IllegalArgumentException("view " + name + ": entity key '" + k + "' is declared twice");
        }
        for (FeatureSpec f : features) {
            requireName(f.name(), "feature");
            if (RESERVED.contains(f.name())) throw new IllegalArgumentException("view " + name + ": '" + f.name() + "' is a reserved column name");
            if (!seen.add(f.name())) throw new IllegalArgumentException("view " + name + ": name '" + f.name() + "' is used twice");
            if (f.aggregation() != Aggregation.COUNT && (f.input() == null || f.input().isEmpty())) {
                throw new IllegalArgumentException("view " + name + ": feature '" + f.name() + "' (" + f.aggregation() + ") needs an input field");
            }
        }
        this.version = computeVersion();
    }

    public static Builder builder(String name) { return new Builder(name); }

    public String name() { return name; }
    public String sourceTopic() { return sourceTopic; }
    public List<String> entityKeys() { return entityKeys; }
    public WindowSpec window() { return window; }
    public Duration maxOutOfOrderness() { return maxOutOfOrderness; }
    public Duration allowedLateness() { return allowedLateness; }
    public List<FeatureSpec> features() { return features; }
    /** How long a value stays valid for online reads (OUTSIDE_MAX_AGE after); zero means forever. */
    public Duration ttl() { return ttl; }
    public String owner() { return owner; }
    public String description() { return description; }
    public String version() { return version; }

    /** The registry's record of this view, what readers need. */
    public io.tributary.core.features.FeatureViewInfo info() {
        return new io.tributary.core.features.FeatureViewInfo(name, version, sourceTopic, entityKeys, window.canonical(),
                features.stream().map(f -> new io.tributary.core.features.FeatureViewInfo.Feature(f.name(), f.type().name(),
                        f.aggregation().name(), f.description())).toList(), ttl, owner, description);
    }

    public FeatureSpec feature(String featureName) {
        return features.stream().filter(f -> f.name().equals(featureName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("view " + name + " has no feature '" + featureName + "'"));
    }

    private String computeVersion() {
        StringBuilder sb = new StringBuilder();
        sb.append(name).append(';').append(sourceTopic).append(';').append(entityKeys).append(';')
                .append(window.canonical()).append(';').append(maxOutOfOrderness.toMillis()).append(';')
                .append(allowedLateness.toMillis());
        for (FeatureSpec f : features) sb.append(';').append(f.canonical());
        return Sha256.hex(sb.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 12);
    }

    private static String requireName(String n, String what) {
        if (n == null || !NAME.matcher(n).matches()) {
            throw new IllegalArgumentException("a " + what + " name must match [a-z][a-z0-9_]*, got '" + n + "'");
        }
        return n;
    }

    private Duration nonNegative(Duration d, String what) {
        if (d == null || d.isNegative()) throw new IllegalArgumentException("view " + name + ": " + what + " must be >= 0, got " + d);
        return d;
    }

    @Override
    public String toString() { return "FeatureView{" + name + " v" + version + "}"; }

    /** Builder of {@link FeatureView}. */
    public static final class Builder {
        private final String name;
        private String source;
        private final List<String> entityKeys = new ArrayList<>();
        private WindowSpec window;
        private Duration maxOutOfOrderness = Duration.ZERO;
        private Duration allowedLateness = Duration.ZERO;
        private final List<FeatureSpec> features = new ArrayList<>();
        private Duration ttl = Duration.ZERO;
        private String owner = "";
        private String description = "";

        private Builder(String name) { this.name = name; }

        /** The events topic the view aggregates. */
        public Builder source(String topic) { this.source = topic; return this; }
        /** Payload fields (or {@code key} for the envelope's key) identifying the entity; none for global features. */
        public Builder entityKeys(String... keys) { this.entityKeys.addAll(List.of(keys)); return this; }
        public Builder window(WindowSpec w) { this.window = w; return this; }
        /** Watermark delay: events may arrive this much out of event-time order. */
        public Builder maxOutOfOrderness(Duration d) { this.maxOutOfOrderness = d; return this; }
        /** Events this much behind the watermark still update their window (a new row); later ones go to late.<view>. */
        public Builder allowedLateness(Duration d) { this.allowedLateness = d; return this; }
        public Builder feature(String name, Aggregation aggregation, String input, String description) {
            FeatureType type = aggregation.resultType();
            features.add(new FeatureSpec(name, aggregation, input, type, description));
            return this;
        }
        public Builder ttl(Duration d) { this.ttl = d; return this; }
        public Builder owner(String o) { this.owner = o; return this; }
        public Builder description(String d) { this.description = d; return this; }
        public FeatureView build() { return new FeatureView(this); }
    }
}
