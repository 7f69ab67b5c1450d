package io.tributary.jobs.demo;

import io.tributary.jobs.kafka.TopicScan;

import io.tributary.core.event.EventEnvelope;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.topic.TopicNames;
import io.tributary.inference.ab.VariantComparison;
import io.tributary.jobs.data.FlightsDataset;
import io.tributary.jobs.data.FlightsReplay;
import io.tributary.jobs.demo.report.DemoReport;
import io.tributary.jobs.stack.StackSettings;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * {@code ./tributary demo}: the whole lifecycle on the real flights. Starts the demo's own stack, the feature views,
 * the training examples, continuous training, scoring, drift and A/B jobs; replays the slice into Kafka in event-time
 * order; waits until the jobs have caught up; reads back what they wrote; prints the summary table and writes the
 * HTML report; stops everything it started.
 */
public final class DemoRun {
    private static final long DAY = 86_400_000L;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final DemoSettings settings;
    private final StackSettings stack;
    private final Path cacheDir;
    private final PrintStream out;
    private FlightsSource source;

    public DemoRun(DemoSettings settings, StackSettings stack, Path cacheDir, PrintStream out) {
        this.settings = settings;
        this.stack = stack;
        this.cacheDir = cacheDir;
        this.out = out;
    }

    /** Replays these flights instead of the dataset's (tests). */
    public DemoRun flights(FlightsSource flights) {
        this.source = flights;
        return this;
    }

    /** Runs the demo; returns what it measured (also written to the report). */
    public DemoResults run() throws Exception {
        long started = System.currentTimeMillis();
        FlightsSource flightsSource = source != null ? source : FlightsSource.parquet(FlightsDataset.resolve(settings.data(), cacheDir, out));
        long total = flightsSource.count(settings.from(), settings.to());
        out.printf("demo: %,d flights %s .. %s, replayed at %s%n", total, settings.from(), settings.to().minusDays(1),
                settings.speedup() == 0 ? "full speed" : String.format("%,.0fx event time", settings.speedup()));
        if (total == 0) throw new IllegalArgumentException("the slice " + settings.from() + " .. " + settings.to()
                + " holds no flights (the dataset covers 2001-01-01 .. 2001-06-30)");

        java.time.LocalDate servingFrom = settings.servingFrom();
        long warmupFlights = flightsSource.count(settings.from(), servingFrom);
        long servedFlights = total - warmupFlights;
        try (DemoStack demoStack = new DemoStack(stack, out)) {
            demoStack.start();
            DemoPipeline pipeline = new DemoPipeline(stack, settings, out);
            pipeline.startTraining();
            String artefacts = stack.stateDir().resolve("models").toUri().toString();
            ModelRegistry registry = new ModelRegistry(stack.kafkaBootstrap(), new ArtifactStore(artefacts));

            // 1. history before serving: the views and examples fill, continuous training produces the first champion
            out.printf("demo: warm-up: %,d flights %s .. %s at full speed, for the features and the first model%n",
                    warmupFlights, settings.from(), servingFrom.minusDays(1));
            FlightsReplay warmup = new FlightsReplay(stack.kafkaBootstrap(), DemoSettings.EVENTS, 0, out);
            try (CloseableIterator<EventEnvelope> flights = flightsSource.read(settings.from(), servingFrom)) {
                warmup.replay(flights, warmupFlights);
            }
            int baseline = awaitChampion(registry, pipeline, warmupFlights);
            // the champion at the start of serving stays the challenger: the never-retrained baseline of the A/B test
            registry.setAlias(DemoSettings.MODEL, "challenger", baseline, 0.5, "demo",
                    "the never-retrained baseline: half the traffic stays on the first serving version");
            out.printf("models: v%d serves; it is also the challenger with half the traffic, never retrained (the baseline)%n", baseline);

            // 2. serving: scoring, drift and A/B from the first day after the warm-up, the replay at its speed-up
            Instant servingStart = Instant.ofEpochMilli(servingFrom.toEpochDay() * DAY);
            pipeline.startServing(servingStart);
            out.printf("demo: serving: %,d flights %s .. %s at %s%n", servedFlights, servingFrom, settings.to().minusDays(1),
                    settings.speedup() == 0 ? "full speed" : String.format("%,.0fx event time", settings.speedup()));
            FlightsReplay replay = new FlightsReplay(stack.kafkaBootstrap(), DemoSettings.EVENTS, settings.speedup(), out);
            DemoMonitor monitor = new DemoMonitor(stack.kafkaBootstrap(), stack.redisUri(), artefacts, replay, servedFlights, pipeline, out);
            try (ServingPacer pacer = new ServingPacer(stack.kafkaBootstrap(), TopicNames.predictions(DemoSettings.MODEL), 0, out)) {
                replay.pacedBy(Duration.ofHours(1), pacer);
                long replayStart = System.nanoTime();
                try (CloseableIterator<EventEnvelope> flights = flightsSource.read(servingFrom, settings.to())) {
                    replay.replay(flights, servedFlights);
                }
                double replaySeconds = (System.nanoTime() - replayStart) / 1e9;
                out.printf("demo: replay waited %s for scoring (hourly lockstep)%n", FlightsReplay.format(pacer.waited()));
                drain(pipeline, monitor, servedFlights, replay.position());
                DemoResults results = collect(started, total, servedFlights, replaySeconds, monitor, artefacts);
                Files.createDirectories(settings.report().toAbsolutePath().getParent());
                DemoReport.write(results, settings.report());
                Path json = settings.report().resolveSibling(settings.report().getFileName().toString().replaceFirst("\\.html?$", "") + ".json");
                JSON.writerWithDefaultPrettyPrinter().writeValue(json.toFile(), results);
                printSummary(results);
                out.println("demo: report " + settings.report().toAbsolutePath().toUri() + " (its data: " + json.getFileName() + ")");
                if (settings.keepRunning()) {
                    demoStack.keepRunning();
                    out.println("demo: the stack and the jobs keep running: Flink UI " + stack.flinkRestUrl() + "; stop them with "
                            + "./tributary down -D stack.dir=" + stack.stateDir());
                }
                return results;
            } finally {
                monitor.close();
            }
        }
    }

