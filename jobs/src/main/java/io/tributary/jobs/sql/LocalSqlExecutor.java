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

    public LocalSqlExecutor(boolean batch, int maxRows) {
        this.tEnv = TableEnvironment.create(batch ? EnvironmentSettings.inBatchMode() : EnvironmentSettings.inStreamingMode());
        this.maxRows = maxRows;
    }

    public TableEnvironment tableEnvironment() { return tEnv; }

    public StatementResult execute(SqlScript.Statement statement) {
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
}
