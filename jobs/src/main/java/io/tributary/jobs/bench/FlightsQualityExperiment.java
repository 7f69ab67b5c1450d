package io.tributary.jobs.bench;

import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelEvent;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.models.RegistryState;
import io.tributary.core.sql.Placeholders;
import io.tributary.core.sql.SqlScript;
import io.tributary.features.sql.EmbeddedSql;
import io.tributary.training.gate.Metrics;
import io.tributary.training.gate.OnnxScorer;
import io.tributary.training.gate.ValidationGate;
import io.tributary.training.job.TrainingConfig;
import io.tributary.training.job.TrainingOutcome;
import io.tributary.training.job.TrainingRun;
import io.tributary.training.model.Example;
import io.tributary.training.model.ModelSpec;
import io.tributary.training.model.TribuoTrainer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.table.api.TableResult;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Model quality on real data: the flights_delay examples of a period (sql/training/flights_examples_backfill.sql,
 * the same features and point-in-time rule as the streaming examples), a continuously trained model (the training
 * job's run: a window of the newest {@code window} examples, a retrain every {@code retrainEvery}, the validation gate
 * against the champion, registered in the real registry) next to a model trained once on the first month and never
 * retrained. Each week is scored by the version that was serving when the week began, and by the first-month model.
 */
public final class FlightsQualityExperiment {
    static final List<String> FEATURES = List.of("origin_departures", "origin_mean_delay", "origin_late_rate",
            "dest_arrivals", "dest_mean_delay", "dest_late_rate", "distance", "hour_of_day", "day_of_week");
    private static final long WEEK_MS = 7 * 86_400_000L;
    private static final java.util.Set<String> CALENDAR = java.util.Set.of("hour_of_day", "day_of_week");
    // Tribuo logs every SGD run at INFO; the table is the output (a strong reference keeps the level)
    private static final java.util.logging.Logger TRIBUO_LOG = java.util.logging.Logger.getLogger("org.tribuo");

    private final Path root;
    private final String kafka;
    private final PrintStream out;
    private boolean retrainOnCritical;

    /** The drift policy retrains on critical alerts only (default: on any drifted test, i.e. warning and above). */
    public FlightsQualityExperiment retrainOnCriticalOnly(boolean v) {
        this.retrainOnCritical = v;
        return this;
    }

    public FlightsQualityExperiment(Path root, String kafka, PrintStream out) {
        this.root = root;
        this.kafka = kafka;
        this.out = out;
    }

    /** Runs the experiment over [from, to) and prints the tables; returns the weekly rows. */
    public List<WeekRow> run(Path parquet, LocalDate from, LocalDate to, int window, int retrainEvery, ModelSpec.Algorithm algorithm)
            throws Exception {
        TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
        long t0 = System.nanoTime();
        List<Example> examples = examples(parquet, from, to);
        out.printf("examples: %,d flights %s .. %s, point-in-time joined (%.0f s)%n", examples.size(), from, to, (System.nanoTime() - t0) / 1e9);

        String model = "flights_delay_quality_" + System.currentTimeMillis();
        ModelSpec spec = new ModelSpec(model, FEATURES, algorithm, Map.of("epochs", 2.0, "learning_rate", 0.05), true, 7);
        String artefacts = Files.createTempDirectory("quality-models").toUri().toString();
        TrainingConfig cfg = new TrainingConfig(spec, "late", window, retrainEvery, 0.2, new ValidationGate(0.55, 1.0, 0.01),
                kafka, artefacts, "quality-experiment", null);

        // the first month, trained once
        long firstMonthEnd = from.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        List<Example> firstMonth = examples.stream().filter(e -> e.eventTime() < firstMonthEnd).toList();
        byte[] baseline = TribuoTrainer.train(spec, firstMonth).onnx();

        // continuous: the training job's trigger (every retrainEvery examples, the newest window) and its run
        List<Served> served = new ArrayList<>();
        List<TrainingOutcome> outcomes = new ArrayList<>();
        long t1 = System.nanoTime();
        for (int end = retrainEvery; end <= examples.size(); end += retrainEvery) {
            List<Example> snapshot = examples.subList(Math.max(0, end - window), end);
            TrainingOutcome o = TrainingRun.run(cfg, snapshot, "after " + retrainEvery + " new examples", Math.max(0, end - window), end - 1, 0);
            outcomes.add(o);
            if ("REGISTERED".equals(o.outcome())) served.add(new Served(o.version(), examples.get(end - 1).eventTime()));
            out.printf("  run %2d: examples up to %s -> %s%s (holdout AUC %.4f)%n", outcomes.size(),
                    Instant.ofEpochMilli(examples.get(end - 1).eventTime()), o.outcome(),
                    o.version() == null ? ": " + o.reason() : " v" + o.version(), metric(o.metrics(), "auc"));
        }
        out.printf("continuous training: %d runs, %d registered (%.0f s)%n", outcomes.size(), served.size(), (System.nanoTime() - t1) / 1e9);

        ModelRegistry registry = new ModelRegistry(kafka, new ArtifactStore(artefacts));
        RegistryState.Model state = registry.state().model(model).orElseThrow();
        List<WeekRow> rows = new ArrayList<>();
        long weekStart = from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long end = to.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        int i = 0;
        for (; weekStart < end; weekStart += WEEK_MS) {
            long ws = weekStart;
            List<Example> week = new ArrayList<>();
            while (i < examples.size() && examples.get(i).eventTime() < ws + WEEK_MS) {
                if (examples.get(i).eventTime() >= ws) week.add(examples.get(i));
                i++;
            }
            if (week.size() < 100) continue;
            Served serving = served.stream().filter(s -> s.trainedThrough() < ws).reduce((a, b) -> b).orElse(null);
            double continuous = Double.NaN;
            if (serving != null) {
                ModelEvent v = state.version(serving.version()).orElseThrow().registered();
                continuous = OnnxScorer.evaluate(ArtifactStore.read(v.artifact(), v.sha256()), week).auc();
            }
            double once = ws >= firstMonthEnd ? OnnxScorer.evaluate(baseline, week).auc() : Double.NaN;
            double lateRate = week.stream().filter(Example::label).count() / (double) week.size();
            rows.add(new WeekRow(LocalDate.ofInstant(Instant.ofEpochMilli(ws), ZoneOffset.UTC), week.size(), lateRate,
                    serving == null ? null : serving.version(),
                    serving == null ? null : LocalDate.ofInstant(Instant.ofEpochMilli(serving.trainedThrough()), ZoneOffset.UTC),
                    continuous, once));
        }
        print(rows, window, retrainEvery, algorithm, firstMonth.size());
        long start = from.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        long policyStart = start + Math.floorDiv(firstMonthEnd - start + WEEK_MS - 1, WEEK_MS) * WEEK_MS; // the weeks of the table
        driftPolicy(cfg, examples, firstMonth, baseline, policyStart, end, window, rows);
        return rows;
    }

