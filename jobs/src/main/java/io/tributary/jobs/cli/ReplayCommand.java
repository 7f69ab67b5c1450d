package io.tributary.jobs.cli;

import io.tributary.core.event.EventEnvelope;
import io.tributary.jobs.data.FlightsDataset;
import io.tributary.jobs.data.FlightsReplay;
import org.apache.flink.util.CloseableIterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {"Replay the real flights (January-June 2001) into Kafka as event envelopes, in event-time order, at a "
                + "speed-up of event time, with progress. Needs Kafka: `./tributary up --only kafka`."})
final class ReplayCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;
    @Option(names = "--data", paramLabel = "FILE", description = "flights-3m.parquet (default: fetched with npm once, cached in .tributary/data)") Path data;
    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "first day (default ${DEFAULT-VALUE})") LocalDate from = LocalDate.of(2001, 1, 1);
    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "day after the last (default ${DEFAULT-VALUE})") LocalDate to = LocalDate.of(2001, 1, 8);
    @Option(names = "--speedup", description = "event time per wall-clock time; 0 = as fast as possible (default ${DEFAULT-VALUE})")
    double speedup = 3600;
    @Option(names = "--topic", description = "target topic (default ${DEFAULT-VALUE})") String topic = "events.flights";

    @Override
    public Integer call() throws Exception {
        LocalDate first = from, end = to;
        if (!end.isAfter(first)) throw new TributaryCommand.UsageError("--to (" + to + ") must be after --from (" + from + ")");
        CliArguments.notNegative("--speedup", speedup);
        Path parquet = FlightsDataset.resolve(CliArguments.existingFile("--data", data), ConfigOptions.root().resolve(".tributary/data"), System.out);
        long total = FlightsReplay.count(parquet, first, end);
        System.out.printf("replay: %,d flights %s .. %s to %s at %s%n", total, first, end, topic,
                speedup == 0 ? "full speed" : String.format("%.0fx event time", speedup));
        try (CloseableIterator<EventEnvelope> flights = FlightsReplay.fromParquet(parquet, first, end)) {
            new FlightsReplay(options.config().kafkaBootstrap(), topic, speedup, System.out).replay(flights, total);
        }
        return 0;
    }
}
