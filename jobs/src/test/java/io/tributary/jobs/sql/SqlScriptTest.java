package io.tributary.jobs.sql;

import io.tributary.core.sql.SqlScript;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqlScriptTest {
    @Test
    void splitsAtTopLevelSemicolonsAndKeepsLineNumbers() {
        String script = """
                -- header comment; with a semicolon
                SET 'execution.runtime-mode' = 'batch';

                CREATE TABLE t (
                  s STRING COMMENT 'a;b', -- trailing; comment
                  `we;ird` INT
                ) WITH ('connector' = 'datagen');
                /* block; comment
                   over lines */
                SELECT 'it''s; fine', "x;y" FROM t;
                SELECT 1""";
        List<SqlScript.Statement> st = SqlScript.split(script);
        assertThat(st).hasSize(4);
        assertThat(st.get(0).sql()).isEqualTo("SET 'execution.runtime-mode' = 'batch'");
        assertThat(st.get(0).line()).isEqualTo(2);
        assertThat(st.get(1).sql()).startsWith("CREATE TABLE t (").contains("'a;b'").contains("`we;ird` INT").endsWith("('connector' = 'datagen')");
        assertThat(st.get(1).line()).isEqualTo(4);
        assertThat(st.get(2).sql()).endsWith("SELECT 'it''s; fine', \"x;y\" FROM t");
        assertThat(st.get(2).line()).isEqualTo(10);
        assertThat(st.get(3).sql()).isEqualTo("SELECT 1");
        assertThat(st.get(3).line()).isEqualTo(11);
    }

    @Test
    void aStatementSetIsOneStatement() {
        List<SqlScript.Statement> st = SqlScript.split("""
                CREATE VIEW v AS SELECT 1 AS x;
                EXECUTE STATEMENT SET
                BEGIN
                  INSERT INTO a SELECT * FROM v;
                  INSERT INTO b SELECT * FROM v;
                END;
                SELECT 2;""");
        assertThat(st).extracting(SqlScript.Statement::sql).containsExactly("CREATE VIEW v AS SELECT 1 AS x",
                "EXECUTE STATEMENT SET\nBEGIN\n  INSERT INTO a SELECT * FROM v;\nINSERT INTO b SELECT * FROM v;\nEND", "SELECT 2");
        assertThat(st.get(1).line()).isEqualTo(2);
        assertThatThrownBy(() -> SqlScript.split("EXECUTE STATEMENT SET BEGIN INSERT INTO a SELECT 1;"))
                .hasMessage("statement set starting on line 1 has no END");
    }

    @Test
    void emptyStatementsAndCommentOnlyScriptsYieldNothing() {
        assertThat(SqlScript.split(";;  ;\n-- only a comment\n")).isEmpty();
    }

    @Test
    void unterminatedQuotesAndCommentsAreReportedWithTheirLine() {
        assertThatThrownBy(() -> SqlScript.split("SELECT 1;\nSELECT 'oops;"))
                .hasMessage("unterminated ' quote starting on line 2");
        assertThatThrownBy(() -> SqlScript.split("SELECT 1; /* never closed"))
                .hasMessage("unterminated /* comment starting on line 1");
    }

    @Test
    void runnerNamesTheFailingStatementAndStops() {
        List<String> executed = new java.util.ArrayList<>();
        assertThatThrownBy(() -> SqlRunner.run("SELECT 1;\n\nSELECT boom;\nSELECT 3;", st -> {
            executed.add(st.sql());
            if (st.sql().contains("boom")) throw new IllegalStateException("Column 'boom' not found");
            return new StatementResult(List.of(), List.of(), null, false);
        }, new java.io.PrintStream(java.io.OutputStream.nullOutputStream())))
                .isInstanceOf(SqlStatementException.class)
                .hasMessage("statement 2 (line 3: SELECT boom) failed: IllegalStateException: Column 'boom' not found");
        assertThat(executed).containsExactly("SELECT 1", "SELECT boom");
    }

    @Test
    void changelogResultsGetAnOpColumnInsertOnlyOnesDoNot() {
        StatementResult insertOnly = StatementResult.withChangelog(List.of("n"), List.of(List.of("+I", "1")), null, false);
        assertThat(insertOnly.columns()).containsExactly("n");
        assertThat(insertOnly.rows()).containsExactly(List.of("1"));
        StatementResult changelog = StatementResult.withChangelog(List.of("n"),
                List.of(List.of("+I", "1"), List.of("-U", "1"), List.of("+U", "2")), null, false);
        assertThat(changelog.columns()).containsExactly("op", "n");
        assertThat(changelog.format()).contains("| +U | 2 |").contains("3 rows");
    }
}