    /**
     * The drift-triggered policy on the same examples, with the drift job's code (profiles, DriftEvaluator): the
     * January model serves; every day the served inputs and scores are tested against the serving version's training
     * reference; an alert of the configured severity (warning: any drifted test; critical: PSI at least twice its limit
     * or a KS p-value a hundredth of its limit), at most once a week, retrains on the newest {@code window} examples, and the candidate serves if it passes the gate against the
     * serving model on the same holdout. Prints the alerts and the weekly AUC next to the January model's.
     */
    private void driftPolicy(TrainingConfig cfg, List<Example> examples, List<Example> firstMonth, byte[] january,
                             long from, long end, int window, List<WeekRow> continuousRows) throws Exception {
        io.tributary.drift.stats.DriftEvaluator evaluator = new io.tributary.drift.stats.DriftEvaluator();
        byte[] serving = january;
        io.tributary.core.drift.ReferenceProfile reference = io.tributary.core.drift.ReferenceProfile.fromBase64(
                TrainingRun.referenceProfile(cfg, firstMonth, january, firstMonth.subList(firstMonth.size() * 4 / 5, firstMonth.size())));
        int version = 1;
        long lastRetrain = Long.MIN_VALUE / 2; // "never", without overflowing d - lastRetrain
        long day = 86_400_000L;
        java.util.Map<String, Long> driftingSince = new java.util.HashMap<>(); // feature/test -> events since its first drifted day
        java.util.Map<Long, double[]> weekAuc = new java.util.TreeMap<>(); // week start -> {drift policy AUC, version}
        List<String> alerts = new ArrayList<>();
        java.util.Map<LocalDate, java.util.Map<String, Integer>> drifted = new java.util.TreeMap<>(); // week -> test -> drifted days
        int i = 0;
        while (i < examples.size() && examples.get(i).eventTime() < from) i++;
        List<Example> week = new ArrayList<>();
        long weekStart = from;
        int weekVersion = version;
        byte[] weekModel = serving;
        for (long d = from; d < end; d += day) {
            List<Example> today = new ArrayList<>();
            int startIndex = i;
            while (i < examples.size() && examples.get(i).eventTime() < d + day) today.add(examples.get(i++));
            if (today.isEmpty()) continue;
            if (d >= weekStart + WEEK_MS) {
                if (week.size() >= 100) weekAuc.put(weekStart, new double[] {OnnxScorer.evaluate(weekModel, week).auc(), weekVersion});
                weekStart += WEEK_MS * ((d - weekStart) / WEEK_MS);
                week = new ArrayList<>();
                weekModel = serving;
                weekVersion = version;
            }
            week.addAll(today);
            double[] scores = OnnxScorer.score(serving, today);
            io.tributary.core.drift.WindowProfile profile = new io.tributary.core.drift.WindowProfile();
            for (int e = 0; e < today.size(); e++) {
                double[] x = today.get(e).features();
                for (int f = 0; f < FEATURES.size(); f++) {
                    if (Double.isNaN(x[f])) profile.addMissing(FEATURES.get(f));
                    else profile.add(FEATURES.get(f), x[f]);
                }
                profile.addScore(scores[e]);
            }
            List<String> critical = new ArrayList<>();
            for (io.tributary.drift.stats.DriftTest t : evaluator.evaluate(reference, profile)) {
                // calendar inputs: a day holds one weekday and its own hours by construction, not drift
                if (CALENDAR.contains(t.feature())) continue;
                String name = t.feature() + "/" + t.test();
                if (!t.drifted()) {
                    driftingSince.remove(name);
                    continue;
                }
                driftingSince.putIfAbsent(name, (long) startIndex);
                drifted.computeIfAbsent(LocalDate.ofInstant(Instant.ofEpochMilli(weekStart), ZoneOffset.UTC), w -> new java.util.TreeMap<>())
                        .merge(t.feature() + " " + t.test(), 1, Integer::sum);
                boolean isCritical = t.critical();
                if (isCritical || !retrainOnCritical) critical.add(String.format("%s %s=%.3f (drifting for %,d events)", t.feature(), t.test(), t.statistic(),
                        (long) i - driftingSince.get(name)));
            }
            if (!critical.isEmpty() && d - lastRetrain >= WEEK_MS) {
                List<Example> recent = examples.subList(Math.max(0, i - window), i);
                List<Example> sorted = new ArrayList<>(recent);
                int holdoutSize = sorted.size() / 5;
                List<Example> train = sorted.subList(0, sorted.size() - holdoutSize);
                List<Example> holdout = sorted.subList(sorted.size() - holdoutSize, sorted.size());
                byte[] candidate = TribuoTrainer.train(cfg.spec(), train).onnx();
                Metrics cm = OnnxScorer.evaluate(candidate, holdout);
                Metrics sm = OnnxScorer.evaluate(serving, holdout);
                boolean passed = cfg.gate().judge(cm, java.util.Optional.of(sm)).passed();
                alerts.add(String.format("| %s | %s | %s |", LocalDate.ofInstant(Instant.ofEpochMilli(d), ZoneOffset.UTC),
                        String.join("; ", critical.subList(0, Math.min(3, critical.size()))) + (critical.size() > 3 ? "; +" + (critical.size() - 3) + " more" : ""),
                        passed ? String.format("retrained: v%d serves (holdout AUC %.4f vs %.4f)", version + 1, cm.auc(), sm.auc())
                                : String.format("retrained, rejected by the gate (%.4f vs %.4f)", cm.auc(), sm.auc())));
                lastRetrain = d;
                if (passed) {
                    serving = candidate;
                    version++;
                    reference = io.tributary.core.drift.ReferenceProfile.fromBase64(TrainingRun.referenceProfile(cfg, sorted, candidate, holdout));
                    driftingSince.clear();
                }
            }
        }
        if (week.size() >= 100) weekAuc.put(weekStart, new double[] {OnnxScorer.evaluate(weekModel, week).auc(), weekVersion});
        out.println();
        out.println("Drift-triggered retraining (daily windows vs the serving version's training reference, default limits; "
                + (retrainOnCritical ? "critical" : "warning or critical") + " alerts retrain at most once a week):");
        out.println("| day | drift that triggered (feature test=statistic) | action |");
        out.println("|---|---|---|");
        alerts.forEach(out::println);
        if (alerts.isEmpty()) out.println("| - | no alert of that severity on any day | the January model serves throughout |");
        out.println();
        out.println("Drifted daily windows per week (any severity; feature test: days):");
        out.println("| week of | drifted tests |");
        out.println("|---|---|");
        drifted.forEach((w, tests) -> {
            StringBuilder sb = new StringBuilder();
            tests.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : ", ").append(k).append(": ").append(v));
            out.printf("| %s | %s |%n", w, sb);
        });
        out.println();
        out.println("| week of | drift-policy version | drift-policy AUC | January model AUC | continuous AUC |");
        out.println("|---|---|---|---|---|");
        double sd = 0, sj = 0, sc = 0;
        int n = 0;
        for (WeekRow r : continuousRows) {
            long ws = r.weekOf().atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            double[] dp = weekAuc.get(ws);
            if (dp == null || Double.isNaN(r.firstMonthAuc())) continue;
            out.printf("| %s | v%d | %.4f | %.4f | %s |%n", r.weekOf(), (int) dp[1], dp[0], r.firstMonthAuc(), fmt(r.continuousAuc()));
            sd += dp[0];
            sj += r.firstMonthAuc();
            sc += r.continuousAuc();
            n++;
        }
        if (n > 0) out.printf("mean over %d weeks: drift policy %.4f, January model %.4f, continuous %.4f%n", n, sd / n, sj / n, sc / n);
    }

    private static double metric(Map<String, Object> m, String key) {
        Object v = m == null ? null : m.get(key);
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private void print(List<WeekRow> rows, int window, int retrainEvery, ModelSpec.Algorithm algorithm, int firstMonthSize) {
        out.println();
        out.printf("Weekly AUC, %s: continuously trained (window %,d, retrain every %,d examples, gated) vs trained once on "
                + "the first month (%,d examples)%n", algorithm, window, retrainEvery, firstMonthSize);
        out.printf("| %-10s | %9s | %9s | %-25s | %10s | %10s | %7s |%n", "week of", "flights", "late rate",
                "serving version", "continuous", "first month", "delta");
        out.println("|------------|-----------|-----------|---------------------------|------------|-------------|---------|");
        double sumC = 0, sumO = 0;
        int both = 0;
        for (WeekRow r : rows) {
            String version = r.version() == null ? "-" : "v" + r.version() + " (data to " + r.trainedThrough() + ")";
            out.printf("| %-10s | %,9d | %9.3f | %-25s | %10s | %11s | %7s |%n", r.weekOf(), r.flights(), r.lateRate(), version,
                    fmt(r.continuousAuc()), fmt(r.firstMonthAuc()),
                    Double.isNaN(r.continuousAuc()) || Double.isNaN(r.firstMonthAuc()) ? "" : String.format("%+.4f", r.continuousAuc() - r.firstMonthAuc()));
            if (!Double.isNaN(r.continuousAuc()) && !Double.isNaN(r.firstMonthAuc())) {
                sumC += r.continuousAuc();
                sumO += r.firstMonthAuc();
                both++;
            }
        }
        if (both > 0) {
            out.printf("mean over the %d weeks after the first month: continuous %.4f, first month %.4f (delta %+.4f)%n",
                    both, sumC / both, sumO / both, (sumC - sumO) / both);
        }
    }

    private static String fmt(double v) { return Double.isNaN(v) ? "-" : String.format("%.4f", v); }

    /** The examples of [from, to), in event-time order, from the backfill script's view {@code flight_examples}. */
    List<Example> examples(Path parquet, LocalDate from, LocalDate to) throws Exception {
        Configuration conf = new Configuration();
        conf.setString("parallelism.default", "2");
        TableEnvironment tEnv = TableEnvironment.create(EnvironmentSettings.newInstance().inStreamingMode().withConfiguration(conf).build());
        String script = Files.readString(root.resolve("sql/training/flights_examples_backfill.sql"));
        Map<String, String> vars = Map.of("flights.parquet", parquet.toAbsolutePath().toString(),
                "from", from + " 00:00:00", "to", to + " 00:00:00", "kafka.bootstrap.servers", kafka);
        for (SqlScript.Statement s : SqlScript.split(script)) {
            if (s.sql().strip().toUpperCase().startsWith("INSERT")) continue; // the backfill's Kafka sink: read the view instead
            EmbeddedSql.execute(tEnv, Placeholders.substitute(s.sql(), vars));
        }
        List<Example> examples = new ArrayList<>();
        TableResult result = tEnv.executeSql("SELECT event_time, late, " + String.join(", ", FEATURES)
                + ", origin_view_version, dest_view_version FROM flight_examples");
        try (CloseableIterator<Row> it = result.collect()) {
            while (it.hasNext()) {
                Row r = it.next();
                double[] x = new double[FEATURES.size()];
                for (int j = 0; j < x.length; j++) {
                    Object v = r.getField(2 + j);
                    x[j] = v == null ? Double.NaN : ((Number) v).doubleValue();
                }
                Instant ts = (Instant) r.getField(0);
                examples.add(new Example(x, Boolean.TRUE.equals(r.getField(1)), ts.toEpochMilli(),
                        new String[] {(String) r.getField(2 + x.length), (String) r.getField(3 + x.length)}));
                if (examples.size() % 500_000 == 0) out.printf("  %,d examples...%n", examples.size());
            }
        }
        examples.sort(Comparator.comparingLong(Example::eventTime)); // stable
        return examples;
    }

    private record Served(int version, long trainedThrough) {}

    /** One week: its flights, late rate, the serving version and the two AUCs (NaN where not applicable). */
    public record WeekRow(LocalDate weekOf, int flights, double lateRate, Integer version, LocalDate trainedThrough,
                          double continuousAuc, double firstMonthAuc) {}
}
