package io.tributary.jobs.demo;

import io.tributary.jobs.kafka.TopicScan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelEvent;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.models.RegistryState;
import io.tributary.core.topic.TopicNames;
import io.tributary.inference.ab.VariantComparison;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import org.HdrHistogram.Histogram;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads back what the run's jobs wrote: the registry, {@code ab.results}, {@code drift.metrics}, {@code drift.alerts},
 * the predictions and their outcomes (the flights' {@code late}), into {@link DemoResults} and the summary table.
 */
final class DemoCollector {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long DAY = 86_400_000L;

    private final String kafka;
    private final String artefacts;

    DemoCollector(String kafka, String artefacts) {
        this.kafka = kafka;
        this.artefacts = artefacts;
    }

    /** What the predictions topic held: latency per day, statuses, variants, and the labelled rows for the A/B table. */
    record Served(long count, Map<String, Long> byVariant, List<DemoResults.LatencyPoint> latency, double p50, double p99,
                  long inputs, long present, Map<String, Long> statuses, List<VariantComparison.Result> overall, long labelled,
                  Map<String, java.util.SortedSet<Integer>> versionsByVariant) {}

    List<DemoResults.ModelVersion> versions() {
        RegistryState.Model m = new ModelRegistry(kafka, new ArtifactStore(artefacts)).state().model(DemoSettings.MODEL).orElse(null);
        if (m == null) return List.of();
        Map<Integer, List<String>> aliases = new TreeMap<>();
        m.aliases().forEach((name, a) -> aliases.computeIfAbsent(a.version(), v -> new ArrayList<>()).add(name));
        List<DemoResults.ModelVersion> out = new ArrayList<>();
        for (RegistryState.Version v : m.versions().values()) {
            ModelEvent e = v.registered();
            Map<String, Object> lineage = e.lineage() == null ? Map.of() : e.lineage();
            Map<String, Object> metrics = e.metrics() == null ? Map.of() : e.metrics();
            out.add(new DemoResults.ModelVersion(v.number(), number(lineage.get("to_event_time")).longValue(),
                    number(metrics.get("auc")).doubleValue(), number(lineage.get("train_examples")).longValue(),
                    e.why() == null ? "" : e.why(), aliases.getOrDefault(v.number(), List.of())));
        }
        return out;
    }

    List<DemoResults.AucPoint> auc() {
        List<DemoResults.AucPoint> out = new ArrayList<>();
        for (JsonNode r : json(TopicNames.AB_RESULTS)) {
            out.add(new DemoResults.AucPoint(r.path("window_start").asLong(), r.path("window_end").asLong(), r.path("variant").asText(),
                    r.path("version").asInt(), r.path("n").asLong(), d(r.get("auc")), d(r.get("accuracy")),
                    d(r.get("accuracy_ci_low")), d(r.get("accuracy_ci_high"))));
        }
        return out;
    }

    /** The feature name of the error-stream detector's rows on drift.metrics (ErrorStreamMonitor). */
    static final String ERROR_STREAM = "__error__";

    /** The drift statistics of one serving version's windows, per feature (the error-stream detector's are apart). */
    List<DemoResults.DriftPoint> drift(int version) {
        List<DemoResults.DriftPoint> out = new ArrayList<>();
        for (JsonNode r : json(TopicNames.DRIFT_METRICS)) {
            if (r.path("version").asInt() != version || ERROR_STREAM.equals(r.path("feature").asText())) continue;
            out.add(new DemoResults.DriftPoint(r.path("window_start").asLong(), r.path("window_end").asLong(), r.path("feature").asText(),
                    r.path("test").asText(), d(r.get("statistic")), d(r.get("threshold")), r.path("drifted").asBoolean()));
        }
        return out;
    }

    /** Every serving version's alerts, each with the variants its version served ({@code variantsOf}). */
    List<DemoResults.AlertMark> alerts(java.util.function.IntFunction<String> variantsOf) {
        List<DemoResults.AlertMark> out = new ArrayList<>();
        for (JsonNode r : json(TopicNames.DRIFT_ALERTS)) {
            int version = r.path("version").asInt();
            out.add(new DemoResults.AlertMark(r.path("window_end").asLong(), r.path("feature").asText(), r.path("test").asText(),
                    r.path("severity").asText(), r.path("state").asText(), version, variantsOf.apply(version), d(r.get("statistic"))));
        }
        return out;
    }

    /** The error-stream detector's drift signals of every serving version. */
    List<DemoResults.ErrorStreamPoint> errorStream(java.util.function.IntFunction<String> variantsOf) {
        List<DemoResults.ErrorStreamPoint> out = new ArrayList<>();
        for (JsonNode r : json(TopicNames.DRIFT_METRICS)) {
            if (!ERROR_STREAM.equals(r.path("feature").asText())) continue;
            int version = r.path("version").asInt();
            // the levels are there when the drift job records them (warning_level, drift_level); NaN otherwise
            out.add(new DemoResults.ErrorStreamPoint(r.path("window_start").asLong(), r.path("window_end").asLong(), r.path("test").asText(),
                    version, variantsOf.apply(version), d(r.get("statistic")), r.path("window_n").asLong(), d(r.get("detector_statistic")),
                    d(r.get("warning_level")), d(r.get("drift_level"))));
        }
        return out;
    }

    long count(String topic) {
        long[] n = {0};
        TopicScan.scan(kafka, topic, r -> n[0]++);
        return n[0];
    }

    Served served(String outcomesTopic, String label) {
        Map<String, Boolean> outcomes = new HashMap<>();
        TopicScan.scan(kafka, outcomesTopic, r -> {
            JsonNode e = read(r.value());
            JsonNode late = e.path("payload").path(label);
            if (late.isBoolean()) outcomes.put(e.path("key").asText(), late.asBoolean());
        });
        Map<Long, Histogram> latencyByDay = new TreeMap<>();
        Histogram all = latencyHistogram();
        Map<String, Long> byVariant = new TreeMap<>();
        Map<String, Long> statuses = new TreeMap<>();
        List<VariantComparison.Labelled> labelled = new ArrayList<>();
        Map<String, java.util.SortedSet<Integer>> versions = new TreeMap<>();
        long[] inputs = {0, 0};
        TopicScan.scan(kafka, TopicNames.predictions(DemoSettings.MODEL), r -> {
            JsonNode p = read(r.value());
            if (!p.path("decision").asBoolean()) return;
            String variant = p.path("variant").asText();
            byVariant.merge(variant, 1L, Long::sum);
            versions.computeIfAbsent(variant, v -> new java.util.TreeSet<>()).add(p.path("version").asInt());
            long micros = Math.max(0, Math.round(p.path("latency_ms").asDouble() * 1000));
            all.recordValue(micros);
            latencyByDay.computeIfAbsent(p.path("event_time").asLong() / DAY * DAY, d -> latencyHistogram()).recordValue(micros);
            p.path("statuses").fields().forEachRemaining(s -> {
                inputs[0]++;
                if ("PRESENT".equals(s.getValue().asText())) inputs[1]++;
                statuses.merge(s.getValue().asText(), 1L, Long::sum);
            });
            Boolean late = outcomes.get(p.path("key").asText());
            if (late != null) labelled.add(new VariantComparison.Labelled(variant, p.path("version").asInt(), p.path("score").asDouble(), late));
        });
        List<DemoResults.LatencyPoint> latency = new ArrayList<>();
        latencyByDay.forEach((day, h) -> latency.add(new DemoResults.LatencyPoint(day, day + DAY, h.getTotalCount(),
                percentile(h, 50), percentile(h, 95), percentile(h, 99))));
        long count = byVariant.values().stream().mapToLong(Long::longValue).sum();
        return new Served(count, byVariant, latency, percentile(all, 50), percentile(all, 99), inputs[0], inputs[1], statuses,
                labelled.isEmpty() ? List.of() : VariantComparison.compare(labelled, 0.05), labelled.size(), versions);
    }

    private List<JsonNode> json(String topic) {
        List<JsonNode> out = new ArrayList<>();
        TopicScan.scan(kafka, topic, r -> out.add(read(r.value())));
        return out;
    }

    private static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double d(JsonNode n) {
        return n == null || n.isNull() || !n.isNumber() ? Double.NaN : n.asDouble();
    }

    private static Number number(Object o) {
        return o instanceof Number n ? n : Double.NaN;
    }

    /** Latencies in ms, recorded in µs to 3 significant digits (HdrHistogram). */
    private static Histogram latencyHistogram() {
        return new Histogram(3);
    }

    private static double percentile(Histogram h, double p) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(p) / 1000.0;
    }
}
