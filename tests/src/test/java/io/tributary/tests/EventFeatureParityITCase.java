package io.tributary.tests;

import io.tributary.core.event.EventEnvelope;
import io.tributary.inference.input.InputFeature;
import io.tributary.testing.FlightsSlice;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Training and serving compute the features of an event's own time and payload with the same code: the SQL that builds
 * the training examples (hour_of_day(ts), day_of_week(ts), CAST(distance AS DOUBLE)) and the scoring job's inputs
 * (time:hour_of_day, time:day_of_week, payload:distance) agree on a sample of the real-data slice, and agree with
 * Flink's built-in HOUR and DAYOFWEEK.
 */
class EventFeatureParityITCase {
    @Test
    void sqlExamplesAndScoringInputsAgreeOnTheSlice() throws Exception {
        // a sample (every 25th flight: 600 flights over all 30 hours): a VALUES table of all 15k would be a huge plan
        List<EventEnvelope> all = FlightsSlice.events();
        List<EventEnvelope> flights = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 25) flights.add(all.get(i));
        org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env =
                org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        org.apache.flink.table.api.bridge.java.StreamTableEnvironment tEnv = org.apache.flink.table.api.bridge.java.StreamTableEnvironment.create(env);
        tEnv.getConfig().setLocalTimeZone(java.time.ZoneOffset.UTC);
        tEnv.executeSql("CREATE TEMPORARY FUNCTION hour_of_day AS 'io.tributary.features.sql.EventTimeFunctions$HourOfDay'");
        tEnv.executeSql("CREATE TEMPORARY FUNCTION day_of_week AS 'io.tributary.features.sql.EventTimeFunctions$DayOfWeek'");
        List<Row> rows = new ArrayList<>();
        for (EventEnvelope e : flights) {
            rows.add(Row.of(e.getKey(), e.getEventTimeMillis(), ((Number) e.getPayload().get("distance")).intValue()));
        }
        var stream = env.fromData(rows).returns(org.apache.flink.api.common.typeinfo.Types.ROW_NAMED(new String[] {"k", "ms", "distance"},
                org.apache.flink.api.common.typeinfo.Types.STRING, org.apache.flink.api.common.typeinfo.Types.LONG,
                org.apache.flink.api.common.typeinfo.Types.INT));
        tEnv.createTemporaryView("raw_flights", tEnv.fromDataStream(stream));
        tEnv.executeSql("CREATE TEMPORARY VIEW flights AS SELECT k, TO_TIMESTAMP_LTZ(ms, 3) AS ts, distance FROM raw_flights");
        Map<String, double[]> sql = new HashMap<>();
        try (CloseableIterator<Row> it = tEnv.executeSql("SELECT k, hour_of_day(ts), day_of_week(ts), CAST(distance AS DOUBLE), "
                + "CAST(HOUR(CAST(ts AS TIMESTAMP(3))) AS DOUBLE), CAST(DAYOFWEEK(CAST(ts AS TIMESTAMP(3))) AS DOUBLE) FROM flights").collect()) {
            while (it.hasNext()) {
                Row r = it.next();
                sql.put((String) r.getField(0), new double[] {(Double) r.getField(1), (Double) r.getField(2), (Double) r.getField(3),
                        (Double) r.getField(4), (Double) r.getField(5)});
            }
        }
        InputFeature hour = InputFeature.parse("hour_of_day=time:hour_of_day");
        InputFeature weekday = InputFeature.parse("day_of_week=time:day_of_week");
        InputFeature distance = InputFeature.parse("distance=payload:distance");
        assertThat(sql).hasSize(flights.size());
        java.util.Set<Double> hours = new java.util.HashSet<>();
        for (EventEnvelope e : flights) {
            double[] s = sql.get(e.getKey());
            double h = hour.fromEvent(e.getPayload(), e.getEventTimeMillis());
            assertThat(h).as(e.toString()).isEqualTo(s[0]).isEqualTo(s[3]);
            assertThat(weekday.fromEvent(e.getPayload(), e.getEventTimeMillis())).as(e.toString()).isEqualTo(s[1]).isEqualTo(s[4]);
            assertThat(distance.fromEvent(e.getPayload(), e.getEventTimeMillis())).as(e.toString()).isEqualTo(s[2]);
            hours.add(h);
        }
        assertThat(hours).hasSizeGreaterThanOrEqualTo(20); // 30 hours of flights: (nearly) every hour of the day is compared
        assertThat(flights).hasSizeGreaterThan(500);
    }
}
