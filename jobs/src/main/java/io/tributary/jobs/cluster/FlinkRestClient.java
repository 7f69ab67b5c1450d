package io.tributary.jobs.cluster;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Deploys, lists and cancels jobs on a Flink session cluster through its REST API. */
public final class FlinkRestClient {
    private final JsonHttp http;

    public FlinkRestClient(String restUrl) { this.http = new JsonHttp(restUrl, "the Flink cluster"); }

    public String restUrl() { return http.baseUrl(); }

    /** One row of {@code GET /jobs/overview}. */
    public record JobSummary(String id, String name, String state, long startTime, long durationMillis) {}

    /** Uploads a job jar; returns the cluster's id for it. */
    public String uploadJar(Path jar) {
        if (!Files.isRegularFile(jar)) throw new RestException("job jar " + jar + " does not exist");
        String boundary = "----tributary" + UUID.randomUUID();
        byte[] content;
        try {
            content = Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new RestException("cannot read " + jar + ": " + e.getMessage(), e);
        }
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        JsonNode r = http.send(HttpRequest.newBuilder(http.uri("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), "/jars/upload");
        String filename = r.path("filename").asText();
        if (filename.isEmpty()) throw new RestException("unexpected answer to a jar upload: " + r);
        return Path.of(filename).getFileName().toString();
    }

    /**
     * Runs an uploaded jar; returns the job id. {@code entryClass} may be null to use the jar's Main-Class.
     *
     * @throws RestException with the cluster's reason (e.g. the job's main method threw)
     */
    public String runJar(String jarId, String entryClass, List<String> args, Integer parallelism) {
        return runJar(jarId, entryClass, args, parallelism, null, false);
    }

    /**
     * As {@link #runJar(String, String, List, Integer)}, starting the job's state from {@code restorePath} (a savepoint
     * or retained checkpoint, null for none); {@code allowNonRestoredState} lets state of removed operators be skipped.
     */
    public String runJar(String jarId, String entryClass, List<String> args, Integer parallelism, String restorePath,
                         boolean allowNonRestoredState) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (entryClass != null) body.put("entryClass", entryClass);
        body.put("programArgsList", args == null ? List.of() : args);
        if (parallelism != null) body.put("parallelism", parallelism);
        if (restorePath != null) {
            body.put("savepointPath", restorePath);
            body.put("allowNonRestoredState", allowNonRestoredState);
        }
        JsonNode r = http.post("/jars/" + jarId + "/run", body);
        String jobId = r.path("jobid").asText();
        if (jobId.isEmpty()) throw new RestException("unexpected answer to a jar run: " + r);
        return jobId;
    }

    /**
     * Takes a savepoint of a running job and waits for it; returns its path. {@code targetDir} null uses the cluster's
     * {@code execution.checkpointing.savepoint-dir}; {@code cancel} cancels the job once the savepoint is complete.
     *
     * @throws RestException naming the problem: unknown job, job not running, no savepoint directory, a failed savepoint
     */
    public String savepoint(String jobId, boolean cancel, String targetDir, Duration timeout) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("cancel-job", cancel);
        if (targetDir != null) body.put("target-directory", targetDir);
        // the trigger is asynchronous: an unknown or finished job would only show as a failed savepoint
        String state = onJob(jobId, () -> http.get("/jobs/" + jobId)).path("state").asText();
        if (!state.equals("RUNNING")) {
            throw new RestException("job " + jobId + " is " + state + ", not RUNNING: only a running job can take a savepoint"
                    + " (a stopped job can restart from its retained checkpoints: `tributary deploy ... --from-latest-checkpoint "
                    + jobId + "`)");
        }
        String trigger = onJob(jobId, () -> http.post("/jobs/" + jobId + "/savepoints", body)).path("request-id").asText();
        if (trigger.isEmpty()) throw new RestException("the Flink cluster did not accept a savepoint of job " + jobId);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode r = http.get("/jobs/" + jobId + "/savepoints/" + trigger);
            if (r.path("status").path("id").asText().equals("COMPLETED")) {
                JsonNode op = r.path("operation");
                if (op.hasNonNull("location")) return op.path("location").asText();
                String cause = ErrorText.rootCause(op.path("failure-cause").path("stack-trace").asText(op.toString()));
                throw new RestException("savepoint of job " + jobId + " failed: " + cause);
            }
            if (System.nanoTime() > deadline) {
                throw new RestException("savepoint of job " + jobId + " not complete after " + timeout.toSeconds()
                        + " s (trigger " + trigger + "); it may still complete: see the job's checkpoints in the web UI");
            }
            sleep(200);
        }
    }

