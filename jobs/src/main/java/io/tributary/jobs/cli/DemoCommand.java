package io.tributary.jobs.cli;

import io.tributary.core.config.TributaryConfig;
import io.tributary.jobs.demo.DemoRun;
import io.tributary.jobs.demo.DemoSettings;
import io.tributary.jobs.stack.StackSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole lifecycle on real flights (2001): starts its own stack (Kafka, Redis, a Flink cluster, the SQL "
                + "Gateway), the feature views and training examples in Flink SQL, continuous training, scoring, drift and A/B "
                + "jobs; replays the flights into Kafka in event-time order; prints a summary and writes an HTML report.",
                "Its stack uses its own state directory and ports (stack.dir=.tributary/demo, Kafka 9192, Redis 6479, Flink "
                        + "8181, SQL Gateway 8183; change any with -D key=value) and stops when the demo ends or on Ctrl-C."})
final class DemoCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Option(names = "--data", paramLabel = "FILE", description = "flights-3m.parquet (default: fetched with npm once, cached in .tributary/data)")
    Path data;
    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first day (default ${DEFAULT-VALUE})") LocalDate from = LocalDate.of(2001, 1, 1);
    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "day after the last (default ${DEFAULT-VALUE})") LocalDate to = LocalDate.of(2001, 2, 12);
    @Option(names = "--full", description = "all of the data: January to June 2001 (3 million flights)") boolean full;
    @Option(names = "--speedup", description = "at most this much event time per wall-clock time while serving; 0 = as fast as "
            + "scoring keeps up (the replay always waits, hour by hour, for scoring to catch up) (default ${DEFAULT-VALUE})")
    double speedup = 0;
    @Option(names = "--report", paramLabel = "FILE", description = "the HTML report (default ${DEFAULT-VALUE})")
    Path report = Path.of(".tributary/demo-report.html");
    @Option(names = "--keep-running", description = "leave the stack and the jobs running at the end") boolean keepRunning;
    @Option(names = "--window", description = "training window, examples (default ${DEFAULT-VALUE})") int window = 200_000;
    @Option(names = "--retrain-every", description = "examples between training runs (default ${DEFAULT-VALUE})") int retrainEvery = 100_000;
    @Option(names = "--warmup-days", description = "days replayed at full speed before serving starts, for the features and the "
            + "first model (default ${DEFAULT-VALUE})") int warmupDays = 7;

    @Override
    public Integer call() throws Exception {
        LocalDate first = full ? LocalDate.of(2001, 1, 1) : from;
        LocalDate end = full ? LocalDate.of(2001, 7, 1) : to;
        CliArguments.existingFile("--data", data);
        CliArguments.positive("--window", window);
        CliArguments.positive("--retrain-every", retrainEvery);
        Path root = ConfigOptions.root();
        Path reportFile = report.isAbsolute() ? report : root.resolve(report);
        DemoSettings settings = new DemoSettings(data, first, end, speedup, reportFile, keepRunning, window, retrainEvery, warmupDays, 1440);
        StackSettings stack = StackSettings.from(demoConfig(), root);
        new DemoRun(settings, stack, root.resolve(".tributary/data"), System.out).run();
        return 0;
    }

    /** The configuration with the demo's defaults under the user's -D overrides. */
    private TributaryConfig demoConfig() {
        List<String> overrides = new ArrayList<>(DemoSettings.STACK_DEFAULTS);
        overrides.addAll(options.overrides);
        Path file = options.configFile;
        if (file == null && System.getenv("TRIBUTARY_CONFIG") != null) file = Path.of(System.getenv("TRIBUTARY_CONFIG"));
        return TributaryConfig.load(file, overrides);
    }
}
