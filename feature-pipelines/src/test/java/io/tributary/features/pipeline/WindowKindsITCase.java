package io.tributary.features.pipeline;

import io.tributary.core.event.EventEnvelope;
import io.tributary.features.aggregate.Aggregation;
import io.tributary.features.view.FeatureView;
import io.tributary.features.view.WindowSpec;
import io.tributary.testing.FlinkMiniCluster;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.data.RowData;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Hopping and session windows of the Java API, against hand-computed expectations. */
class WindowKindsITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();
    static final long M = 60_000L;

    static List<String> run(FeatureView view, List<EventEnvelope> events) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        List<String> out = new ArrayList<>();
        var rows = FeatureViewPipeline.aggregate(env.fromData(events, TypeInformation.of(EventEnvelope.class)), view).rows();
        try (var it = rows.executeAndCollect()) {
            while (it.hasNext()) {
                RowData r = it.next();
                out.add(FeatureRows.entity(view, r) + " [" + r.getTimestamp(FeatureRows.windowStartIndex(view), 6).getMillisecond() / M
                        + "," + FeatureRows.windowEnd(view, r) / M + ") n=" + r.getLong(FeatureRows.eventCountIndex(view))
                        + " sum=" + FeatureRows.featureValue(view, r, 0));
            }
        }
        return new ArrayList<>(new TreeSet<>(out));
    }

    static EventEnvelope at(long minute, String key, int x) {
        return new EventEnvelope("t", key, minute * M, Map.of("k", key, "x", x));
    }

    @Test
    void hoppingWindowsCountEachEventInEveryWindowThatCoversIt() throws Exception {
        FeatureView view = FeatureView.builder("hop").source("events.t").entityKeys("k")
                .window(WindowSpec.hopping(Duration.ofMinutes(10), Duration.ofMinutes(5)))
                .feature("sum_x", Aggregation.SUM, "x", "").build();
        List<String> rows = run(view, List.of(at(1, "a", 1), at(6, "a", 10), at(12, "a", 100)));
        assertThat(rows).containsExactly(
                "a [-5,5) n=1 sum=1.0",
                "a [0,10) n=2 sum=11.0",
                "a [10,20) n=1 sum=100.0",
                "a [5,15) n=2 sum=110.0");
    }

    @Test
    void sessionWindowsCloseAfterAGapAndMergeAcrossLateBridges() throws Exception {
        FeatureView view = FeatureView.builder("sess").source("events.t").entityKeys("k")
                .window(WindowSpec.session(Duration.ofMinutes(10)))
                .maxOutOfOrderness(Duration.ofMinutes(30))
                .feature("sum_x", Aggregation.SUM, "x", "").build();
        // a: 0, 5 and 30 -> sessions [0,15) and [30,40); b: 0 and 18, then 9 arrives and bridges them into [0,28)
        List<String> rows = run(view, List.of(at(0, "a", 1), at(0, "b", 1), at(5, "a", 2), at(18, "b", 2),
                at(30, "a", 4), at(9, "b", 4)));
        assertThat(rows).containsExactly(
                "a [0,15) n=2 sum=3.0",
                "a [30,40) n=1 sum=4.0",
                "b [0,28) n=3 sum=7.0");
    }
}
