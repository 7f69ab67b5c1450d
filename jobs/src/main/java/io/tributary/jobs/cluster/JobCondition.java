package io.tributary.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What is wrong with a job, if anything, in plain words: restarting (how often, and why), failed (why), or running
 * with tasks that cannot start because the cluster has no free slot. Built from the REST answers
 * {@code /jobs/:id}, {@code /jobs/:id/exceptions}, {@code /jobs/:id/metrics?get=numRestarts} and {@code /overview}.
 *
 * @param restarts restarts so far (the numRestarts metric), or -1 before the JobManager has fetched it (~10 s)
 * @param failures failures in the exception history (capped by web.exception-history-size, 16 by default)
 * @param cause    the latest failure's root cause as one line, or empty
 * @param tasksNotRunning tasks created, scheduled or deploying (RUNNING jobs)
 * @param freeSlots free slots of the cluster, or -1 when unknown
 */
public record JobCondition(String jobId, String name, String state, Kind kind, long restarts, int failures, String cause,
                           int tasksNotRunning, int tasks, int freeSlots, int slots) {

    public enum Kind { RUNNING, WAITING_FOR_SLOTS, RESTARTING, FAILED, OTHER }

    /**
     * @param job        {@code GET /jobs/:id}
     * @param exceptions {@code GET /jobs/:id/exceptions}, or null when not fetched
     * @param restartsMetric {@code GET /jobs/:id/metrics?get=numRestarts}, or null
     * @param overview   {@code GET /overview}, or null
     */
    public static JobCondition of(JsonNode job, JsonNode exceptions, JsonNode restartsMetric, JsonNode overview) {
        String state = job.path("state").asText();
        int notRunning = 0;
        int tasks = 0;
        for (JsonNode v : job.path("vertices")) {
            JsonNode t = v.path("tasks");
            notRunning += t.path("CREATED").asInt() + t.path("SCHEDULED").asInt() + t.path("DEPLOYING").asInt()
                    + t.path("INITIALIZING").asInt();
            tasks += v.path("parallelism").asInt();
        }
        int free = overview == null ? -1 : overview.path("slots-available").asInt(-1);
        int slots = overview == null ? -1 : overview.path("slots-total").asInt(-1);
        Kind kind = switch (state) {
            case "RESTARTING" -> Kind.RESTARTING;
            case "FAILED", "FAILING" -> Kind.FAILED;
            // tasks not running, nowhere to put them: deploying tasks of a healthy job pass through here briefly too,
            // so the lack of free slots is the test, not the task states alone
            case "RUNNING" -> notRunning > 0 && free == 0 ? Kind.WAITING_FOR_SLOTS : Kind.RUNNING;
            default -> Kind.OTHER;
        };
        return new JobCondition(job.path("jid").asText(), job.path("name").asText(), state, kind,
                restarts(restartsMetric), exceptions == null ? 0 : exceptions.path("exceptionHistory").path("entries").size(),
                exceptions == null ? "" : latestCause(exceptions), notRunning, tasks, free, slots);
    }

    /** The numRestarts metric, or -1 when the answer has none (yet). */
    static long restarts(JsonNode metric) {
        if (metric != null) {
            for (JsonNode m : metric) {
                if (m.path("id").asText().equals("numRestarts") && !m.path("value").asText().isEmpty()) {
                    return (long) Double.parseDouble(m.path("value").asText());
                }
            }
        }
        return -1;
    }

    /** The root cause of the newest failure in the exception history (or the root exception of older servers). */
    static String latestCause(JsonNode exceptions) {
        JsonNode latest = null;
        for (JsonNode e : exceptions.path("exceptionHistory").path("entries")) {
            if (latest == null || e.path("timestamp").asLong() > latest.path("timestamp").asLong()) latest = e;
        }
        String trace = latest != null ? latest.path("stacktrace").asText("") : exceptions.path("root-exception").asText("");
        return ErrorText.rootCause(trace);
    }

    /** One line: the state, and what is wrong. */
    public String describe() {
        return switch (kind) {
            case RESTARTING -> "RESTARTING" + (restarts >= 0 ? " (" + plural(restarts, "restart") + " so far)"
                    : failures > 0 ? " (" + plural(failures, "failure") + " so far)" : "")
                    + (cause.isEmpty() ? "" : "; latest failure: " + cause);
            case FAILED -> state + (cause.isEmpty() ? "" : ": " + cause);
            case WAITING_FOR_SLOTS -> "RUNNING, waiting for slots: " + tasksNotRunning + " of " + tasks
                    + " tasks not running and 0 free slots of " + slots
                    + " (add TaskManagers or slots, e.g. -D flink-conf.taskmanager.numberOfTaskSlots=N, or lower the job's parallelism)";
            default -> state;
        };
    }

    private static String plural(long n, String word) { return n + " " + word + (n == 1 ? "" : "s"); }

    /** Whether {@link #describe()} says more than the state. */
    public boolean hasProblem() { return kind == Kind.RESTARTING || kind == Kind.FAILED || kind == Kind.WAITING_FOR_SLOTS; }
}
