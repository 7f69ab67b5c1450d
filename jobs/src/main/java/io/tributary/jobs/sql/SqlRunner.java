package io.tributary.jobs.sql;

import io.tributary.core.sql.SqlScript;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** Runs a script statement by statement through an executor, printing each result, stopping at the first failure. */
public final class SqlRunner {
    private SqlRunner() {}

    /**
     * @throws SqlStatementException naming the failing statement and the server's message
     */
    public static int run(String script, Function<SqlScript.Statement, StatementResult> executor, PrintStream out) {
        List<SqlScript.Statement> statements = SqlScript.split(script);
        int i = 0;
        for (SqlScript.Statement st : statements) {
            i++;
            out.println("-- [" + i + "/" + statements.size() + "] line " + st.line() + ": " + st.summary());
            StatementResult r;
            try {
                r = executor.apply(st);
            } catch (SqlStatementException e) {
                throw e;
            } catch (io.tributary.jobs.cluster.RestException e) {
                throw new SqlStatementException(st, i, e.getMessage(), e);
            } catch (RuntimeException e) {
                throw new SqlStatementException(st, i, io.tributary.jobs.cluster.ErrorText.rootCause(message(e)), e);
            }
            out.println(r.format());
            out.println();
        }
        return statements.size();
    }

    /** Default limits for printing query results. */
    public static final int DEFAULT_MAX_ROWS = 100;
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(60);

    private static String message(Throwable e) {
        // Flink wraps the useful message several levels deep; keep the whole chain for rootCause()
        StringBuilder sb = new StringBuilder(e.toString());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) sb.append("\nCaused by: ").append(c);
        return sb.toString();
    }
}
