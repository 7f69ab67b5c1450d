package io.tributary.features.sql;

import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.aggregate.Aggregator;
import io.tributary.features.aggregate.Aggregators;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.AggregateFunction;

import java.time.Instant;

/**
 * {@code last_by_time(x, ts)}: the value of the row with the latest event time (ties: the greatest value), as text:
 * the LAST aggregation of the Java feature views (Flink's LAST_VALUE goes by arrival order instead).
 */
public final class LastByTime extends AggregateFunction<String, LastByTime.Acc> {
    private static final long serialVersionUID = 1L;
    private static final Aggregator<?> LAST = Aggregators.of(Aggregation.LAST);

    /** The accumulator: the LAST IR {event time, value}. */
    public static final class Acc {
        public long time = Long.MIN_VALUE;
        public String value;
    }

    @Override
    public Acc createAccumulator() { return new Acc(); }

    public void accumulate(Acc acc, @DataTypeHint(inputGroup = InputGroup.ANY) Object value, Instant ts) {
        if (value == null || ts == null) return;
        update(acc, value, ts.toEpochMilli());
    }

    public void merge(Acc acc, Iterable<Acc> others) {
        for (Acc o : others) if (o.value != null) update(acc, o.value, o.time);
    }

    private static void update(Acc acc, Object value, long time) {
        Object[] ir = (Object[]) Aggregators.updateLast(LAST, new Object[] {acc.time, 0L, acc.value}, value, time);
        acc.time = (Long) ir[0];
        acc.value = (String) ir[2];
    }

    @Override
    public String getValue(Acc acc) { return acc.value; }
}
