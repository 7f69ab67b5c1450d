package io.tributary.core.kafka;

import io.tributary.core.event.DeadLetter;
import io.tributary.core.event.EventEnvelope;
import io.tributary.core.event.ParsedRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits parsed records: events go on, dead letters go to {@link #DEAD_LETTERS} and are counted in the
 * {@code deadLetters} metric (and {@code eventsIn} counts the good ones).
 */
public final class DeadLetterRouter extends ProcessFunction<ParsedRecord, EventEnvelope> {
    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private transient Counter deadLetters;
    private transient Counter eventsIn;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
        eventsIn = getRuntimeContext().getMetricGroup().counter("eventsIn");
    }

    @Override
    public void processElement(ParsedRecord record, Context ctx, Collector<EventEnvelope> out) {
        if (record.isEvent()) {
            eventsIn.inc();
            out.collect(record.getEvent());
        } else {
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, record.getDeadLetter());
        }
    }
}
