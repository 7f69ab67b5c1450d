package io.tributary.drift.job;

import io.tributary.core.event.EventEnvelope;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * One retrain request per model per cooldown (event time), however many features and tests raised alerts in it:
 * a drift moves several statistics at once, and one new model answers all of them.
 */
final class RetrainRequester extends KeyedProcessFunction<String, DriftRecords.Alert, EventEnvelope> {
    private static final long serialVersionUID = 1L;
    private final long cooldownMillis;
    private transient ValueState<Long> lastRequest;

    RetrainRequester(long cooldownMillis) {
        this.cooldownMillis = cooldownMillis;
    }

    @Override
    public void open(OpenContext ctx) {
        lastRequest = getRuntimeContext().getState(new ValueStateDescriptor<>("last-request", Long.class));
    }

    @Override
    public void processElement(DriftRecords.Alert a, Context ctx, Collector<EventEnvelope> out) throws Exception {
        Long last = lastRequest.value();
        if (last != null && a.windowEnd() - last < cooldownMillis) return;
        lastRequest.update(a.windowEnd());
        // an error-stream detector has no numeric limit: its own test decided
        String limit = Double.isNaN(a.threshold()) ? "" : String.format("limit %.4f, ", a.threshold());
        out.collect(new EventEnvelope("drift", a.model(), a.windowEnd(), Map.of("reason", String.format(
                "drift: %s of %s = %.4f (%s%s), window ending %s, serving version %d", a.test(), a.feature(), a.statistic(),
                limit, a.severity(), java.time.Instant.ofEpochMilli(a.windowEnd()), a.version()))));
    }
}
