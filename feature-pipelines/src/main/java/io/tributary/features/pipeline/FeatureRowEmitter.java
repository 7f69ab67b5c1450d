package io.tributary.features.pipeline;

import io.tributary.features.view.FeatureView;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.table.data.RowData;
import org.apache.flink.util.Collector;

import java.util.Arrays;
import java.util.List;

/** Turns a window's finished aggregate into the view's feature row (see {@link FeatureRows}). */
public final class FeatureRowEmitter extends ProcessWindowFunction<Object[], RowData, String, TimeWindow> {
    private static final long serialVersionUID = 1L;
    private final FeatureView view;
    private transient Counter rowsOut;
    private transient volatile long lastWindowEnd;

    public FeatureRowEmitter(FeatureView view) { this.view = view; }

    @Override
    public void open(OpenContext ctx) {
        rowsOut = getRuntimeContext().getMetricGroup().counter("featureRowsOut");
        // freshness = now - the newest window end written (event time; in a live stream, how stale the online values are)
        getRuntimeContext().getMetricGroup().gauge("lastWindowEndMillis", () -> lastWindowEnd);
    }

    @Override
    public void process(String entity, Context ctx, Iterable<Object[]> results, Collector<RowData> out) {
        List<String> keys = view.entityKeys().isEmpty() ? List.of()
                : Arrays.asList(entity.split(java.util.regex.Pattern.quote(FeatureView.KEY_SEPARATOR), -1));
        for (Object[] r : results) {
            Object[] values = Arrays.copyOfRange(r, 1, r.length);
            out.collect(FeatureRows.row(view, keys, ctx.window().getStart(), ctx.window().getEnd(), (Long) r[0], values));
            rowsOut.inc();
        }
        lastWindowEnd = Math.max(lastWindowEnd, ctx.window().getEnd());
    }
}
