package io.tributary.core.event;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

import java.util.Map;

/**
 * A prediction meets its outcome, keyed by event key: either may come first, and one that waits longer than the
 * maximum lag (in event time) for the other is dropped. The outcome is the boolean label in an event's payload; events
 * without it are not outcomes. Used by the A/B analysis and by the drift job's error stream, so both join alike.
 *
 * @param <P> the prediction as the job reads it back
 * @param <OUT> what a prediction with its outcome becomes
 */
public abstract class OutcomeJoin<P, OUT> extends KeyedCoProcessFunction<String, P, EventEnvelope, OUT> {
    private static final long serialVersionUID = 1L;
    private final Class<P> predictionType;
    private final String labelField;
    private final long maxLagMillis;
    private transient ValueState<P> prediction;
    private transient ValueState<Boolean> outcome;

    protected OutcomeJoin(Class<P> predictionType, String labelField, long maxLagMillis) {
        this.predictionType = predictionType;
        this.labelField = labelField;
        this.maxLagMillis = maxLagMillis;
    }

    /** The prediction's event time (ms). */
    protected abstract long predictionTime(P prediction);

    /** The prediction joined with its outcome. */
    protected abstract OUT joined(P prediction, boolean outcome);

    /** The label in {@code payload}: a boolean, or a number (positive is true); null when the field is absent. */
    public static Boolean label(Map<String, Object> payload, String field) {
        Object v = payload.get(field);
        if (v == null) return null;
        return v instanceof Boolean b ? b : v instanceof Number n && n.doubleValue() > 0;
    }

    @Override
    public void open(OpenContext ctx) {
        // state names and types are part of the jobs' savepoints
        prediction = getRuntimeContext().getState(new ValueStateDescriptor<>("prediction", TypeInformation.of(predictionType)));
        outcome = getRuntimeContext().getState(new ValueStateDescriptor<>("outcome", Boolean.class));
    }

    @Override
    public void processElement1(P p, Context ctx, Collector<OUT> out) throws Exception {
        Boolean y = outcome.value();
        if (y != null) {
            out.collect(joined(p, y));
            outcome.clear();
        } else {
            prediction.update(p);
            ctx.timerService().registerEventTimeTimer(predictionTime(p) + maxLagMillis);
        }
    }

    @Override
    public void processElement2(EventEnvelope e, Context ctx, Collector<OUT> out) throws Exception {
        Boolean y = label(e.getPayload(), labelField);
        if (y == null) return; // not an outcome
        P p = prediction.value();
        if (p != null) {
            out.collect(joined(p, y));
            prediction.clear();
        } else {
            outcome.update(y);
            ctx.timerService().registerEventTimeTimer(e.getEventTimeMillis() + maxLagMillis);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<OUT> out) {
        prediction.clear();
        outcome.clear();
    }
}
