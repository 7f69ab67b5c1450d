package io.tributary.jobs.cli;

import io.tributary.jobs.stack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the local stack: a KRaft Kafka broker, redis-server, and a Flink session cluster "
                + "(JobManager, TaskManager, SQL Gateway), each a process on 127.0.0.1.",
                "Idempotent: services already running are reported, not restarted. Pids and logs: <stack.dir> (.tributary/)."})
final class UpCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Option(names = "--only", split = ",", paramLabel = "SERVICE",
            description = "Start only these services (kafka, redis, jobmanager, taskmanager, sql-gateway)")
    List<String> only = new ArrayList<>();

    @Override
    public Integer call() {
        LocalStack stack = new LocalStack(options.stack());
        long t0 = System.nanoTime();
        List<LocalStack.Started> started = stack.up(only, m -> System.out.println("  " + m));
        long fresh = started.stream().filter(s -> !s.alreadyRunning()).count();
        System.out.printf("stack up: %d started, %d already running (%.1f s). Logs: %s%n", fresh,
                started.size() - fresh, (System.nanoTime() - t0) / 1e9, stack.settings().logs());
        System.out.println("Flink web UI: " + stack.settings().flinkRestUrl());
        return 0;
    }
}
