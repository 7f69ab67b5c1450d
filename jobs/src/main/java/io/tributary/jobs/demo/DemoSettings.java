package io.tributary.jobs.demo;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * One demo run's choices.
 *
 * @param data         flights-3m.parquet, or null to fetch it (cached)
 * @param from         first day replayed
 * @param to           day after the last
 * @param speedup      event time per wall-clock time (0: as fast as the broker takes it)
 * @param report       where the HTML report goes
 * @param keepRunning  leave the stack and the jobs running at the end
 * @param window       training window (examples)
 * @param retrainEvery examples between two training runs
 * @param warmupDays   days replayed before serving starts (features and the first model)
 * @param windowMinutes event-time window of the drift and A/B jobs
 */
public record DemoSettings(Path data, LocalDate from, LocalDate to, double speedup, Path report, boolean keepRunning,
                           int window, int retrainEvery, int warmupDays, int windowMinutes) {
    public static final String MODEL = "flights_delay";
    public static final String EVENTS = "events.flights";
    public static final String EXAMPLES = "examples.flights";
    public static final List<String> FEATURES = List.of("origin_departures", "origin_mean_delay", "origin_late_rate",
            "dest_arrivals", "dest_mean_delay", "dest_late_rate", "distance", "hour_of_day", "day_of_week");
    /** How the scoring job assembles each feature: online views, the event's payload, its time (README, Serving). */
    public static final String SCORING_INPUTS = "origin_departures=origin_1h:departures;origin_mean_delay=origin_1h:mean_delay;"
            + "origin_late_rate=origin_1h:late_rate;dest_arrivals=destination_1h:arrivals;dest_mean_delay=destination_1h:mean_delay;"
            + "dest_late_rate=destination_1h:late_rate;distance=payload:distance;hour_of_day=time:hour_of_day;day_of_week=time:day_of_week";
    public static final List<String> VIEWS = List.of("origin_1h", "destination_1h");

    /** The demo stack's own state directory and ports, under the user's configuration (every key can be changed with -D). */
    public static final List<String> STACK_DEFAULTS = List.of(
            "stack.dir=.tributary/demo",
            "stack.kafka.port=9192", "stack.kafka.controller-port=9193", "stack.redis.port=6479",
            "stack.flink.rest-port=8181", "stack.flink.rpc-port=6223", "stack.sql-gateway.port=8183",
            // seven jobs run side by side; windows are emitted soon after the events that close them
            "flink-conf.taskmanager.numberOfTaskSlots=8", "flink-conf.taskmanager.memory.process.size=2560m",
            "flink-conf.execution.checkpointing.interval=5s", "flink-conf.pipeline.auto-watermark-interval=50ms",
            // the demo's state is small: on the heap, windows and joins do not serialize their accumulators per event
            "flink-conf.state.backend.type=hashmap", "flink-conf.taskmanager.memory.managed.fraction=0.05",
            // the replay waits for scoring hour by hour: a network buffer held 100 ms (Flink's default) is idle time
            "flink-conf.execution.buffer-timeout.interval=5ms");

    public DemoSettings {
        if (!to.isAfter(from)) throw new IllegalArgumentException("--to (" + to + ") must be after --from (" + from + ")");
        if (speedup < 0) throw new IllegalArgumentException("--speedup must be >= 0, got " + speedup);
        if (warmupDays < 1 || !from.plusDays(warmupDays).isBefore(to)) {
            throw new IllegalArgumentException("--warmup-days (" + warmupDays + ") must leave at least one day to serve in " + from + " .. " + to);
        }
    }

    /** The first day scored. */
    public LocalDate servingFrom() { return from.plusDays(warmupDays); }
}
