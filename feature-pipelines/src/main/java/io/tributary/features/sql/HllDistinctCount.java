package io.tributary.features.sql;

import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.aggregate.Aggregator;
import io.tributary.features.aggregate.Aggregators;
import org.apache.flink.table.annotation.DataTypeHint;
import org.apache.flink.table.annotation.InputGroup;
import org.apache.flink.table.functions.AggregateFunction;

/**
 * {@code hll_distinct_count(x)}: approximate distinct count in Flink SQL, the same HLL aggregator (and IR) as the
 * Java feature views, so SQL and Java views give the same numbers. Register with
 * {@code CREATE TEMPORARY FUNCTION hll_distinct_count AS 'io.tributary.features.sql.HllDistinctCount'}.
 */
public final class HllDistinctCount extends AggregateFunction<Long, HllDistinctCount.Acc> {
    private static final long serialVersionUID = 1L;
    @SuppressWarnings("unchecked")
    private static final Aggregator<byte[]> HLL = (Aggregator<byte[]>) Aggregators.of(Aggregation.DISTINCT_COUNT);

    /** The accumulator: the HLL sketch image. */
    public static final class Acc {
        public byte[] image;
    }

    @Override
    public Acc createAccumulator() {
        Acc a = new Acc();
        a.image = HLL.init();
        return a;
    }

    public void accumulate(Acc acc, @DataTypeHint(inputGroup = InputGroup.ANY) Object value) {
        if (value != null) acc.image = HLL.update(acc.image, value);
    }

    public void merge(Acc acc, Iterable<Acc> others) {
        for (Acc o : others) acc.image = HLL.merge(acc.image, o.image);
    }

    @Override
    public Long getValue(Acc acc) { return (Long) HLL.finish(acc.image); }
}
