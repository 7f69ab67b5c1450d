package io.tributary.inference.sql;

import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Shared by the ML_PREDICT tests: the sklearn models of core's test-jar, their expected scores, SQL plumbing. */
final class SqlModels {
    private SqlModels() {}

    static byte[] bytes(String resource) throws IOException {
        try (InputStream in = Objects.requireNonNull(SqlModels.class.getClassLoader().getResourceAsStream(resource), resource)) {
            return in.readAllBytes();
        }
    }

    /** Rows of {@code models/<name>.expected.csv}: x0, x1, x2, p1 (sklearn's predict_proba). */
    static List<double[]> expected(String name) throws IOException {
        List<double[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                Objects.requireNonNull(SqlModels.class.getClassLoader().getResourceAsStream("models/" + name + ".expected.csv")),
                StandardCharsets.UTF_8))) {
            r.readLine();
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) rows.add(Arrays.stream(line.split(",")).mapToDouble(Double::parseDouble).toArray());
            }
        }
        return rows;
    }

    /** A streaming TableEnvironment (ML_PREDICT is planned for streaming only in Flink 2.2) on the test's MiniCluster. */
    static TableEnvironment tableEnv() {
        TableEnvironment env = TableEnvironment.create(EnvironmentSettings.inStreamingMode());
        env.getConfig().set("parallelism.default", "2");
        return env;
    }

    /** Registers view {@code name}(id INT, x0 DOUBLE, x1 DOUBLE, x2 DOUBLE) holding the expected rows. */
    static void featureView(TableEnvironment env, String name, List<double[]> rows) {
        List<Row> values = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) values.add(Row.of(i, rows.get(i)[0], rows.get(i)[1], rows.get(i)[2]));
        Table t = env.fromValues(DataTypes.ROW(
                DataTypes.FIELD("id", DataTypes.INT()),
                DataTypes.FIELD("x0", DataTypes.DOUBLE()),
                DataTypes.FIELD("x1", DataTypes.DOUBLE()),
                DataTypes.FIELD("x2", DataTypes.DOUBLE())), values);
        env.createTemporaryView(name, t);
    }

    /** Runs a query whose first column is the row id and second the score; returns score by id. */
    static Map<Integer, Double> scores(TableEnvironment env, String query) throws Exception {
        Map<Integer, Double> out = new TreeMap<>();
        try (CloseableIterator<Row> it = env.executeSql(query).collect()) {
            while (it.hasNext()) {
                Row r = it.next();
                Object p = r.getField(1);
                assertThat(out.put((Integer) r.getField(0), p == null ? null : ((Number) p).doubleValue())).isNull();
            }
        }
        return out;
    }

    static void assertScores(Map<Integer, Double> scores, List<double[]> expected) {
        assertThat(scores).hasSize(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(scores.get(i)).as("row %d", i).isCloseTo(expected.get(i)[3], within(1e-6));
        }
    }

    /** Every message in {@code t}'s cause chain, outermost first. */
    static List<String> messages(Throwable t) {
        List<String> out = new ArrayList<>();
        for (Throwable c = t; c != null && out.size() < 100; c = c.getCause()) out.add(String.valueOf(c.getMessage()));
        return out;
    }
}