    /** Waits for the first champion, printing the examples' progress towards the first training run. */
    private int awaitChampion(ModelRegistry registry, DemoPipeline pipeline, long warmupFlights) throws InterruptedException {
        long begin = System.nanoTime();
        long lastPrint = 0;
        long lastChange = System.nanoTime();
        long lastExamples = -1;
        long firstExamples = -1;
        while (true) {
            var champion = registry.state().model(DemoSettings.MODEL).flatMap(m -> m.aliased("champion"));
            if (champion.isPresent()) return champion.get().number();
            pipeline.checkHealthy();
            long examples = TopicScan.endOffsets(stack.kafkaBootstrap(), DemoSettings.EXAMPLES);
            if (firstExamples < 0) firstExamples = examples;
            if (examples != lastExamples) {
                lastExamples = examples;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 180_000_000_000L) {
                throw new IllegalStateException("no champion after the warm-up: " + String.format("%,d", examples)
                        + " examples and none for 3 minutes (the first training run needs " + settings.retrainEvery()
                        + "; the runs are on models.runs, the logs in " + stack.logs() + ")");
            }
            if (System.nanoTime() - lastPrint > 5_000_000_000L) {
                lastPrint = System.nanoTime();
                double rate = (examples - firstExamples) / Math.max(1e-9, (System.nanoTime() - begin) / 1e9);
                long need = Math.min(settings.retrainEvery(), warmupFlights);
                String eta = examples < need && rate > 0 ? String.format(", ETA %s", FlightsReplay.format(Duration.ofSeconds((long) ((need - examples) / rate)))) : "";
                out.printf("training: examples offset %,d (%,.0f/s); the first run at %,d examples%s%n", examples, rate, settings.retrainEvery(), eta);
            }
            Thread.sleep(1_000);
        }
    }

    /** Waits until every flight is scored and the windows of every complete day are out (or nothing moves for long). */
    private void drain(DemoPipeline pipeline, DemoMonitor monitor, long total, long lastEventTime) throws InterruptedException {
        String kafka = stack.kafkaBootstrap();
        // the window holding the last flights closes only with later events: wait for the one before it
        long window = settings.windowMinutes() * 60_000L;
        long lastDay = (lastEventTime - 3_600_000L) / window * window;
        waitFor("every flight scored", () -> TopicScan.endOffsets(kafka, TopicNames.predictions(DemoSettings.MODEL)), total, monitor);
        waitFor("the A/B windows of every complete day", () -> newestWindowEnd(TopicNames.AB_RESULTS), lastDay, monitor);
        waitFor("the drift windows of every complete day", () -> newestWindowEnd(TopicNames.DRIFT_METRICS), lastDay, monitor);
        Thread.sleep(6_000); // one more checkpoint: commits what the last window wrote
        pipeline.checkHealthy();
    }

