package io.tributary.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.config.TributaryConfig;
import io.tributary.jobs.cli.TributaryCommand;
import io.tributary.jobs.cluster.FlinkRestClient;
import io.tributary.jobs.stack.LocalStack;
import io.tributary.jobs.stack.StackSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recovery by hand on the real standalone cluster (JobManager and TaskManager processes started by the code of
 * `./tributary up`, its flink-conf: checkpoints retained on cancellation): the ingest job deployed with the CLI,
 * savepointed and cancelled, deployed again from the savepoint and then from its latest retained checkpoint; and
 * `jobs` saying a job waits for slots.
 */
class RecoveryDeploymentITCase {
    private static LocalStack stack;
    private static StackSettings settings;
    private static List<String> flags;
    private static final List<String> log = new ArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void up() throws Exception {
        Path root = Path.of(System.getProperty("tributary.root"));
        Path state = Files.createTempDirectory("tributary-recovery");
        int[] ports = new int[6];
        for (int i = 0; i < ports.length; i++) {
            try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) { ports[i] = s.getLocalPort(); }
        }
        List<String> config = List.of("stack.dir=" + state,
                "stack.kafka.port=" + ports[0], "stack.kafka.controller-port=" + ports[1],
                "stack.redis.port=" + ports[2], "stack.flink.rest-port=" + ports[3],
                "stack.flink.rpc-port=" + ports[4], "stack.sql-gateway.port=" + ports[5]);
        flags = new ArrayList<>();
        for (String c : config) { flags.add("-D"); flags.add(c); }
        settings = StackSettings.from(TributaryConfig.load(null, config), root);
        stack = new LocalStack(settings);
        stack.up(List.of("kafka", "jobmanager", "taskmanager"), log::add);
    }

    @AfterAll
    static void down() {
        if (stack != null) stack.down(List.of(), log::add);
    }

    private record Run(int code, String out, String err) {}

    private static Run cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(flags);
        StringWriter err = new StringWriter();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            CommandLine cl = TributaryCommand.commandLine();
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(all.toArray(String[]::new));
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
        return new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(URI.create(settings.flinkRestUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonNode awaitCheckpoint(String jobId) throws Exception {
        for (long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos(); System.nanoTime() < deadline; Thread.sleep(250)) {
            JsonNode c = get("/jobs/" + jobId + "/checkpoints");
            if (get("/jobs/" + jobId).path("state").asText().equals("RUNNING") && c.path("counts").path("completed").asInt() >= 1) return c;
        }
        throw new AssertionError("job " + jobId + " completed no checkpoint in 120 s; " + new FlinkRestClient(settings.flinkRestUrl()).condition(jobId).describe());
    }

    /** file:/x, file:///x and file:///x/ as one path. */
    private static Path local(String uri) { return Path.of(URI.create(uri.replaceFirst("^file:/+", "file:///"))); }

    private static String deploy(String... extra) {
        List<String> args = new ArrayList<>(List.of("deploy", "ingest", "--input", "raw.recovery", "--output", "events.recovery",
                "--checkpoint-interval-ms", "1000"));
        args.addAll(List.of(extra));
        Run r = cli(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void savepointRestoreAndLatestCheckpointOnTheStandaloneCluster() throws Exception {
        String first = match("Job ID: ([0-9a-f]{32})", deploy());
        awaitCheckpoint(first);
        Run savepoint = cli("savepoint", first, "--cancel");
        assertThat(savepoint.code()).as(savepoint.err()).isZero();
        assertThat(savepoint.out()).contains("job " + first + ": CANCELED");
        String savepointPath = match("Savepoint: (\\S+)", savepoint.out());
        assertThat(savepointPath).contains(settings.stateDir().resolve("savepoints").toString());

        String restoredOut = deploy("--from-savepoint", savepointPath);
        String second = match("Job ID: ([0-9a-f]{32})", restoredOut);
        JsonNode restored = awaitCheckpoint(second).path("latest").path("restored");
        assertThat(local(restored.path("external_path").asText())).isEqualTo(local(savepointPath));

        assertThat(cli("cancel", second).out()).contains("CANCELED");
        String fromCheckpoint = deploy("--from-latest-checkpoint", second);
        String third = match("Job ID: ([0-9a-f]{32})", fromCheckpoint);
        String chk = match("Restored from: (\\S+)", fromCheckpoint);
        assertThat(chk).contains("/checkpoints/" + second + "/chk-");
        restored = awaitCheckpoint(third).path("latest").path("restored");
        assertThat(restored.path("external_path").asText()).contains("/checkpoints/" + second + "/chk-");
        assertThat(cli("cancel", third).code()).isZero();

        // more parallelism than the TaskManager has slots: the job runs with tasks that never get one
        String greedy = match("Job ID: ([0-9a-f]{32})", deploy("--parallelism", "9"));
        String jobs = "";
        for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < deadline && !jobs.contains("waiting for slots"); Thread.sleep(500)) {
            jobs = cli("jobs").out();
        }
        System.out.println(jobs);
        assertThat(jobs).contains("-> RUNNING, waiting for slots: ").contains(" tasks not running and 0 free slots of 4");
        assertThat(cli("cancel", greedy).code()).isZero();
    }
}
