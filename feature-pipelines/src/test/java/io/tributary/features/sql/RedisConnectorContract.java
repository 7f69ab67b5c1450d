package io.tributary.features.sql;

import io.tributary.core.features.FeatureStatus;
import io.tributary.core.features.FeatureStoreClient;
import io.tributary.core.features.FeatureValue;
import io.tributary.core.features.FeatureViewInfo;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code 'connector' = 'redis'} in Flink SQL: upsert sink with compare-and-set, lookup joins with a cache. */
abstract class RedisConnectorContract {
    @org.junit.jupiter.api.extension.RegisterExtension
    static final org.apache.flink.test.junit5.MiniClusterExtension FLINK = io.tributary.testing.FlinkMiniCluster.extension();

    abstract String uri();

    private TableEnvironment tEnv() {
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inBatchMode());
        t.getConfig().set("table.local-time-zone", "UTC");
        t.executeSql("CREATE TABLE route_stats (origin STRING, destination STRING, window_start TIMESTAMP_LTZ(3), "
                + "window_end TIMESTAMP_LTZ(3), event_count BIGINT, late_rate DOUBLE, carrier STRING, "
                + "PRIMARY KEY (origin, destination) NOT ENFORCED) WITH ('connector' = 'redis', 'uri' = '" + uri() + "', "
                + "'view' = 'route_stats', 'view-version' = 'sql1', 'lookup.cache' = 'PARTIAL', "
                + "'lookup.partial-cache.max-rows' = '100', 'lookup.partial-cache.expire-after-write' = '1 min')");
        return t;
    }

    @Test
    void sinkWritesTheOnlineLayoutAndNeverGoesBackInTime() throws Exception {
        TableEnvironment t = tEnv();
        t.executeSql("INSERT INTO route_stats VALUES "
                + "('ORD', 'LAX', TO_TIMESTAMP_LTZ(3600000, 3), TO_TIMESTAMP_LTZ(7200000, 3), CAST(4 AS BIGINT), 0.25, 'UA'), "
                + "('SFO', 'JFK', TO_TIMESTAMP_LTZ(0, 3), TO_TIMESTAMP_LTZ(3600000, 3), CAST(2 AS BIGINT), CAST(NULL AS DOUBLE), 'AA')").await();
        // an older window for ORD|LAX arrives late: compare-and-set keeps the newer one
        t.executeSql("INSERT INTO route_stats VALUES "
                + "('ORD', 'LAX', TO_TIMESTAMP_LTZ(0, 3), TO_TIMESTAMP_LTZ(3600000, 3), CAST(9 AS BIGINT), 0.9, 'XX')").await();

        FeatureViewInfo info = new FeatureViewInfo("route_stats", "sql1", "events.flights", List.of("origin", "destination"),
                "TUMBLE(3600000)", List.of(new FeatureViewInfo.Feature("late_rate", "DOUBLE", "RATE", ""),
                new FeatureViewInfo.Feature("carrier", "STRING", "LAST", "")), Duration.ZERO, "", "");
        try (FeatureStoreClient client = new FeatureStoreClient(uri(), "tributary", List.of(info))) {
            Map<String, Map<String, FeatureValue>> v = client.getOnlineFeatures("route_stats", List.of(),
                    List.of("ORD|LAX", "SFO|JFK"), Instant.ofEpochMilli(7_200_000));
            assertThat(v.get("ORD|LAX").get("late_rate")).isEqualTo(new FeatureValue("0.25", FeatureStatus.PRESENT, 7_200_000));
            assertThat(v.get("ORD|LAX").get("carrier").value()).isEqualTo("UA");
            assertThat(v.get("SFO|JFK").get("late_rate").status()).isEqualTo(FeatureStatus.NOT_FOUND); // null
            assertThat(v.get("SFO|JFK").get("carrier").value()).isEqualTo("AA");
        }
    }

    @Test
    void lookupJoinReturnsTypedRowsAndNothingForUnknownEntities() throws Exception {
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        t.getConfig().set("table.local-time-zone", "UTC");
        tEnvInto(t);
        t.executeSql("INSERT INTO route_stats VALUES ('DEN', 'SEA', TO_TIMESTAMP_LTZ(0, 3), TO_TIMESTAMP_LTZ(3600000, 3), "
                + "CAST(3 AS BIGINT), 0.5, 'WN')").await();
        t.executeSql("CREATE TABLE probes (o STRING, d STRING, pt AS PROCTIME()) WITH ('connector' = 'datagen', "
                + "'number-of-rows' = '1', 'fields.o.length' = '3', 'fields.d.length' = '3')");
        t.executeSql("CREATE TEMPORARY VIEW asks AS SELECT * FROM (VALUES ('DEN', 'SEA'), ('XXX', 'YYY'), ('DEN', 'SEA')) AS a(o, d)");
        List<Row> rows = new ArrayList<>();
        try (CloseableIterator<Row> it = t.executeSql("SELECT a.o, a.d, f.late_rate, f.carrier, f.event_count, f.window_end "
                + "FROM (SELECT o, d, PROCTIME() AS pt FROM asks) a "
                + "LEFT JOIN route_stats FOR SYSTEM_TIME AS OF a.pt AS f ON a.o = f.origin AND a.d = f.destination").collect()) {
            it.forEachRemaining(rows::add);
        }
        assertThat(rows).hasSize(3);
        Row den = rows.stream().filter(r -> "DEN".equals(r.getField(0))).findFirst().orElseThrow();
        assertThat(den.getField(2)).isEqualTo(0.5);
        assertThat(den.getField(3)).isEqualTo("WN");
        assertThat(den.getField(4)).isEqualTo(3L);
        assertThat(den.getField(5)).isEqualTo(Instant.ofEpochMilli(3_600_000));
        Row unknown = rows.stream().filter(r -> "XXX".equals(r.getField(0))).findFirst().orElseThrow();
        assertThat(unknown.getField(2)).isNull();
        assertThat(unknown.getField(3)).isNull();
    }

    @Test
    void badDefinitionsAndJoinsNameTheProblem() {
        TableEnvironment t = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        tEnvInto(t);
        t.executeSql("CREATE TABLE nokeys (a STRING, b DOUBLE) WITH ('connector' = 'redis', 'uri' = '" + uri() + "', 'view' = 'v')");
        assertThatThrownBy(() -> t.executeSql("INSERT INTO nokeys VALUES ('x', 1.0)"))
                .hasStackTraceContaining("declare the entity key columns with PRIMARY KEY");
        assertThatThrownBy(() -> t.executeSql("SELECT * FROM (SELECT 'DEN' AS o, PROCTIME() AS pt) a "
                + "JOIN route_stats FOR SYSTEM_TIME AS OF a.pt AS f ON a.o = f.origin").collect())
                .hasStackTraceContaining("must join on exactly its key columns [origin, destination]");
    }

    private void tEnvInto(TableEnvironment t) {
        t.executeSql("CREATE TABLE route_stats (origin STRING, destination STRING, window_start TIMESTAMP_LTZ(3), "
                + "window_end TIMESTAMP_LTZ(3), event_count BIGINT, late_rate DOUBLE, carrier STRING, "
                + "PRIMARY KEY (origin, destination) NOT ENFORCED) WITH ('connector' = 'redis', 'uri' = '" + uri() + "', "
                + "'view' = 'route_stats', 'lookup.cache' = 'PARTIAL', 'lookup.partial-cache.max-rows' = '100')");
    }
}
