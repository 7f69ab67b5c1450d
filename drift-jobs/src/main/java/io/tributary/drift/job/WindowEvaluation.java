package io.tributary.drift.job;

import io.tributary.core.drift.ReferenceProfile;
import io.tributary.core.drift.WindowProfile;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.drift.stats.DriftEvaluator;
import io.tributary.drift.stats.DriftTest;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A window's profile of the served inputs and scores, and its tests against the serving version's training reference. */
final class WindowEvaluation {
    private WindowEvaluation() {}

    /** Builds the window's profile incrementally (one code path with the training reference: {@code Profile.add}). */
    static final class Aggregate implements AggregateFunction<DriftRecords.Served, WindowProfile, WindowProfile> {
        private static final long serialVersionUID = 1L;

        @Override
        public WindowProfile createAccumulator() { return new WindowProfile(); }

        @Override
        public WindowProfile add(DriftRecords.Served s, WindowProfile p) {
            s.inputs().forEach((feature, v) -> {
                if (v == null || v.isNaN()) p.addMissing(feature);
                else p.add(feature, v);
            });
            if (!Double.isNaN(s.score())) p.addScore(s.score()); // NaN: the model has no score
            return p;
        }

        @Override
        public WindowProfile getResult(WindowProfile p) { return p; }

        @Override
        public WindowProfile merge(WindowProfile a, WindowProfile b) { return a.merge(b); }
    }

    /** Tests the window against the reference of the version that served it (keyed {@code model/version}). */
    static final class Evaluate extends ProcessWindowFunction<WindowProfile, DriftRecords.Metric, String, TimeWindow> {
        private static final long serialVersionUID = 1L;
        private final String kafka;
        private final DriftEvaluator evaluator;
        private final java.util.Set<String> ignored;
        private transient Map<String, Optional<ReferenceProfile>> references;
        private transient Map<String, double[]> latest; // feature/test -> {statistic, drifted}: gauges

        Evaluate(String kafka, DriftEvaluator evaluator, java.util.Set<String> ignored) {
            this.kafka = kafka;
            this.evaluator = evaluator;
            this.ignored = java.util.Set.copyOf(ignored);
        }

        @Override
        public void process(String key, Context ctx, Iterable<WindowProfile> windows, Collector<DriftRecords.Metric> out) {
            if (references == null) references = new HashMap<>();
            int slash = key.lastIndexOf('/');
            String model = key.substring(0, slash);
            int version = Integer.parseInt(key.substring(slash + 1));
            Optional<ReferenceProfile> reference = references.computeIfAbsent(key, k -> load(model, version));
            if (reference.isEmpty()) return; // a version without a reference (registered from outside): nothing to compare
            WindowProfile window = windows.iterator().next();
            if (latest == null) latest = new HashMap<>();
            for (DriftTest t : evaluator.evaluate(reference.get(), window)) {
                if (ignored.contains(t.feature())) continue;
                String name = t.feature() + "/" + t.test().name();
                if (!latest.containsKey(name)) {
                    double[] cell = new double[2];
                    latest.put(name, cell);
                    var group = getRuntimeContext().getMetricGroup().addGroup("feature", t.feature()).addGroup("test", t.test().name());
                    group.gauge("driftStatistic", () -> cell[0]);
                    group.gauge("drifted", () -> cell[1]);
                }
                latest.get(name)[0] = t.statistic();
                latest.get(name)[1] = t.drifted() ? 1 : 0;
                out.collect(new DriftRecords.Metric(model, version, t.feature(), t.test().name(), t.statistic(), t.pValue(),
                        t.threshold(), t.drifted(), t.referenceN(), t.windowN(), ctx.window().getStart(), ctx.window().getEnd()));
            }
        }

        private Optional<ReferenceProfile> load(String model, int version) {
            // the registry is read once per version: a reference never changes
            ModelRegistry registry = new ModelRegistry(kafka, new ArtifactStore("file:///tmp"));
            return registry.state().model(model).flatMap(m -> m.version(version))
                    .map(v -> v.registered().lineage()).flatMap(l -> ReferenceProfile.fromLineage(l));
        }
    }
}
