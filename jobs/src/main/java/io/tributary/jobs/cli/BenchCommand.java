package io.tributary.jobs.cli;

import io.tributary.jobs.bench.FeatureStoreBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print a table (never timed tests). Needs the services: `./tributary up --only kafka,redis`.",
        subcommands = {BenchCommand.Features.class, BenchCommand.Training.class, BenchCommand.Quality.class, BenchCommand.Scoring.class, BenchCommand.Drift.class, BenchCommand.Chaos.class, BenchCommand.Serve.class})
final class BenchCommand implements Runnable {
    @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() { spec.commandLine().usage(System.out); }

    @Command(name = "training", mixinStandardHelpOptions = true,
            description = {"Time from the example that triggers a retrain (over a --window of examples) to the registered "
                    + "version; and the training job's throughput with training running vs without, in the same run."})
    static final class Training implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Option(names = "--window", description = "training window (default ${DEFAULT-VALUE})") int window = 100_000;
        @Option(names = "--examples", description = "examples for the throughput runs (default ${DEFAULT-VALUE})") int examples = 300_000;

        @Override
        public Integer call() throws Exception {
            CliArguments.positive("--window", window);
            CliArguments.positive("--examples", examples);
            new io.tributary.jobs.bench.TrainingBenchmark(options.config().kafkaBootstrap(), System.out).run(window, examples);
            return 0;
        }
    }

    @Command(name = "drift", mixinStandardHelpOptions = true,
            description = {"The drift job's throughput (1 core) on predictions with 20 inputs, 3 tests (PSI, KS, Wasserstein) per "
                    + "input and the score, next to a job that only reads and parses them. Needs Kafka: `./tributary up --only kafka`."})
    static final class Drift implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Option(names = "--events", description = "predictions per run (default ${DEFAULT-VALUE})") int events = 300_000;

        @Override
        public Integer call() throws Exception {
            CliArguments.positive("--events", events);
            new io.tributary.jobs.bench.DriftBenchmark(options.config().kafkaBootstrap(), System.out).run(events);
            return 0;
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = {"tributary serve's latency (HTTP and gRPC, one row per request, open loop at --rate) with the scoring job in a "
                    + "local MiniCluster, next to a Kafka produce -> consume round trip with no job in the same run. Needs Kafka "
                    + "and Redis: `./tributary up --only kafka,redis`."})
    static final class Serve implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Option(names = "--rate", description = "requests per second (default ${DEFAULT-VALUE})") int rate = 200;
        @Option(names = "--seconds", description = "length of each run (default ${DEFAULT-VALUE})") int seconds = 20;
        @Option(names = "--repeat", description = "runs of each path, interleaved (default ${DEFAULT-VALUE})") int repeat = 2;

        @Override
        public Integer call() throws Exception {
            CliArguments.positive("--rate", rate);
            CliArguments.positive("--seconds", seconds);
            CliArguments.positive("--repeat", repeat);
            new io.tributary.jobs.bench.ServeBenchmark(options.config().kafkaBootstrap(), options.config().redisUri(), System.out)
                    .run(rate, seconds, repeat);
            return 0;
        }
    }

    @Command(name = "scoring", mixinStandardHelpOptions = true,
            description = {"Scoring, for a logistic regression and a tree ensemble: (a) JMH, raw ONNX Runtime vs the operator's "
                    + "per-batch path; (b) the whole job vs the same job with a pass-through instead of scoring, 1 core; (c) "
                    + "latency at half the maximum rate. Needs Kafka and Redis: `./tributary up --only kafka,redis`."})
    static final class Scoring implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Option(names = "--events", description = "events per job run in (b) (default ${DEFAULT-VALUE})") int events = 200_000;
        @Option(names = "--seconds", description = "length of each latency run (default ${DEFAULT-VALUE})") int seconds = 20;
        @Option(names = "--no-jmh", description = "skip (a)") boolean noJmh;
        @Option(names = "--latency-sweep", split = ",", paramLabel = "RATE",
                description = "instead of (a)-(c): the latency tail at these rates (events/s) with checkpoints every 1 s "
                        + "or 10 s, at-least-once outputs, and no checkpoints; with stall episodes and GC pauses")
        java.util.List<Integer> sweepRates;
        @Option(names = "--setups", split = ",", description = "latency-sweep setups: eo-1s, eo-10s, "
                + "alo-1s, none (default: these four), eo-1s-backoff-100ms, deployed, deployed-buffer-100ms") java.util.List<String> setups = new java.util.ArrayList<>();
        @Option(names = "--repeat", description = "runs of each latency-sweep setup, interleaved (default ${DEFAULT-VALUE})") int repeat = 2;

        @Override
        public Integer call() throws Exception {
            CliArguments.positive("--events", events);
            CliArguments.positive("--seconds", seconds);
            CliArguments.positive("--repeat", repeat);
            if (sweepRates != null) sweepRates.forEach(r -> CliArguments.positive("--latency-sweep", r));
            var bench = new io.tributary.jobs.bench.ScoringBenchmark(options.config().kafkaBootstrap(), options.config().redisUri(), System.out);
            if (sweepRates != null && !sweepRates.isEmpty()) bench.latencySweep(sweepRates, seconds, repeat, setups);
            else bench.run(events, seconds, !noJmh);
            return 0;
        }
    }

    @Command(name = "quality", mixinStandardHelpOptions = true,
            description = {"Model quality on the real flights (January-June 2001): weekly AUC of the continuously trained "
                    + "flights_delay model (the version serving at each week's start) next to a model trained once on the "
                    + "first month. Needs Kafka (the registry): `./tributary up --only kafka`."})
    static final class Quality implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Option(names = "--data", paramLabel = "FILE", description = "flights-3m.parquet (default: fetched with npm once, cached in .tributary/data)")
        java.nio.file.Path data;
        @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first day (default ${DEFAULT-VALUE})") java.time.LocalDate from = java.time.LocalDate.of(2001, 1, 1);
        @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "day after the last (default ${DEFAULT-VALUE})") java.time.LocalDate to = java.time.LocalDate.of(2001, 7, 1);
        @Option(names = "--window", description = "training window in examples (default ${DEFAULT-VALUE})") int window = 200_000;
        @Option(names = "--retrain-every", description = "new examples per retrain (default ${DEFAULT-VALUE})") int retrainEvery = 100_000;
        @Option(names = "--algorithm", description = "LOGISTIC_SGD or FACTORIZATION_MACHINE (default ${DEFAULT-VALUE})")
        io.tributary.training.model.ModelSpec.Algorithm algorithm = io.tributary.training.model.ModelSpec.Algorithm.LOGISTIC_SGD;
        @Option(names = "--drift-retrain-on", description = "the drift policy retrains on warning (any drifted test) or critical alerts (default ${DEFAULT-VALUE})")
        String driftRetrainOn = "warning";

        @Override
        public Integer call() throws Exception {
            java.nio.file.Path root = ConfigOptions.root();
            if (!driftRetrainOn.equals("warning") && !driftRetrainOn.equals("critical")) {
                throw new TributaryCommand.UsageError("--drift-retrain-on is warning or critical, not '" + driftRetrainOn + "'");
            }
            if (!to.isAfter(from)) throw new TributaryCommand.UsageError("--to (" + to + ") must be after --from (" + from + ")");
            CliArguments.positive("--window", window);
            CliArguments.positive("--retrain-every", retrainEvery);
            java.nio.file.Path parquet = io.tributary.jobs.data.FlightsDataset.resolve(CliArguments.existingFile("--data", data),
                    root.resolve(".tributary/data"), System.out);
            new io.tributary.jobs.bench.FlightsQualityExperiment(root, options.config().kafkaBootstrap(), System.out)
                    .retrainOnCriticalOnly(driftRetrainOn.equals("critical")).run(parquet, from, to, window, retrainEvery, algorithm);
            return 0;
        }
    }

    @Command(name = "chaos", mixinStandardHelpOptions = true,
            description = {"The chaos soak: the deployed scoring job scores events appended at --rate while one process of "
                    + "the running stack is killed (kill -9) every --fault-every-seconds, in turn: a TaskManager, the JobManager, "
                    + "a Kafka broker, Redis. Prints availability (1-s intervals with predictions at p99 below the bound), "
                    + "downtime per fault, and lost and duplicated predictions read_committed. Needs the whole stack with its "
                    + "supervisor: `./tributary up` (`--brokers 3` for a broker kill that costs only a leader election)."})
    static final class Chaos implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Option(names = "--minutes", description = "length of the soak (default ${DEFAULT-VALUE})") int minutes = 30;
        @Option(names = "--fault-every-seconds", description = "seconds between faults (default ${DEFAULT-VALUE})") int faultEvery = 300;
        @Option(names = "--rate", description = "events appended per second (default ${DEFAULT-VALUE})") int rate = 200;
        @Option(names = "--faults", split = ",", description = "fault kinds, in turn (default: taskmanager,jobmanager,kafka,redis)")
        java.util.List<String> faults = io.tributary.jobs.bench.ChaosBenchmark.FAULTS;
        @Option(names = "--latency-bound-ms", description = "p99 bound of an available second (default ${DEFAULT-VALUE})") int boundMs = 100;

        @Override
        public Integer call() throws Exception {
            for (String f : faults) {
                if (!io.tributary.jobs.bench.ChaosBenchmark.FAULTS.contains(f)) {
                    throw new TributaryCommand.UsageError("--faults: '" + f + "' is not a fault kind; the kinds are "
                            + String.join(", ", io.tributary.jobs.bench.ChaosBenchmark.FAULTS));
                }
            }
            if (minutes <= 0 || faultEvery <= 0 || rate <= 0) throw new TributaryCommand.UsageError("--minutes, --fault-every-seconds and --rate must be positive");
            var stack = new io.tributary.jobs.stack.LocalStack(options.stack());
            io.tributary.jobs.bench.ChaosBenchmark.requireSupervisedStack(stack);
            Duration bound = Duration.ofMillis(boundMs);
            var report = new io.tributary.jobs.bench.ChaosBenchmark(stack, options.config().kafkaBootstrap(), options.config().redisUri(),
                    options.config().flinkRestUrl(), ConfigOptions.root().resolve("jobs/target/tributary-job.jar"),
                    options.config().get("models.artifacts", options.stack().warehouse().resolve("models").toUri().toString()), System.out)
                    .run(rate, Duration.ofMinutes(minutes), Duration.ofSeconds(faultEvery), faults, bound);
            io.tributary.jobs.bench.ChaosBenchmark.print(report, bound, System.out);
            return 0;
        }
    }

    @Command(name = "features", mixinStandardHelpOptions = true,
            description = {"Online read latency (1 entity x 20 features; 100 entities per call) at a fixed rate and at the "
                    + "maximum, with a raw Redis round trip as the baseline; and freshness (event that closes a window "
                    + "appended to Kafka -> value visible in Redis)."})
    static final class Features implements Callable<Integer> {
        @Mixin ConfigOptions options;
        @Option(names = "--seconds", description = "length of each measurement (default ${DEFAULT-VALUE})") int seconds = 20;
        @Option(names = "--rate", description = "offered single-entity calls per second (default ${DEFAULT-VALUE})") int rate = 1000;
        @Option(names = "--batch-rate", description = "offered 100-entity calls per second (default ${DEFAULT-VALUE})") int batchRate = 100;

        @Override
        public Integer call() throws Exception {
            CliArguments.positive("--seconds", seconds);
            CliArguments.positive("--rate", rate);
            CliArguments.positive("--batch-rate", batchRate);
            new FeatureStoreBenchmark(options.config().redisUri(), options.config().kafkaBootstrap(), Duration.ofSeconds(seconds),
                    System.out).run(rate, batchRate);
            return 0;
        }
    }
}
