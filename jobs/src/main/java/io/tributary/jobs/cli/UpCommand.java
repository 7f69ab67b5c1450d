package io.tributary.jobs.cli;

import io.tributary.core.config.TributaryConfig;
import io.tributary.jobs.stack.LocalStack;
import io.tributary.jobs.stack.StackLayout;
import io.tributary.jobs.stack.StackSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the local stack: KRaft Kafka, redis-server, ZooKeeper, and a Flink session cluster "
                + "(JobManager with ZooKeeper HA, two TaskManagers, SQL Gateway), each a process on 127.0.0.1, "
                + "the serving gateway (tributary serve: HTTP and gRPC), plus a supervisor that restarts any of them that dies.",
                "Idempotent: services already running are reported, not restarted. Pids and logs: <stack.dir> (.tributary/)."})
final class UpCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Option(names = "--only", split = ",", paramLabel = "SERVICE",
            description = "Start only these services (zookeeper, kafka, redis, jobmanager, taskmanager, sql-gateway, serve, supervisor)")
    List<String> only = new ArrayList<>();

    @Option(names = "--brokers", paramLabel = "N", description = "Kafka brokers: 1, or 3 (replication 3, min ISR 2); "
            + "same as -D stack.kafka.brokers=N (default 1)")
    Integer brokers;

    @Option(names = "--taskmanagers", paramLabel = "N", description = "TaskManagers, 1-8; same as "
            + "-D stack.flink.taskmanagers=N (default 2: tasks of a dead one restart on the other)")
    Integer taskManagers;

    @Option(names = "--ha", paramLabel = "zookeeper|none", description = "JobManager HA; same as -D stack.ha=... (default zookeeper)")
    String ha;

    @Option(names = "--no-supervisor", description = "Do not start the supervisor (dead services stay dead)")
    boolean noSupervisor;

    @Option(names = "--no-serve", description = "Do not start the serving gateway (tributary serve); same as -D stack.serve=false")
    boolean noServe;

    @Override
    public Integer call() {
        TributaryConfig config = options.config();
        if (brokers != null) config = config.with("stack.kafka.brokers", String.valueOf(brokers));
        if (taskManagers != null) config = config.with("stack.flink.taskmanagers", String.valueOf(taskManagers));
        if (ha != null) config = config.with("stack.ha", ha);
        if (noSupervisor) config = config.with("stack.supervisor", "false");
        if (noServe) config = config.with("stack.serve", "false");
        StackSettings settings = StackSettings.from(config, ConfigOptions.root(), StackLayout.RESILIENT);
        LocalStack stack = new LocalStack(settings);
        checkServices(stack, only);
        long t0 = System.nanoTime();
        List<LocalStack.Started> started = stack.up(only, m -> System.out.println("  " + m));
        long fresh = started.stream().filter(s -> !s.alreadyRunning()).count();
        System.out.printf("stack up: %d started, %d already running (%.1f s). Logs: %s%n", fresh,
                started.size() - fresh, (System.nanoTime() - t0) / 1e9, stack.settings().logs());
        flinkWebUi(started, stack.settings()).ifPresent(System.out::println);
        if (settings.layout().kafkaBrokers() > 1 && config.get("kafka.bootstrap.servers", "").isEmpty()) {
            System.out.println("Kafka brokers: " + settings.kafkaBootstrap() + " (set kafka.bootstrap.servers to this list in "
                    + "--config FILE so that clients bootstrap while the first broker is down)");
        }
        return 0;
    }

    /** The Flink web UI's address, only when the JobManager is among the services up (`up --only kafka` starts none). */
    static java.util.Optional<String> flinkWebUi(List<LocalStack.Started> started, StackSettings settings) {
        return started.stream().anyMatch(s -> s.service().equals("jobmanager"))
                ? java.util.Optional.of("Flink web UI: " + settings.flinkRestUrl()) : java.util.Optional.empty();
    }

    /** An unknown name in --only is a usage error, reported before anything starts or stops. */
    static void checkServices(LocalStack stack, List<String> only) {
        List<String> known = stack.services();
        for (String name : only) {
            if (known.stream().noneMatch(k -> k.equals(name) || k.matches(java.util.regex.Pattern.quote(name) + "-\\d+"))) {
                throw new TributaryCommand.UsageError("--only: unknown service '" + name + "'; services are " + known);
            }
        }
    }
}
