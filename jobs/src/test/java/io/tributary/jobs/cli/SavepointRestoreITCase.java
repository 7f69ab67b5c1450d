package io.tributary.jobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterRESTAddress;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * `tributary savepoint` and `tributary deploy --from-savepoint / --from-latest-checkpoint` against a real Flink
 * cluster's REST API (a MiniCluster retaining checkpoints on cancellation, like the local stack's): the restored job
 * reports the savepoint or checkpoint it started from.
 */
class SavepointRestoreITCase {
    private static final Path STATE = temp();

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(clusterConf()).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static Path temp() {
        try {
            return Files.createTempDirectory("tributary-restore");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Configuration clusterConf() {
        Configuration c = new Configuration();
        c.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, STATE.resolve("checkpoints").toUri().toString());
        c.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, STATE.resolve("savepoints").toUri().toString());
        c.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        c.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(300));
        c.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
        c.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        return c;
    }

    private String rest;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private record Run(int code, String out, String err) {}

    private Run cli(String... args) {
        String[] all = Stream.concat(Stream.of(args), Stream.of("-D", "flink.rest.url=" + rest)).toArray(String[]::new);
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = TributaryCommand.commandLine();
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(all);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(stdout);
        }
    }

    private static String match(String regex, String text) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertThat(m.find()).as("'%s' in %s", regex, text).isTrue();
        return m.group(1);
    }

    private JsonNode get(String path) throws Exception {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(rest + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    /** Waits until the job runs and has completed at least {@code checkpoints} checkpoints. */
    private JsonNode awaitCheckpoints(String jobId, int checkpoints) throws Exception {
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < deadline; Thread.sleep(100)) {
            JsonNode c = get("/jobs/" + jobId + "/checkpoints");
            if (get("/jobs/" + jobId).path("state").asText().equals("RUNNING") && c.path("counts").path("completed").asInt() >= checkpoints) return c;
        }
        throw new AssertionError("job " + jobId + " completed no " + checkpoints + " checkpoints in 60 s: " + get("/jobs/" + jobId + "/checkpoints"));
    }

    private Path jobJar() throws IOException {
        Path jar = STATE.resolve("restore-test-job.jar");
        Path classes = Path.of(RestoreTestJob.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.list(classes.resolve("io/tributary/jobs/cli"))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("RestoreTestJob")).toList()) {
                out.putNextEntry(new JarEntry("io/tributary/jobs/cli/" + f.getFileName()));
                out.write(Files.readAllBytes(f));
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    void savepointThenRestoreFromItAndFromTheLatestRetainedCheckpoint(@InjectClusterRESTAddress URI restAddress) throws Exception {
        rest = restAddress.toString().replaceAll("/$", "");
        String jar = jobJar().toString();

        Run deployed = cli("deploy", jar, "--class", RestoreTestJob.class.getName());
        assertThat(deployed.code()).as(deployed.err()).isZero();
        String first = match("Job ID: ([0-9a-f]{32})", deployed.out());
        awaitCheckpoints(first, 1);

        Path savepoints = STATE.resolve("my-savepoints");
        Run savepoint = cli("savepoint", first, "--cancel", "--dir", savepoints.toString());
        assertThat(savepoint.code()).as(savepoint.err()).isZero();
        String savepointPath = match("Savepoint: (\\S+)", savepoint.out());
        assertThat(savepoint.out()).contains("job " + first + ": CANCELED");
        Path savepointDir = Path.of(URI.create(savepointPath.startsWith("file:///") ? savepointPath : savepointPath.replace("file:/", "file:///")));
        assertThat(savepointDir.getParent()).isEqualTo(savepoints);
        assertThat(savepointDir.resolve("_metadata")).isRegularFile();

        Run fromSavepoint = cli("deploy", jar, "--class", RestoreTestJob.class.getName(), "--from-savepoint", savepointDir.toString());
        assertThat(fromSavepoint.code()).as(fromSavepoint.err()).isZero();
        String second = match("Job ID: ([0-9a-f]{32})", fromSavepoint.out());
        JsonNode restored = awaitCheckpoints(second, 2).path("latest").path("restored");
        assertThat(restored.path("is_savepoint").asBoolean()).isTrue();
        assertThat(Path.of(URI.create(restored.path("external_path").asText().replace("file:/", "file:///").replace("file:////", "file:///"))))
                .isEqualTo(savepointDir);

        // the second job dies without a savepoint; its retained checkpoints survive the cancellation
        Run cancel = cli("cancel", second);
        assertThat(cancel.out()).contains("CANCELED");
        Run fromCheckpoint = cli("deploy", jar, "--class", RestoreTestJob.class.getName(), "--from-latest-checkpoint", second);
        assertThat(fromCheckpoint.code()).as(fromCheckpoint.err()).isZero();
        String third = match("Job ID: ([0-9a-f]{32})", fromCheckpoint.out());
        String checkpoint = match("Restored from: (\\S+)", fromCheckpoint.out());
        assertThat(checkpoint).contains("/checkpoints/" + second + "/chk-");
        restored = awaitCheckpoints(third, 1).path("latest").path("restored");
        // (Flink's restore statistics call any state given as savepointPath a savepoint, so is_savepoint is true here too)
        assertThat(restored.path("external_path").asText()).contains("/checkpoints/" + second + "/chk-");
        assertThat(cli("cancel", third).code()).isZero();

        Run unknown = cli("savepoint", "0123456789abcdef0123456789abcdef");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err().strip()).isEqualTo("error: no job 0123456789abcdef0123456789abcdef on the Flink cluster at "
                + rest + " (`tributary jobs` lists its jobs)");
        Run notRunning = cli("savepoint", third);
        assertThat(notRunning.code()).isEqualTo(1);
        assertThat(notRunning.err().strip()).isEqualTo("error: job " + third + " is CANCELED, not RUNNING: only a running job can"
                + " take a savepoint (a stopped job can restart from its retained checkpoints: `tributary deploy ..."
                + " --from-latest-checkpoint " + third + "`)");
    }
}
