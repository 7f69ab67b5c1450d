package io.tributary.features.sql;

import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.aggregate.Aggregator;
import io.tributary.features.aggregate.Aggregators;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.AggregateFunction;

import java.time.Instant;

/**
 * {@code last_by_time(x, ts)}: the value of the row with the latest event time (ties: the later arrival), as text:
 * the LAST aggregation of the Java feature views (Flink's LAST_VALUE goes by arrival order instead).
 */
public final class LastByTime extends AggregateFunction<String, LastByTime.Acc> {
    private static final long serialVersionUID = 1L;
    private static final Aggregator<?> LAST = Aggregators.of(Aggregation.LAST);

    /** The accumulator: the LAST IR {event time, arrival, value} and an arrival counter. */
    public static final class Acc {
        public long time = Long.MIN_VALUE;
        public long arrival = Long.MIN_VALUE;
        public String value;
        public long seen;
    }

    @Override
    public Acc createAccumulator() { return new Acc(); }

    public void accumulate(Acc acc, @DataTypeHint(inputGroup = InputGroup.ANY) Object value, Instant ts) {
        if (value == null || ts == null) return;
        acc.seen++;
        Object[] ir = (Object[]) Aggregators.updateLast(LAST, new Object[] {acc.time, acc.arrival, acc.value}, value,
                ts.toEpochMilli(), acc.seen);
        acc.time = (Long) ir[0];
        acc.arrival = (Long) ir[1];
        acc.value = (String) ir[2];
    }

    public void merge(Acc acc, Iterable<Acc> others) {
        for (Acc o : others) {
            if (o.time > acc.time || (o.time == acc.time && o.arrival >= acc.arrival && o.value != null)) {
                acc.time = o.time;
                acc.arrival = o.arrival;
                acc.value = o.value;
            }
            acc.seen += o.seen;
        }
    }

    @Override
    public String getValue(Acc acc) { return acc.value; }
}
