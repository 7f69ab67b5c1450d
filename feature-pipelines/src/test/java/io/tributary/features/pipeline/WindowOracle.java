package io.tributary.features.pipeline;

import io.tributary.core.event.EventEnvelope;
import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.view.FeatureSpec;
import io.tributary.features.view.FeatureView;
import io.tributary.features.view.WindowSpec;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A naive model of a tumbling-window feature view: events kept in lists, aggregates recomputed from scratch at each
 * firing, with Flink's rules for watermarks (per event), firing, allowed lateness and late data. Tests compare the
 * pipeline's rows with it.
 */
final class WindowOracle {
    record Row(String entity, long start, long end, long count, List<Object> values) {}

    final List<Row> rows = new ArrayList<>();
    final List<EventEnvelope> late = new ArrayList<>();
    private final FeatureView view;
    private final long size;
    private final Map<String, List<EventEnvelope>> windows = new LinkedHashMap<>(); // entity@start -> events
    private final Set<String> fired = new HashSet<>();
    private long watermark = Long.MIN_VALUE;
    private long maxTs = Long.MIN_VALUE;

    WindowOracle(FeatureView view) {
        if (view.window().kind() != WindowSpec.Kind.TUMBLING) throw new IllegalArgumentException("oracle models tumbling windows");
        this.view = view;
        this.size = view.window().size().toMillis();
    }

    void process(EventEnvelope e) {
        if (FeatureInputValidator.problem(view, e) != null) return;
        String entity = EntityKey.of(view, e);
        long start = Math.floorDiv(e.getEventTimeMillis(), size) * size;
        long maxTimestamp = start + size - 1;
        if (maxTimestamp + view.allowedLateness().toMillis() <= watermark) {
            late.add(e);
        } else {
            String id = entity + "@" + start;
            windows.computeIfAbsent(id, k -> new ArrayList<>()).add(e);
            if (maxTimestamp <= watermark) emit(id); // a late firing of an already fired window
        }
        if (e.getEventTimeMillis() > maxTs) {
            maxTs = e.getEventTimeMillis();
            advance(maxTs - view.maxOutOfOrderness().toMillis() - 1);
        }
    }

    void endOfInput() { advance(Long.MAX_VALUE); }

    private void advance(long wm) {
        if (wm <= watermark) return;
        watermark = wm;
        List<String> due = new ArrayList<>();
        for (String id : windows.keySet()) {
            long start = Long.parseLong(id.substring(id.lastIndexOf('@') + 1));
            if (start + size - 1 <= wm && !fired.contains(id)) due.add(id);
        }
        // Flink fires timers in timestamp order; within a timestamp, order does not matter for the row set
        due.sort((a, b) -> Long.compare(Long.parseLong(a.substring(a.lastIndexOf('@') + 1)), Long.parseLong(b.substring(b.lastIndexOf('@') + 1))));
        for (String id : due) emit(id);
    }

    private void emit(String id) {
        fired.add(id);
        String entity = id.substring(0, id.lastIndexOf('@'));
        long start = Long.parseLong(id.substring(id.lastIndexOf('@') + 1));
        List<EventEnvelope> events = windows.get(id);
        List<Object> values = new ArrayList<>();
        for (FeatureSpec f : view.features()) values.add(naive(f, events));
        rows.add(new Row(entity, start, start + size, events.size(), values));
    }

    static Object naive(FeatureSpec f, List<EventEnvelope> events) {
        if (f.aggregation() == Aggregation.COUNT) return (long) events.size();
        List<Object> inputs = new ArrayList<>();
        EventEnvelope lastEvent = null;
        for (EventEnvelope e : events) {
            Object v = e.getPayload().get(f.input());
            if (v == null) continue;
            inputs.add(v);
            if (lastEvent == null || e.getEventTimeMillis() > lastEvent.getEventTimeMillis()
                    || (e.getEventTimeMillis() == lastEvent.getEventTimeMillis()
                    && String.valueOf(v).compareTo(String.valueOf(lastEvent.getPayload().get(f.input()))) > 0)) lastEvent = e;
        }
        if (inputs.isEmpty()) return null;
        List<Double> d = new ArrayList<>();
        if (f.aggregation().numericInput()) {
            for (Object v : inputs) d.add(v instanceof Boolean b ? (b ? 1.0 : 0.0) : ((Number) v).doubleValue());
        }
        return switch (f.aggregation()) {
            case SUM -> d.stream().mapToDouble(x -> x).sum();
            case AVG -> d.stream().mapToDouble(x -> x).average().orElseThrow();
            case MIN -> d.stream().mapToDouble(x -> x).min().orElseThrow();
            case MAX -> d.stream().mapToDouble(x -> x).max().orElseThrow();
            case STDDEV -> {
                double mean = d.stream().mapToDouble(x -> x).average().orElseThrow();
                yield Math.sqrt(d.stream().mapToDouble(x -> (x - mean) * (x - mean)).sum() / d.size());
            } // two-pass: the pipeline's one-pass sums agree to ~1e-9 on these inputs
            case RATE -> d.stream().filter(x -> x > 0).count() / (double) d.size();
            case DISTINCT_COUNT -> (long) new HashSet<>(inputs.stream().map(String::valueOf).toList()).size();
            case LAST -> String.valueOf(lastEvent.getPayload().get(f.input()));
            case COUNT -> throw new IllegalStateException();
        };
    }
}
