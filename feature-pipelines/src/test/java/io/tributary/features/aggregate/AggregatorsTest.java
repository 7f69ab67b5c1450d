package io.tributary.features.aggregate;

import io.tributary.core.event.EventEnvelope;
import io.tributary.features.pipeline.ViewAggregateFunction;
import io.tributary.features.view.FeatureView;
import io.tributary.features.view.WindowSpec;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Differential tests: init/update/merge/finish against a naive oracle, with random splits to exercise merge. */
class AggregatorsTest {
    private static final Random SEEDS = new Random(2026);

    @SuppressWarnings("unchecked")
    private static Object aggregate(Aggregation a, List<?> values, Random rnd) {
        Aggregator<Object> agg = (Aggregator<Object>) Aggregators.of(a);
        // split the input at random points, aggregate the parts, merge them in random order: as session windows do
        List<Object> parts = new ArrayList<>();
        Object ir = agg.init();
        for (Object v : values) {
            ir = agg.update(ir, v);
            if (rnd.nextInt(10) == 0) {
                parts.add(ir);
                ir = agg.init();
            }
        }
        parts.add(ir);
        java.util.Collections.shuffle(parts, rnd);
        Object merged = agg.init();
        for (Object p : parts) merged = agg.merge(merged, p);
        return agg.finish(merged);
    }

    @RepeatedTest(20)
    void numericAggregationsMatchTheNaiveOracle() {
        Random rnd = new Random(SEEDS.nextLong());
        int n = rnd.nextInt(500);
        List<Double> xs = new ArrayList<>();
        for (int i = 0; i < n; i++) xs.add(rnd.nextGaussian() * 50 + 10);
        double sum = xs.stream().mapToDouble(x -> x).sum();
        if (n == 0) {
            for (Aggregation a : List.of(Aggregation.SUM, Aggregation.AVG, Aggregation.MIN, Aggregation.MAX, Aggregation.STDDEV, Aggregation.RATE)) {
                assertThat(aggregate(a, xs, rnd)).as(a.name()).isNull();
            }
            assertThat(aggregate(Aggregation.COUNT, xs, rnd)).isEqualTo(0L);
            return;
        }
        double mean = sum / n;
        double std = Math.sqrt(xs.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / n);
        assertThat((Long) aggregate(Aggregation.COUNT, xs, rnd)).isEqualTo(n);
        assertThat((Double) aggregate(Aggregation.SUM, xs, rnd)).isCloseTo(sum, within(1e-7));
        assertThat((Double) aggregate(Aggregation.AVG, xs, rnd)).isCloseTo(mean, within(1e-9));
        assertThat((Double) aggregate(Aggregation.MIN, xs, rnd)).isEqualTo(xs.stream().mapToDouble(x -> x).min().orElseThrow());
        assertThat((Double) aggregate(Aggregation.MAX, xs, rnd)).isEqualTo(xs.stream().mapToDouble(x -> x).max().orElseThrow());
        assertThat((Double) aggregate(Aggregation.STDDEV, xs, rnd)).isCloseTo(std, within(1e-9));
        assertThat((Double) aggregate(Aggregation.RATE, xs, rnd)).isCloseTo(xs.stream().filter(x -> x > 0).count() / (double) n, within(1e-12));
    }

    @RepeatedTest(10)
    void distinctCountIsExactForFewValuesAndWithinHllErrorForMany() {
        Random rnd = new Random(SEEDS.nextLong());
        int cardinality = 1 + rnd.nextInt(5000);
        List<String> xs = new ArrayList<>();
        for (int i = 0; i < cardinality * 3; i++) xs.add("v" + rnd.nextInt(cardinality));
        long exact = new HashSet<>(xs).size();
        long estimate = (Long) aggregate(Aggregation.DISTINCT_COUNT, xs, rnd);
        if (exact < 100) assertThat(estimate).isEqualTo(exact);
        // lgK 11: relative standard error ~2.3 %; 4 sigma
        else assertThat((double) estimate).isCloseTo(exact, within(exact * 0.092));
    }

    @Test
    void lastTakesTheLatestEventTimeAndTheGreatestValueOnTies() {
        FeatureView view = FeatureView.builder("v").source("events.x").entityKeys("k")
                .window(WindowSpec.tumbling(Duration.ofHours(1)))
                .feature("last_dest", Aggregation.LAST, "dest", "").build();
        ViewAggregateFunction.ViewAggregation agg = new ViewAggregateFunction.ViewAggregation(view);
        Object[] acc = agg.init();
        acc = agg.update(acc, event(200, "B"));
        acc = agg.update(acc, event(100, "A")); // older, out of order: does not win
        acc = agg.update(acc, event(200, "C")); // same time, greater value: wins whatever the arrival order
        acc = agg.update(acc, event(200, "A")); // same time, smaller value: does not
        assertThat(agg.finish(acc)).containsExactly(4L, "C");

        Object[] other = agg.update(agg.init(), event(150, "D"));
        assertThat(agg.finish(agg.merge(agg.init(), other))).containsExactly(1L, "D");
        assertThat(agg.finish(agg.merge(acc, other))).containsExactly(5L, "C");
    }

    @Test
    void missingInputsAreSkippedButCounted() {
        FeatureView view = FeatureView.builder("v").source("events.x").entityKeys("k")
                .window(WindowSpec.tumbling(Duration.ofHours(1)))
                .feature("n", Aggregation.COUNT, null, "")
                .feature("mean", Aggregation.AVG, "x", "").build();
        ViewAggregateFunction.ViewAggregation agg = new ViewAggregateFunction.ViewAggregation(view);
        Object[] acc = agg.init();
        acc = agg.update(acc, new EventEnvelope("s", "k", 1, Map.of("k", "a", "x", 4)));
        acc = agg.update(acc, new EventEnvelope("s", "k", 2, Map.of("k", "a")));
        acc = agg.update(acc, new EventEnvelope("s", "k", 3, Map.of("k", "a", "x", "8")));
        assertThat(agg.finish(acc)).containsExactly(3L, 3L, 6.0);
    }

    private static EventEnvelope event(long t, String dest) {
        return new EventEnvelope("s", "k", t, Map.of("k", "a", "dest", dest));
    }
}
