package io.tributary.features.pipeline;

import io.tributary.core.event.DeadLetter;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import io.tributary.core.kafka.EnvelopeDeserializationSchema;
import io.tributary.features.view.FeatureSpec;
import io.tributary.features.view.FeatureView;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Lets through events that a view can aggregate and dead-letters the rest, naming the field: a missing entity key, a
 * non-numeric input of a numeric aggregation. A missing input field is not an error: that feature skips the event.
 */
public final class FeatureInputValidator extends ProcessFunction<EventEnvelope, EventEnvelope> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<DeadLetter> INVALID = new OutputTag<>("invalid-feature-input") {};

    private final FeatureView view;
    private transient Counter deadLetters;
    private transient EventSerde serde;

    public FeatureInputValidator(FeatureView view) { this.view = view; }

    @Override
    public void open(OpenContext ctx) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        serde = new EventSerde();
    }

    @Override
    public void processElement(EventEnvelope e, Context ctx, Collector<EventEnvelope> out) {
        String problem = problem(view, e);
        if (problem == null) {
            out.collect(e);
            return;
        }
        deadLetters.inc();
        ctx.output(INVALID, DeadLetter.of(view.sourceTopic(), -1, -1, e.getEventTimeMillis(), "features:" + view.name(),
                problem, e.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8), serde.serialize(e),
                EnvelopeDeserializationSchema.DEAD_LETTER_MAX_VALUE_BYTES, System.currentTimeMillis()));
    }

    /** Why the view cannot use the event, or null. */
    public static String problem(FeatureView view, EventEnvelope e) {
        try {
            EntityKey.values(view, e);
        } catch (IllegalArgumentException ex) {
            return ex.getMessage();
        }
        for (FeatureSpec f : view.features()) {
            if (!f.aggregation().numericInput() || f.input() == null) continue;
            Object v = e.getPayload().get(f.input());
            if (v == null || v instanceof Number || v instanceof Boolean) continue;
            if (v instanceof String s) {
                try {
                    Double.parseDouble(s);
                    continue;
                } catch (NumberFormatException ignored) {
                    // fall through
                }
            }
            return "view " + view.name() + ": field '" + f.input() + "' of feature '" + f.name() + "' (" + f.aggregation()
                    + ") must be a number, got '" + v + "'";
        }
        return null;
    }
}
