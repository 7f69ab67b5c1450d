package io.tributary.jobs.cli;

import io.tributary.jobs.cluster.FlinkRestClient;
import io.tributary.jobs.cluster.JobCondition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = {"List the Flink cluster's jobs with their state.",
                "Under a job that needs attention, one line says what is wrong: RESTARTING (restarts so far, latest failure),",
                "FAILED (cause), or RUNNING but waiting for slots (tasks not running while the cluster has no free slot)."})
final class JobsCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
        print(new FlinkRestClient(options.config().flinkRestUrl()));
        return 0;
    }

    private static String oneLine(String name) {
        String s = name.replaceAll("\\s+", " ").trim();
        return s.length() > 70 ? s.substring(0, 67) + "..." : s;
    }

    private static final Set<String> MAY_NEED_ATTENTION = Set.of("RUNNING", "RESTARTING", "FAILING", "FAILED");

    static void print(FlinkRestClient flink) {
        List<FlinkRestClient.JobSummary> jobs = flink.jobs();
        if (jobs.isEmpty()) {
            System.out.println("no jobs on " + flink.restUrl());
            return;
        }
        System.out.printf("%-32s  %-10s  %-20s  %-9s  %s%n", "JOB ID", "STATE", "STARTED", "DURATION", "NAME");
        for (FlinkRestClient.JobSummary j : jobs) {
            System.out.printf("%-32s  %-10s  %-20s  %-9s  %s%n", j.id(), j.state(),
                    Instant.ofEpochMilli(j.startTime()).toString().substring(0, 19),
                    Duration.ofMillis(Math.max(0, j.durationMillis())).toSeconds() + " s", oneLine(j.name()));
            if (MAY_NEED_ATTENTION.contains(j.state())) {
                JobCondition c = flink.condition(j.id());
                if (c.hasProblem()) System.out.println("  -> " + c.describe());
            }
        }
    }
}
