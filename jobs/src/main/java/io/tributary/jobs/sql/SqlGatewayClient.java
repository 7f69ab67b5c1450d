package io.tributary.jobs.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.tributary.jobs.cluster.JsonHttp;
import io.tributary.jobs.cluster.RestException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Runs SQL statements through the Flink SQL Gateway's REST API (v1): one session per script, statements in order,
 * results fetched page by page.
 */
public final class SqlGatewayClient implements AutoCloseable {
    private final JsonHttp http;
    private final String session;

    public SqlGatewayClient(String gatewayUrl, Map<String, String> sessionProperties) {
        this.http = new JsonHttp(gatewayUrl, "the SQL Gateway");
        JsonNode r = http.post("/v1/sessions", Map.of("properties", sessionProperties));
        this.session = r.path("sessionHandle").asText();
        if (session.isEmpty()) throw new RestException("the SQL Gateway did not open a session: " + r);
    }

    /**
     * Executes one statement and returns up to {@code maxRows} rows. A statement that starts a job (INSERT) returns
     * once the job is submitted; an unbounded query is cancelled after {@code maxRows} rows or {@code timeout}.
     */
    public StatementResult execute(String sql, int maxRows, Duration timeout) {
        String op = http.post("/v1/sessions/" + session + "/statements", Map.of("statement", sql))
                .path("operationHandle").asText();
        String next = "/v1/sessions/" + session + "/operations/" + op + "/result/0?rowFormat=JSON";
        List<String> columns = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        String jobId = null;
        long deadline = System.nanoTime() + timeout.toNanos();
        boolean truncated = false;
        while (next != null) {
            JsonNode page = http.get(next);
            if (page.hasNonNull("jobID")) jobId = page.get("jobID").asText();
            JsonNode results = page.path("results");
            if (columns.isEmpty()) for (JsonNode c : results.path("columns")) columns.add(c.path("name").asText());
            for (JsonNode row : results.path("data")) {
                if (rows.size() >= maxRows) { truncated = true; break; }
                List<String> values = new ArrayList<>();
                for (JsonNode f : row.path("fields")) values.add(f.isNull() ? "NULL" : f.isTextual() ? f.asText() : f.toString());
                String kind = row.path("kind").asText("INSERT");
                values.add(0, shortKind(kind));
                rows.add(values);
            }
            String type = page.path("resultType").asText();
            if (truncated || "EOS".equals(type) || page.path("nextResultUri").isMissingNode() || page.path("nextResultUri").isNull()) {
                if (truncated || !"EOS".equals(type)) cancelQuietly(op);
                break;
            }
            if (System.nanoTime() > deadline) {
                cancelQuietly(op);
                truncated = true;
                break;
            }
            next = page.get("nextResultUri").asText();
            if ("NOT_READY".equals(type)) sleep(100);
        }
        if (jobId == null && columns.equals(List.of("job id")) && rows.size() == 1) jobId = rows.get(0).get(0);
        return StatementResult.withChangelog(columns, rows, jobId, truncated);
    }

    private static String shortKind(String kind) {
        return switch (kind) {
            case "UPDATE_BEFORE" -> "-U";
            case "UPDATE_AFTER" -> "+U";
            case "DELETE" -> "-D";
            default -> "+I";
        };
    }

    private void cancelQuietly(String op) {
        try {
            http.post("/v1/sessions/" + session + "/operations/" + op + "/cancel", Map.of());
        } catch (RestException ignored) {
            // the operation may have finished on its own meanwhile
        }
    }

    @Override
    public void close() {
        try {
            http.delete("/v1/sessions/" + session);
        } catch (RestException ignored) {
            // the gateway expires idle sessions anyway
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestException("interrupted");
        }
    }
}
