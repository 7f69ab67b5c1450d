package io.tributary.features.pipeline;

import io.tributary.core.event.EventEnvelope;
import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.aggregate.Aggregator;
import io.tributary.features.aggregate.Aggregators;
import io.tributary.features.view.FeatureSpec;
import io.tributary.features.view.FeatureView;
import org.apache.flink.api.common.functions.AggregateFunction;

import java.util.List;

/**
 * All features of a view in one accumulator: {@code acc[0]} is {@code long[]{events}}, {@code acc[i+1]} the IR of
 * feature i. The result is {@code Object[]{eventCount (Long), value_0, ..., value_n-1}}. The same init/update/merge/
 * finish path serves streaming, backfill and {@link ViewAggregation} (tests, oracle comparisons).
 */
public final class ViewAggregateFunction implements AggregateFunction<EventEnvelope, Object[], Object[]> {
    private static final long serialVersionUID = 1L;
    private final ViewAggregation aggregation;

    public ViewAggregateFunction(FeatureView view) { this.aggregation = new ViewAggregation(view); }

    @Override public Object[] createAccumulator() { return aggregation.init(); }
    @Override public Object[] add(EventEnvelope e, Object[] acc) { return aggregation.update(acc, e); }
    @Override public Object[] getResult(Object[] acc) { return aggregation.finish(acc); }
    @Override public Object[] merge(Object[] a, Object[] b) { return aggregation.merge(a, b); }

    /** The view-level aggregation, usable without Flink. */
    public static final class ViewAggregation implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final List<FeatureSpec> features;
        private final Aggregator<Object>[] aggregators;

        @SuppressWarnings("unchecked")
        public ViewAggregation(FeatureView view) {
            this.features = view.features();
            this.aggregators = new Aggregator[features.size()];
            for (int i = 0; i < features.size(); i++) aggregators[i] = (Aggregator<Object>) Aggregators.of(features.get(i).aggregation());
        }

        public Object[] init() {
            Object[] acc = new Object[features.size() + 1];
            acc[0] = new long[1];
            for (int i = 0; i < aggregators.length; i++) acc[i + 1] = aggregators[i].init();
            return acc;
        }

        public Object[] update(Object[] acc, EventEnvelope e) {
            long[] count = (long[]) acc[0];
            count[0]++;
            for (int i = 0; i < aggregators.length; i++) {
                FeatureSpec f = features.get(i);
                if (f.aggregation() == Aggregation.COUNT) {
                    acc[i + 1] = aggregators[i].update(acc[i + 1], null);
                    continue;
                }
                Object v = e.getPayload().get(f.input());
                if (v == null) continue;
                if (f.aggregation() == Aggregation.LAST) {
                    acc[i + 1] = Aggregators.updateLast(aggregators[i], acc[i + 1], v, e.getEventTimeMillis());
                } else {
                    acc[i + 1] = aggregators[i].update(acc[i + 1], v);
                }
            }
            return acc;
        }

        public Object[] merge(Object[] a, Object[] b) {
            ((long[]) a[0])[0] += ((long[]) b[0])[0];
            for (int i = 0; i < aggregators.length; i++) a[i + 1] = aggregators[i].merge(a[i + 1], b[i + 1]);
            return a;
        }

        public Object[] finish(Object[] acc) {
            Object[] out = new Object[aggregators.length + 1];
            out[0] = ((long[]) acc[0])[0];
            for (int i = 0; i < aggregators.length; i++) out[i + 1] = aggregators[i].finish(acc[i + 1]);
            return out;
        }
    }
}
