package io.tributary.features.training;

import io.tributary.features.training.TrainingSetQuery.FeatureJoin;
import io.tributary.testing.FlinkMiniCluster;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The nine point-in-time cases of shared/notes/data.md (after Feast's historical retrieval tests), on Iceberg tables
 * read by Flink SQL in batch mode. Times are hours after 2001-01-01T00:00Z.
 */
class PointInTimeJoinITCase {
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();
    static TableEnvironment tEnv;

    static String at(String hhmm) { return "TO_TIMESTAMP_LTZ(" + (978_307_200_000L + Long.parseLong(hhmm.substring(0, 2)) * 3_600_000L
            + Long.parseLong(hhmm.substring(3)) * 60_000L) + ", 3)"; }

    @BeforeAll
    static void offlineStore() throws Exception {
        tEnv = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        tEnv.getConfig().set("table.local-time-zone", "UTC");
        String wh = Files.createTempDirectory("pit").toUri().toString();
        tEnv.executeSql("CREATE CATALOG t WITH ('type' = 'iceberg', 'catalog-type' = 'hadoop', 'warehouse' = '" + wh + "')");
        tEnv.executeSql("CREATE DATABASE t.features");
        tEnv.executeSql("CREATE TABLE t.features.origin_1h (origin STRING, window_end TIMESTAMP_LTZ(6), event_count BIGINT, mean_delay DOUBLE)");
        tEnv.executeSql("CREATE TABLE t.features.other (origin STRING, window_end TIMESTAMP_LTZ(6), event_count BIGINT, mean_delay DOUBLE)");
        tEnv.executeSql("CREATE TABLE t.features.global_1h (window_end TIMESTAMP_LTZ(6), event_count BIGINT, flights BIGINT)");
        tEnv.executeSql("CREATE TABLE t.features.labels (id BIGINT, origin STRING, destination STRING, label_ts TIMESTAMP_LTZ(6), label INT)");
        tEnv.executeSql("INSERT INTO t.features.origin_1h VALUES "
                + "('ORD', " + at("01:00") + ", 5, 10.0), ('ORD', " + at("02:00") + ", 3, 20.0), "
                + "('ORD', " + at("02:00") + ", 4, 21.0), ('ORD', " + at("03:00") + ", 1, 30.0), "
                + "('LAX', " + at("01:00") + ", 2, 5.0), ('SFO', " + at("00:00") + ", 1, 7.0)").await();
        tEnv.executeSql("INSERT INTO t.features.other VALUES ('SFO', " + at("00:00") + ", 1, 70.0), ('ORD', " + at("01:00") + ", 1, 11.0)").await();
        tEnv.executeSql("INSERT INTO t.features.global_1h VALUES (" + at("01:00") + ", 9, 100), (" + at("02:00") + ", 9, 200)").await();
        tEnv.executeSql("INSERT INTO t.features.labels VALUES "
                + "(1, 'ORD', 'LAX', " + at("02:30") + ", 1), (2, 'ORD', 'SFO', " + at("03:00") + ", 0), "
                + "(3, 'ORD', 'LAX', " + at("00:30") + ", 1), (4, 'SFO', 'ORD', " + at("03:00") + ", 0), "
                + "(5, 'LAX', 'SFO', " + at("03:00") + ", 1)").await();
    }

    static FeatureJoin origin(Duration ttl) {
        return FeatureJoin.of("t.features.origin_1h").on("origin", "origin").ttl(ttl).features("mean_delay").prefix("origin");
    }

    /** Training rows by label id: column name to value. */
    static Map<Long, Map<String, Object>> run(TrainingSetQuery q) throws Exception {
        Map<Long, Map<String, Object>> out = new HashMap<>();
        var result = tEnv.executeSql(q.sql());
        var names = result.getResolvedSchema().getColumnNames();
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row r = it.next();
                Map<String, Object> m = new HashMap<>();
                for (int i = 0; i < names.size(); i++) m.put(names.get(i), r.getField(i));
                assertThat(out.put((Long) m.get("id"), m)).as("one training row per label").isNull();
            }
        }
        assertThat(out).hasSize(5);
        return out;
    }

    @Test
    void case1AsOfJoinTakesTheLatestRowWithinTheTtlBothEndsInclusive() throws Exception {
        var rows = run(TrainingSetQuery.builder("t.features.labels", "id", "label_ts").join(origin(Duration.ofHours(2))).build());
        assertThat(rows.get(1L).get("origin__mean_delay")).isEqualTo(21.0);   // 02:30 -> the 02:00 row
        assertThat(rows.get(2L).get("origin__mean_delay")).isEqualTo(30.0);   // 03:00 -> the 03:00 row (upper end)
        assertThat(rows.get(5L).get("origin__mean_delay")).isEqualTo(5.0);    // 03:00 - 2 h = 01:00 (lower end)
        assertThat(rows.get(5L).get("origin__status")).isEqualTo("PRESENT");
    }

    @Test
    void case2ZeroTtlIsUnbounded() throws Exception {
        var rows = run(TrainingSetQuery.builder("t.features.labels", "id", "label_ts").join(origin(Duration.ZERO)).build());
        assertThat(rows.get(4L).get("origin__mean_delay")).isEqualTo(7.0); // 3 h old, still taken
        assertThat(rows.get(4L).get("origin__status")).isEqualTo("PRESENT");
    }

    @Test
    void case3SameEventTimeTheLaterCreatedRowWins() throws Exception {
        var rows = run(TrainingSetQuery.builder("t.features.labels", "id", "label_ts").join(origin(Duration.ofHours(2))).build());
        assertThat(rows.get(1L).get("origin__mean_delay")).isEqualTo(21.0); // event_count 4 beats 3 at 02:00
    }

    @Test
    void case4ALaterEventTimeBeatsALaterCreation() throws Exception {
        var rows = run(TrainingSetQuery.builder("t.features.labels", "id", "label_ts").join(origin(Duration.ofHours(2))).build());
        assertThat(rows.get(2L).get("origin__mean_delay")).isEqualTo(30.0); // 03:00 (count 1) beats 02:00 (count 4)
    }

    @Test
    void case5NoMatchGivesNullsAndAStatusNeverAFutureRow() throws Exception {
        var rows = run(TrainingSetQuery.builder("t.features.labels", "id", "label_ts").join(origin(Duration.ofHours(2))).build());
        assertThat(rows.get(3L).get("origin__mean_delay")).isNull(); // 00:30: ORD rows start at 01:00
        assertThat(rows.get(3L).get("origin__status")).isEqualTo("NOT_FOUND");
        assertThat(rows.get(4L).get("origin__mean_delay")).isNull(); // SFO's only row is 3 h old, TTL 2 h
        assertThat(rows.get(4L).get("origin__status")).isEqualTo("OUTSIDE_MAX_AGE");
    }

    @Test
    void case6DifferentViewsDifferentTtls() throws Exception {
        var rows = run(TrainingSetQuery.builder("t.features.labels", "id", "label_ts")
                .join(origin(Duration.ofHours(2)))
                .join(FeatureJoin.of("t.features.other").on("origin", "origin").ttl(Duration.ZERO).features("mean_delay").prefix("other"))
                .build());
        assertThat(rows.get(4L).get("origin__status")).isEqualTo("OUTSIDE_MAX_AGE");
        assertThat(rows.get(4L).get("other__mean_delay")).isEqualTo(70.0);
        assertThat(rows.get(4L).get("other__status")).isEqualTo("PRESENT");
    }

    @Test
    void case7TheSameViewJoinedTwiceUnderDifferentKeys() throws Exception {
        var rows = run(TrainingSetQuery.builder("t.features.labels", "id", "label_ts")
                .join(origin(Duration.ofHours(2)))
                .join(FeatureJoin.of("t.features.origin_1h").on("destination", "origin").ttl(Duration.ofHours(2))
                        .features("mean_delay").prefix("dest"))
                .build());
        assertThat(rows.get(1L).get("origin__mean_delay")).isEqualTo(21.0); // ORD
        assertThat(rows.get(1L).get("dest__mean_delay")).isEqualTo(5.0);    // LAX
        assertThat(rows.get(4L).get("dest__mean_delay")).isEqualTo(30.0);   // destination ORD at 03:00
    }

    @Test
    void case8AViewWithoutEntityKeysJoinsByTimeOnly() throws Exception {
        var rows = run(TrainingSetQuery.builder("t.features.labels", "id", "label_ts")
                .join(FeatureJoin.of("t.features.global_1h").ttl(Duration.ofHours(6)).features("flights")).build());
        assertThat(rows.get(1L).get("flights")).isEqualTo(200L);
        assertThat(rows.get(5L).get("flights")).isEqualTo(200L);
        assertThat(rows.get(3L).get("flights")).isNull();
    }

    @Test
    void case9TheSameFeatureNameFromTwoViewsIsAnErrorUnlessQualified() throws Exception {
        assertThatThrownBy(() -> TrainingSetQuery.builder("t.features.labels", "id", "label_ts")
                .join(FeatureJoin.of("t.features.origin_1h").on("origin", "origin").features("mean_delay"))
                .join(FeatureJoin.of("t.features.other").on("origin", "origin").features("mean_delay"))
                .build())
                .hasMessage("column 'mean_delay' would come from both t.features.origin_1h and t.features.other: "
                        + "qualify the joins' names with prefix(...)");
        var rows = run(TrainingSetQuery.builder("t.features.labels", "id", "label_ts")
                .join(FeatureJoin.of("t.features.origin_1h").on("origin", "origin").features("mean_delay").prefix("a"))
                .join(FeatureJoin.of("t.features.other").on("origin", "origin").features("mean_delay").prefix("b"))
                .build());
        assertThat(rows.get(1L)).containsEntry("a__mean_delay", 21.0).containsEntry("b__mean_delay", 11.0);
    }

    /** Point-in-time debugging: which window served each label, also when it was too old to use. */
    @Test
    void theWindowEndFoundIsCarriedForPresentAndTooOldRowsAndNullWhenNoneWas() throws Exception {
        var rows = run(TrainingSetQuery.builder("t.features.labels", "id", "label_ts").join(origin(Duration.ofHours(2)).withWindowEnd()).build());
        assertThat(instant(rows.get(1L).get("origin__window_end"))).isEqualTo("2001-01-01T02:00:00Z"); // PRESENT
        assertThat(instant(rows.get(4L).get("origin__window_end"))).isEqualTo("2001-01-01T00:00:00Z"); // OUTSIDE_MAX_AGE: 3 h old
        assertThat(rows.get(4L).get("origin__mean_delay")).isNull();
        assertThat(rows.get(3L).get("origin__window_end")).isNull();                                     // NOT_FOUND
        assertThat(TrainingSetQuery.builder("t.features.labels", "id", "label_ts").join(origin(Duration.ofHours(2)).withWindowEnd())
                .build().outputColumns()).containsExactly("origin__status", "origin__window_end", "origin__mean_delay");
    }

    private static String instant(Object v) {
        return v instanceof java.time.Instant i ? i.toString() : String.valueOf(v);
    }
}
