package io.tributary.jobs.sql;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `tributary sql --local`: an embedded TableEnvironment (a real MiniCluster in this JVM). */
class LocalSqlExecutorTest {
    @Test
    void runsABoundedScriptAndReturnsRows() {
        LocalSqlExecutor exec = new LocalSqlExecutor(true, 10);
        List<StatementResult> results = new ArrayList<>();
        int n = SqlRunner.run("""
                CREATE TABLE nums (n BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '20',
                  'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '20');
                SELECT SUM(n) AS total, COUNT(*) AS cnt FROM nums;
                SELECT n FROM nums;
                """, st -> {
            StatementResult r = exec.execute(st);
            results.add(r);
            return r;
        }, new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        assertThat(n).isEqualTo(3);
        assertThat(results.get(1).columns()).containsExactly("total", "cnt");
        assertThat(results.get(1).rows()).containsExactly(List.of("210", "20"));
        assertThat(results.get(2).rows()).hasSize(10);
        assertThat(results.get(2).truncated()).isTrue();
    }

    @Test
    void aBadStatementGetsAMessageThatNamesTheProblem() {
        LocalSqlExecutor exec = new LocalSqlExecutor(true, 10);
        assertThatThrownBy(() -> SqlRunner.run("SELECT * FROM missing_table;", exec::execute,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
                .isInstanceOf(SqlStatementException.class)
                .hasMessageContaining("statement 1 (line 1: SELECT * FROM missing_table)")
                .hasMessageContaining("ValidationException")
                .hasMessageContaining("Object 'missing_table' not found");
        assertThatThrownBy(() -> SqlRunner.run("SELEC 1;", exec::execute,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
                .hasMessageContaining("SqlParserException")
                .hasMessageContaining("SELEC");
    }

    /** When the onnx provider refuses a model at planning, the message is the provider's reason, not only Flink's. */
    @Test
    void aRefusedModelProviderGivesItsReason(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path model = dir.resolve("regression.onnx");
        try (var in = getClass().getResourceAsStream("/models/regression_linear_3f.onnx")) {
            java.nio.file.Files.write(model, in.readAllBytes());
        }
        LocalSqlExecutor exec = new LocalSqlExecutor(false, 10);
        String script = "CREATE TEMPORARY VIEW t AS SELECT * FROM (VALUES (1.0, 2.0, 3.0)) AS v(x0, x1, x2);\n"
                + "CREATE MODEL m INPUT (x0 DOUBLE, x1 DOUBLE, x2 DOUBLE) OUTPUT (p DOUBLE) "
                + "WITH ('provider' = 'onnx', 'path' = '" + model + "');\n"
                + "SELECT * FROM ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(x0, x1, x2));";
        assertThatThrownBy(() -> SqlRunner.run(script, exec::execute, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
                .isInstanceOf(SqlStatementException.class)
                .hasMessageContaining("Unable to create a model provider for model 'default_catalog.default_database.m': "
                        + "ValidationException: model default_catalog.default_database.m: OUTPUT (p DOUBLE) must name the model's "
                        + "outputs, which are variable (1 value per row)");
    }

    @Test
    void writesEveryRowOfEachQueryToCsvJsonOrParquet(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        String script = """
                CREATE TABLE nums (n BIGINT, label STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '250',
                  'fields.n.kind' = 'sequence', 'fields.n.start' = '1', 'fields.n.end' = '250', 'fields.label.length' = '3');
                SELECT n, n % 2 = 0 AS even, CASE WHEN n = 1 THEN 'a,"b"' ELSE CAST(NULL AS STRING) END AS note FROM nums;
                SELECT COUNT(*) AS cnt FROM nums;
                """;
        java.io.PrintStream quiet = new java.io.PrintStream(java.io.OutputStream.nullOutputStream());
        java.nio.file.Path csv = dir.resolve("rows.csv");
        SqlRunner.run(script, new LocalSqlExecutor(true, 10, csv)::execute, quiet);
        List<String> lines = java.nio.file.Files.readAllLines(csv);
        assertThat(lines).hasSize(251); // all rows, not --max-rows
        assertThat(lines.get(0)).isEqualTo("n,even,note");
        assertThat(lines).contains("1,false,\"a,\"\"b\"\"\"", "2,true,");
        assertThat(java.nio.file.Files.readAllLines(dir.resolve("rows-2.csv"))).containsExactly("cnt", "250");

        java.nio.file.Path json = dir.resolve("rows.json");
        SqlRunner.run(script, new LocalSqlExecutor(false, 10, json)::execute, quiet);
        List<String> objects = java.nio.file.Files.readAllLines(json);
        assertThat(objects).hasSize(250).contains("{\"op\":\"+I\",\"n\":2,\"even\":true,\"note\":null}");
        // a streaming aggregate is a changelog: every update is there, the last one is the total
        List<String> counts = java.nio.file.Files.readAllLines(dir.resolve("rows-2.json"));
        assertThat(counts.get(counts.size() - 1)).isEqualTo("{\"op\":\"+U\",\"cnt\":250}");

        java.nio.file.Path parquet = dir.resolve("rows.parquet");
        SqlRunner.run(script, new LocalSqlExecutor(true, 10, parquet)::execute, quiet);
        LocalSqlExecutor reader = new LocalSqlExecutor(true, 10);
        List<StatementResult> back = new ArrayList<>();
        SqlRunner.run("CREATE TABLE back (n BIGINT, even BOOLEAN, note STRING) WITH ('connector' = 'filesystem', 'path' = '"
                + parquet.toUri() + "', 'format' = 'parquet');\nSELECT COUNT(*), SUM(n), COUNT(note) FROM back;", st -> {
            StatementResult r = reader.execute(st);
            back.add(r);
            return r;
        }, quiet);
        assertThat(back.get(1).rows()).containsExactly(List.of("250", "31375", "1"));

        assertThatThrownBy(() -> new LocalSqlExecutor(false, 10, parquet)).hasMessageContaining("Parquet is written in batch mode only");
        assertThatThrownBy(() -> new LocalSqlExecutor(true, 10, dir.resolve("rows.txt"))).hasMessageContaining(".csv, .json");
    }
}
