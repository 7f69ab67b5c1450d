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
}
