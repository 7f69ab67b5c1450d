package io.tributary.jobs.cli;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/** A small stateful job (a count per key) for savepoint and restore tests; throttled so it costs little CPU. */
public final class RestoreTestJob {
    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.fromSequence(0, Long.MAX_VALUE).uid("numbers")
                .map(x -> { Thread.sleep(5); return x; }).uid("throttle")
                .keyBy(x -> x % 4).map(new Count()).uid("count")
                .sinkTo(new DiscardingSink<>()).uid("discard");
        env.execute("restore test job");
    }

    static final class Count extends RichMapFunction<Long, Long> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Long.class));
        }

        @Override
        public Long map(Long x) throws Exception {
            long n = count.value() == null ? 1 : count.value() + 1;
            count.update(n);
            return n;
        }
    }
}