    private void waitFor(String what, LongSupplier progress, long target, DemoMonitor monitor) throws InterruptedException {
        long last = Long.MIN_VALUE;
        long movedAt = System.nanoTime();
        while (true) {
            if (monitor.failure() != null) throw new IllegalStateException("the run failed: " + monitor.failure().getMessage(), monitor.failure());
            long now = progress.getAsLong();
            if (now >= target) return;
            if (now != last) {
                last = now;
                movedAt = System.nanoTime();
            } else if (System.nanoTime() - movedAt > 120_000_000_000L) {
                out.println("demo: gave up waiting for " + what + " (no progress for 2 minutes); reporting what is there");
                return;
            }
            Thread.sleep(1_000);
        }
    }

    private long newestWindowEnd(String topic) {
        long[] newest = {Long.MIN_VALUE};
        // the topics are small (one row per window and variant or feature): a scan is cheap
        TopicScan.scan(stack.kafkaBootstrap(), topic, r -> {
            try {
                newest[0] = Math.max(newest[0], JSON.readTree(r.value()).path("window_end").asLong(Long.MIN_VALUE));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        return newest[0];
    }

    private DemoResults collect(long started, long total, long servedFlights, double replaySeconds, DemoMonitor monitor, String artefacts) {
        DemoCollector c = new DemoCollector(stack.kafkaBootstrap(), artefacts);
        List<DemoResults.ModelVersion> versions = c.versions();
        List<DemoResults.AucPoint> auc = c.auc();
        DemoCollector.Served served = c.served(DemoSettings.EVENTS, "late");
        // the plot follows the baseline's inputs against its one fixed reference; the champion's changes with each version
        int baseline = served.versionsByVariant().getOrDefault("challenger", new java.util.TreeSet<>(List.of(-1))).first();
        List<DemoResults.DriftPoint> drift = c.drift(baseline);
        java.util.function.IntFunction<String> variantsOf = v -> served.versionsByVariant().entrySet().stream()
                .filter(e -> e.getValue().contains(v)).map(Map.Entry::getKey).collect(Collectors.joining(", "));
        List<DemoResults.AlertMark> alerts = c.alerts(variantsOf);
        List<DemoResults.ErrorStreamPoint> errorStream = c.errorStream(variantsOf);
        long featureRows = DemoSettings.VIEWS.stream().mapToLong(v -> c.count("features." + v)).sum();
        long examples = c.count(DemoSettings.EXAMPLES);

        List<DemoResults.AbVariant> ab = new ArrayList<>();
        for (VariantComparison.Result r : served.overall()) {
            String vs = versions(served.versionsByVariant().getOrDefault(r.variant(), new java.util.TreeSet<>()));
            ab.add(new DemoResults.AbVariant(r.variant(), vs, r.n(), r.accuracy(), r.accuracyLow(), r.accuracyHigh(), r.auc(),
                    r.meanBrier(), abTests(r, served.overall())));
        }
        long wall = System.currentTimeMillis() - started;
        List<DemoResults.SummaryRow> rows = new ArrayList<>();
        rows.add(row("flights replayed", String.format("%,d: %,d to warm up, then %,d served in %s (%,.0f/s)", total, total - servedFlights,
                servedFlights, FlightsReplay.format(Duration.ofMillis((long) (replaySeconds * 1000))), servedFlights / Math.max(1e-9, replaySeconds))));
        rows.add(row("feature rows written", String.format("%,d (views %s: Redis, Iceberg and their changelog topics)", featureRows,
                String.join(", ", DemoSettings.VIEWS))));
        rows.add(row("training examples", String.format("%,d (point-in-time joined, examples.flights)", examples)));
        rows.add(row("model versions", versions.isEmpty() ? "none" : String.format("%d (holdout AUC %.3f .. %.3f; the report lists them)",
                versions.size(), versions.stream().mapToDouble(DemoResults.ModelVersion::holdoutAuc).min().orElse(Double.NaN),
                versions.stream().mapToDouble(DemoResults.ModelVersion::holdoutAuc).max().orElse(Double.NaN))));
        long drifted = versions.stream().filter(v -> v.why().startsWith("retrain request")).count();
        rows.add(row("retrains requested by drift", String.valueOf(drifted)));
        rows.add(row("predictions", String.format("%,d (%s); peak %,.0f/s", served.count(),
                served.byVariant().entrySet().stream().map(e -> String.format("%s %,d", e.getKey(), e.getValue())).collect(Collectors.joining(", ")),
                monitor.peakPredictionRate())));
        rows.add(row("scoring latency p50 / p99", String.format("%.1f / %.1f ms (%s)", served.p50(), served.p99(), DemoResults.LATENCY)));
        rows.add(row("online inputs present", served.inputs() == 0 ? "-" : String.format("%.1f %% (%s)", 100.0 * served.present() / served.inputs(),
                served.statuses().entrySet().stream().map(e -> e.getKey() + " " + String.format("%,d", e.getValue())).collect(Collectors.joining(", ")))));
        long raised = alerts.stream().filter(a -> "RAISED".equals(a.state())).count();
        rows.add(row("drift alerts raised", raised + ", of every serving version (" + alerts.stream().filter(a -> "RAISED".equals(a.state()))
                .collect(Collectors.groupingBy(a -> a.feature() + " " + a.test(), java.util.TreeMap::new, Collectors.counting()))
                .entrySet().stream().map(e -> e.getKey() + (e.getValue() > 1 ? " x" + e.getValue() : "")).collect(Collectors.joining(", ")) + ")"));
        for (DemoResults.AbVariant v : ab) {
            // each test with its own verdict: the report's table says the same
            String tests = v.tests().isEmpty() ? "" : "; vs champion: " + v.tests().stream().map(DemoResults.AbTest::describe)
                    .collect(Collectors.joining("; "));
            rows.add(row("A/B " + v.variant() + " (" + v.versions() + ")", String.format("n %,d, AUC %.4f, accuracy %.4f [%.4f, %.4f], Brier %.4f%s",
                    v.n(), v.auc(), v.accuracy(), v.accuracyCiLow(), v.accuracyCiHigh(), v.meanBrier(), tests)));
        }
        rows.add(row("wall time", FlightsReplay.format(Duration.ofMillis(wall))));
        String slice = String.format("%s .. %s (%,d flights)", settings.from(), settings.to().minusDays(1), total);
        return new DemoResults("Tributary demo: flight delays, " + slice, slice, started, wall, rows, versions, auc, drift, alerts,
                errorStream, monitor.freshness(), served.latency(), ab);
    }

    /** The variant's two tests against the champion, each with its statistic, p-value and verdict; none for the champion. */
    static List<DemoResults.AbTest> abTests(VariantComparison.Result r, List<VariantComparison.Result> all) {
        if (Double.isNaN(r.zPValue()) && Double.isNaN(r.welchPValue())) return List.of();
        double championBrier = all.stream().filter(c -> c.variant().equals("champion")).mapToDouble(VariantComparison.Result::meanBrier)
                .findFirst().orElse(Double.NaN);
        return List.of(new DemoResults.AbTest("accuracy", "two-proportion z-test", "z", r.z(), r.accuracyDiff(), r.zPValue(), r.alpha()),
                new DemoResults.AbTest("Brier loss", "Welch's t-test", "t", r.welchT(), r.meanBrier() - championBrier, r.welchPValue(), r.alpha()));
    }

    private void printSummary(DemoResults r) {
        int width = r.summary().stream().mapToInt(s -> s.label().length()).max().orElse(10);
        out.println();
        out.println("summary: " + r.slice());
        for (DemoResults.SummaryRow s : r.summary()) out.printf("  %-" + width + "s  %s%n", s.label(), s.value());
        out.println();
    }

    private static DemoResults.SummaryRow row(String label, String value) { return new DemoResults.SummaryRow(label, value); }

    /** "v1", "v2-v9", "v1, v3-v5": runs of consecutive versions joined. */
    static String versions(java.util.SortedSet<Integer> versions) {
        List<String> parts = new ArrayList<>();
        Integer first = null, last = null;
        for (int v : versions) {
            if (last != null && v == last + 1) {
                last = v;
                continue;
            }
            if (first != null) parts.add(first.equals(last) ? "v" + first : "v" + first + "-v" + last);
            first = v;
            last = v;
        }
        if (first != null) parts.add(first.equals(last) ? "v" + first : "v" + first + "-v" + last);
        return String.join(", ", parts);
    }
}
