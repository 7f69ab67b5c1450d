package io.tributary.jobs.sql;

import io.tributary.core.sql.SqlScript;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.ResultKind;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs statements in an embedded TableEnvironment (a MiniCluster in this JVM). Jobs started by INSERT are awaited,
 * since they end with this process: use it for bounded scripts and trying things out, the SQL Gateway for
 * long-running jobs.
 */
public final class LocalSqlExecutor {
    private final TableEnvironment tEnv;
    private final int maxRows;
    private final boolean batch;
    private final QueryOutput output;

    public LocalSqlExecutor(boolean batch, int maxRows) {
        this(batch, maxRows, null);
    }

    /**
     * @param output where every row of the script's queries goes instead of the first {@code maxRows} printed (see
     *               {@link QueryOutput}); null to print
     * @throws IllegalArgumentException for an output format the mode cannot write (Parquet needs batch mode)
     */
    public LocalSqlExecutor(boolean batch, int maxRows, java.nio.file.Path output) {
        this.tEnv = TableEnvironment.create(batch ? EnvironmentSettings.inBatchMode() : EnvironmentSettings.inStreamingMode());
        this.maxRows = maxRows;
        this.batch = batch;
        this.output = output == null ? null : QueryOutput.to(output);
        if (this.output != null && this.output.format() == QueryOutput.Format.PARQUET && !batch) {
            throw new IllegalArgumentException("--output " + output + ": Parquet is written in batch mode only; add --batch, or write .csv or .json");
        }
    }

    public TableEnvironment tableEnvironment() { return tEnv; }

    public StatementResult execute(SqlScript.Statement statement) {
        if (output != null && output.format() == QueryOutput.Format.PARQUET && isQuery(statement.sql())) {
            java.nio.file.Path to = output.next();
            try {
                String jobId = QueryOutput.writeParquet(tEnv, statement.sql(), to, output.queries());
                return StatementResult.note("all rows written to " + to + " (a directory of Parquet files)", jobId);
            } catch (Exception e) {
                throw e instanceof RuntimeException re ? re : new RuntimeException(e);
            }
        }
        java.util.Optional<TableResult> maybe = io.tributary.features.sql.EmbeddedSql.execute(tEnv, statement.sql());
        if (maybe.isEmpty()) return new StatementResult(List.of(), List.of(), null, false);
        TableResult r = maybe.get();
        String jobId = r.getJobClient().map(c -> c.getJobID().toString()).orElse(null);
        List<String> columns = new ArrayList<>(r.getResolvedSchema().getColumnNames());
        List<List<String>> rows = new ArrayList<>();
        boolean truncated = false;
        if (r.getResultKind() == ResultKind.SUCCESS && jobId == null) return new StatementResult(List.of(), List.of(), null, false);
        boolean isInsert = jobId != null && columns.size() >= 1 && statement.sql().strip().toUpperCase().matches("(?s)^(INSERT|EXECUTE).*");
        if (isInsert) {
            try {
                r.await();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            return new StatementResult(List.of(), List.of(), jobId, false);
        }
        if (output != null) {
            java.nio.file.Path to = output.next();
            try (CloseableIterator<Row> it = r.collect()) {
                long n = output.write(to, columns, it, !batch);
                return StatementResult.note(n + (n == 1 ? " row" : " rows") + " written to " + to, jobId);
            } catch (Exception e) {
                throw e instanceof RuntimeException re ? re : new RuntimeException(e);
            }
        }
        try (CloseableIterator<Row> it = r.collect()) {
            while (it.hasNext()) {
                if (rows.size() >= maxRows) { truncated = true; break; }
                Row row = it.next();
                List<String> values = new ArrayList<>();
                for (int i = 0; i < row.getArity(); i++) values.add(String.valueOf(row.getField(i)));
                values.add(0, row.getKind().shortString());
                rows.add(values);
            }
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
        return StatementResult.withChangelog(columns, rows, jobId, truncated);
    }

    /** A statement that returns rows: SELECT, WITH ... SELECT, VALUES (comments before it skipped). */
    static boolean isQuery(String sql) {
        String s = sql.strip().replaceAll("(?s)^(--[^\\n]*\\n\\s*|/\\*.*?\\*/\\s*)*", "").toUpperCase(java.util.Locale.ROOT);
        return s.startsWith("SELECT") || s.startsWith("WITH") || s.startsWith("VALUES") || s.startsWith("(");
    }
}