    /** The cluster's configuration ({@code GET /jobmanager/config}). */
    public Map<String, String> clusterConfig() {
        Map<String, String> out = new LinkedHashMap<>();
        for (JsonNode e : http.get("/jobmanager/config")) out.put(e.path("key").asText(), e.path("value").asText());
        return out;
    }

    /** The cluster's checkpoint directory, where retained checkpoints are ({@code <dir>/<job id>/chk-<n>}). */
    public String checkpointDir() {
        Map<String, String> conf = clusterConfig();
        String dir = conf.getOrDefault("execution.checkpointing.dir", conf.get("state.checkpoints.dir"));
        if (dir == null || dir.isBlank()) {
            throw new RestException("the Flink cluster at " + restUrl() + " has no execution.checkpointing.dir, so it retains no"
                    + " checkpoints to find; give one with --from-savepoint PATH");
        }
        return dir;
    }

    /** Runs a call about one job, turning "not found" into a message that says what to do. */
    private JsonNode onJob(String jobId, java.util.function.Supplier<JsonNode> call) {
        try {
            return call.get();
        } catch (RestException e) {
            if (e.status() == 404) {
                throw new RestException("no job " + jobId + " on the Flink cluster at " + restUrl()
                        + " (`tributary jobs` lists its jobs)", 404, e);
            }
            throw e;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RestException("interrupted while waiting for the Flink cluster", e);
        }
    }

    public List<JobSummary> jobs() {
        List<JobSummary> out = new ArrayList<>();
        for (JsonNode j : http.get("/jobs/overview").path("jobs")) {
            out.add(new JobSummary(j.path("jid").asText(), j.path("name").asText(), j.path("state").asText(),
                    j.path("start-time").asLong(), j.path("duration").asLong()));
        }
        out.sort((a, b) -> Long.compare(b.startTime(), a.startTime()));
        return out;
    }

    public String jobState(String jobId) { return http.get("/jobs/" + jobId).path("state").asText(); }

    /** The root exception of a failed or restarting job, or empty. */
    public String rootException(String jobId) {
        JsonNode r = http.get("/jobs/" + jobId + "/exceptions");
        String s = r.path("root-exception").asText("");
        if (s.isEmpty() && r.path("exceptionHistory").path("entries").size() > 0) {
            s = r.path("exceptionHistory").path("entries").get(0).path("stacktrace").asText("");
        }
        return ErrorText.rootCause(s);
    }

    /** What is wrong with a job, if anything (restarting, failed, waiting for slots); fetches only what its state needs. */
    public JobCondition condition(String jobId) {
        JsonNode job = onJob(jobId, () -> http.get("/jobs/" + jobId));
        String state = job.path("state").asText();
        boolean failing = state.equals("RESTARTING") || state.equals("FAILED") || state.equals("FAILING");
        JsonNode exceptions = failing ? http.get("/jobs/" + jobId + "/exceptions") : null;
        JsonNode restarts = state.equals("RESTARTING") ? http.get("/jobs/" + jobId + "/metrics?get=numRestarts") : null;
        JsonNode overview = state.equals("RUNNING") ? overview() : null;
        return JobCondition.of(job, exceptions, restarts, overview);
    }

    public void cancel(String jobId) { http.patch("/jobs/" + jobId + "?mode=cancel"); }

    public JsonNode overview() { return http.get("/overview"); }

    /** The web UI page of a job. */
    public String webUiLink(String jobId) { return http.baseUrl() + "/#/job/running/" + jobId + "/overview"; }
}
