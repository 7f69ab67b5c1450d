package io.tributary.jobs.demo;

import io.tributary.core.config.TributaryConfig;
import io.tributary.core.features.FeatureRegistry;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.sql.Placeholders;
import io.tributary.core.topic.TopicNames;
import io.tributary.jobs.DeployableJob;
import io.tributary.jobs.cluster.FlinkRestClient;
import io.tributary.jobs.sql.SqlGatewayClient;
import io.tributary.jobs.sql.SqlRunner;
import io.tributary.jobs.stack.StackSettings;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Starts the demo's seven jobs the way a user would: the feature views and the training examples as Flink SQL through
 * the SQL Gateway (the scripts under {@code sql/}), training, scoring, drift and A/B from Tributary's job jar over
 * the cluster's REST API.
 */
final class DemoPipeline {
    private final StackSettings stack;
    private final DemoSettings settings;
    private final PrintStream out;
    private final FlinkRestClient flink;
    private final Map<String, String> jobs = new LinkedHashMap<>();
    /** Tributary's job jar, uploaded once. */
    private String jarId;

    DemoPipeline(StackSettings stack, DemoSettings settings, PrintStream out) {
        this.stack = stack;
        this.settings = settings;
        this.out = out;
        this.flink = new FlinkRestClient(stack.flinkRestUrl());
    }

    /** Examples the training job waits for before its first run. */
    long firstRunAt() { return settings.retrainEvery(); }

    String warehouse() { return stack.warehouse().toUri().toString(); }

    /** The feature views, the training examples and continuous training: what must run before a model can serve. */
    void startTraining() throws Exception {
        String kafka = stack.kafkaBootstrap();
        KafkaTopics.ensure(kafka, 1, DemoSettings.EVENTS, DemoSettings.EXAMPLES, TopicNames.predictions(DemoSettings.MODEL),
                TopicNames.AB_RESULTS, TopicNames.DRIFT_METRICS, TopicNames.DRIFT_ALERTS, TopicNames.RETRAIN_REQUESTS,
                "features.origin_1h", "features.destination_1h"); // the examples job reads the views' changelogs
        for (String view : DemoSettings.VIEWS) sql("features " + view, "sql/features/flights_" + view + ".sql");
        awaitViews(kafka);
        sql("examples", "sql/training/flights_examples.sql");

        jarId = flink.uploadJar(stack.root().resolve("jobs/target/tributary-job.jar"));
        String features = String.join(",", DemoSettings.FEATURES);
        deploy("train", DeployableJob.TRAIN, "--model", DemoSettings.MODEL, "--examples", DemoSettings.EXAMPLES,
                "--features", features, "--label", "late", "--window", String.valueOf(settings.window()),
                "--retrain-every", String.valueOf(settings.retrainEvery()), "--epochs", "2", "--learning-rate", "0.05",
                "--view-version-fields", "origin_view_version,dest_view_version",
                "--artifacts", stack.stateDir().resolve("models").toUri().toString(), "--warehouse", warehouse());
        awaitRunning();
    }

    /** Scoring from {@code servingStart} (event time) on, and the drift and A/B jobs that read its predictions. */
    void startServing(java.time.Instant servingStart) throws Exception {
        deploy("score", DeployableJob.SCORE, "--model", DemoSettings.MODEL, "--events", DemoSettings.EVENTS,
                "--inputs", DemoSettings.SCORING_INPUTS, "--redis", stack.redisUri(), "--start-time", servingStart.toString(),
                "--lookup-timeout-ms", "1000"); // two cores run everything here: a slow lookup is CPU contention, not Redis
        deploy("drift", DeployableJob.DRIFT, "--model", DemoSettings.MODEL, "--window-minutes", String.valueOf(settings.windowMinutes()),
                // daily windows of flights: KS on 16,000 values flags shifts too small to matter, so the limits are stricter
                "--ignore", "day_of_week,hour_of_day", "--thresholds", "default.psi=0.25,default.ks_p=1e-9",
                "--cooldown-minutes", "10080", "--retrain-on", "critical",
                "--outcomes", DemoSettings.EVENTS, "--label", "late", "--detector", "ddm", "--warehouse", warehouse());
        deploy("ab", DeployableJob.AB, "--model", DemoSettings.MODEL, "--outcomes", DemoSettings.EVENTS,
                "--label", "late", "--window-minutes", String.valueOf(settings.windowMinutes()), "--max-outcome-lag-minutes", "1", "--warehouse", warehouse());
        awaitRunning();
    }

    private void sql(String name, String script) throws IOException {
        Map<String, String> values = new HashMap<>();
        values.put(TributaryConfig.KAFKA_BOOTSTRAP, stack.kafkaBootstrap());
        values.put(TributaryConfig.REDIS_URI, stack.redisUri());
        values.put(TributaryConfig.WAREHOUSE, warehouse());
        String text = Placeholders.substitute(Files.readString(stack.root().resolve(script), StandardCharsets.UTF_8), values);
        Set<String> before = flink.jobs().stream().map(FlinkRestClient.JobSummary::id).collect(Collectors.toSet());
        try (SqlGatewayClient gw = new SqlGatewayClient(stack.sqlGatewayUrl(), Map.of())) {
            SqlRunner.run(text, st -> gw.execute(st.sql(), 10, Duration.ofSeconds(60)), new PrintStream(OutputStream.nullOutputStream()));
        }
        String id = flink.jobs().stream().map(FlinkRestClient.JobSummary::id).filter(j -> !before.contains(j)).findFirst()
                .orElseThrow(() -> new IllegalStateException(script + " started no job"));
        jobs.put(name, id);
        out.printf("jobs: %-20s %s (Flink SQL %s)%n", name, id, script);
    }

    private void deploy(String name, DeployableJob job, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.add("--bootstrap-servers");
        all.add(stack.kafkaBootstrap());
        String id = flink.runJar(jarId, job.entryClass(), all, 1);
        jobs.put(name, id);
        out.printf("jobs: %-20s %s (deploy %s)%n", name, id, job.jobName());
    }

    /** The scoring job reads the views' entity keys and TTLs from the feature registry when it starts. */
    private void awaitViews(String kafka) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            Set<String> known = new FeatureRegistry(kafka).current().stream().map(FeatureViewInfo::name).collect(Collectors.toSet());
            if (known.containsAll(DemoSettings.VIEWS)) return;
            if (System.nanoTime() > deadline) throw new IllegalStateException("the feature views " + DemoSettings.VIEWS
                    + " did not register within 60 s; registered: " + known + ". Logs: " + stack.logs());
            Thread.sleep(500);
        }
    }

    private void awaitRunning() throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (true) {
            Map<String, String> states = new LinkedHashMap<>();
            for (var e : jobs.entrySet()) states.put(e.getKey(), flink.jobState(e.getValue()));
            if (states.values().stream().allMatch("RUNNING"::equals)) return;
            for (var e : states.entrySet()) {
                if (Set.of("FAILED", "FAILING", "CANCELED").contains(e.getValue())) {
                    throw new IllegalStateException("job " + e.getKey() + " is " + e.getValue() + ": " + flink.rootException(jobs.get(e.getKey())));
                }
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("jobs not running after 120 s: " + states);
            Thread.sleep(500);
        }
    }

    /** Fails the run when a job failed (the cluster restarts jobs; one that gave up is FAILED). */
    void checkHealthy() {
        for (var e : jobs.entrySet()) {
            String state = flink.jobState(e.getValue());
            if ("FAILED".equals(state)) {
                throw new IllegalStateException("job " + e.getKey() + " failed: " + flink.rootException(e.getValue()));
            }
        }
    }
}
