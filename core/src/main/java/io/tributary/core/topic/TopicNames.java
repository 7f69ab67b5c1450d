package io.tributary.core.topic;

import java.util.regex.Pattern;

/**
 * The Kafka topics Tributary reads and writes. Stages meet only through these names (and core types), so every
 * name is built here.
 */
public final class TopicNames {
    /** Records that could not be processed, with the reason (JSON, see {@link io.tributary.core.event.DeadLetter}). */
    public static final String DEAD_LETTERS = "deadletter";
    /** The feature registry: one record per view version (compacted, keyed by {@code <view>@<version>}). */
    public static final String FEATURE_REGISTRY = "features.registry";
    /** The model registry's event log (compacted, keyed by model name). */
    public static final String MODEL_REGISTRY = "models.registry";
    public static final String RETRAIN_REQUESTS = "models.retrain";
    public static final String EXPERIMENT_RUNS = "models.runs";
    /** What serving refused or undid: a version that failed to load, a canary rolled back (JSON, keyed by model). */
    public static final String SERVING_ALERTS = "models.alerts";
    public static final String DRIFT_METRICS = "drift.metrics";
    public static final String DRIFT_ALERTS = "drift.alerts";
    public static final String AB_RESULTS = "ab.results";

    private static final Pattern LEGAL = Pattern.compile("[a-zA-Z0-9._-]+");
    private static final int MAX_LENGTH = 249;

    private TopicNames() {}

    /** Raw events of a source, e.g. {@code events.flights}. */
    public static String events(String source) { return join("events", source); }

    /** Labels (outcomes) of a source, e.g. {@code labels.flights}. */
    public static String labels(String source) { return join("labels", source); }

    /** The changelog of a feature view, e.g. {@code features.origin_stats}. */
    public static String features(String view) { return join("features", view); }

    /** Events that arrived after a view's allowed lateness. */
    public static String lateEvents(String view) { return join("late", view); }

    /**
     * Infer requests of a model from the serving gateway, e.g. {@code requests.flights_delay}: event envelopes keyed by
     * request id, scored by a scoring job deployed with {@code --events requests.<model>}.
     */
    public static String requests(String model) { return join("requests", model); }

    /** Predictions of a model, e.g. {@code predictions.flights_delay}. */
    public static String predictions(String model) { return join("predictions", model); }

    /** Throws with a message naming the problem unless {@code topic} is a legal Kafka topic name. */
    public static String validate(String topic) {
        if (topic == null || topic.isEmpty()) throw new IllegalArgumentException("a topic name must not be empty");
        if (topic.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("topic name '" + topic + "' is longer than " + MAX_LENGTH + " characters");
        }
        if (topic.equals(".") || topic.equals("..")) throw new IllegalArgumentException("topic name '" + topic + "' is reserved");
        if (!LEGAL.matcher(topic).matches()) {
            throw new IllegalArgumentException("topic name '" + topic + "' may only contain ASCII letters, digits, '.', '_' and '-'");
        }
        return topic;
    }

    private static String join(String prefix, String name) {
        if (name == null || name.isEmpty()) throw new IllegalArgumentException("a " + prefix + " topic needs a name");
        return validate(prefix + "." + name);
    }
}
