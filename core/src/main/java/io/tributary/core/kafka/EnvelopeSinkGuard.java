package io.tributary.core.kafka;

import io.tributary.core.event.DeadLetter;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.EventSerde;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;

/**
 * Serializes events for an {@code events.*} topic (keyed by entity, stamped with event time) and sends the ones the
 * broker would refuse ({@link SinkLimits}) to {@link DeadLetterRouter#DEAD_LETTERS} instead, counted in
 * {@code sinkRefusals}.
 */
public final class EnvelopeSinkGuard extends ProcessFunction<EventEnvelope, SerializedRecord> {
    private static final long serialVersionUID = 1L;

    private final EventSerde serde;
    private final SinkLimits limits;
    private final String sourceTopic;
    private final String stage;
    private transient Counter refusals;

    /** {@code sourceTopic} and {@code stage} label the dead letters. */
    public EnvelopeSinkGuard(EventSerde serde, SinkLimits limits, String sourceTopic, String stage) {
        this.serde = serde;
        this.limits = limits;
        this.sourceTopic = sourceTopic;
        this.stage = stage;
    }

    @Override
    public void open(OpenContext openContext) {
        refusals = getRuntimeContext().getMetricGroup().counter("sinkRefusals");
    }

    @Override
    public void processElement(EventEnvelope e, Context ctx, Collector<SerializedRecord> out) {
        byte[] key = e.getKey().getBytes(StandardCharsets.UTF_8);
        byte[] value = serde.serialize(e);
        String violation = limits.violation(key, value, e.getEventTimeMillis());
        if (violation == null) {
            out.collect(new SerializedRecord(key, value, e.getEventTimeMillis()));
            return;
        }
        refusals.inc();
        ctx.output(DeadLetterRouter.DEAD_LETTERS, DeadLetter.of(sourceTopic, -1, -1, e.getEventTimeMillis(), stage, violation,
                key, value, EnvelopeDeserializationSchema.DEAD_LETTER_MAX_VALUE_BYTES, System.currentTimeMillis()));
    }
}
