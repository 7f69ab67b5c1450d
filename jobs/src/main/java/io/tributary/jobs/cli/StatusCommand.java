package io.tributary.jobs.cli;

import io.tributary.jobs.cluster.FlinkRestClient;
import io.tributary.jobs.cluster.RestException;
import io.tributary.jobs.stack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the local stack's services (state, pid, endpoint, memory), the cluster's jobs and their headline metrics.")
final class StatusCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Override
    public Integer call() {
        LocalStack stack = new LocalStack(options.stack());
        List<LocalStack.ServiceStatus> all = stack.status();
        System.out.printf("%-13s %-26s %-8s %-10s %-9s %-8s %s%n", "SERVICE", "STATE", "PID", "RSS", "UPTIME", "RESTARTS", "ENDPOINT");
        long rss = 0;
        for (LocalStack.ServiceStatus s : all) {
            rss += s.rssKiB();
            System.out.printf("%-13s %-26s %-8s %-10s %-9s %-8d %s%n", s.service(), s.state(),
                    s.pid() < 0 ? "-" : String.valueOf(s.pid()),
                    s.rssKiB() == 0 ? "-" : (s.rssKiB() / 1024) + " MiB",
                    s.pid() < 0 ? "-" : s.uptime().toSeconds() + " s", s.restarts(), s.endpoint());
        }
        System.out.printf("total memory (RSS): %d MiB; state directory: %s%n", rss / 1024, stack.settings().stateDir());
        boolean jmRunning = all.stream().anyMatch(s -> s.service().equals("jobmanager") && s.state().equals("running"));
        if (jmRunning) {
            java.util.Map<String, String> names = new java.util.HashMap<>();
            try {
                FlinkRestClient flink = new FlinkRestClient(options.config().flinkRestUrl());
                JobsCommand.print(flink);
                flink.jobs().forEach(j -> names.put(j.id(), j.name()));
            } catch (RestException e) {
                System.out.println("jobs: " + e.getMessage());
            }
            var headline = io.tributary.jobs.metrics.HeadlineMetrics.scrape("127.0.0.1", 9249, 9259);
            if (!headline.isEmpty()) {
                System.out.println();
                System.out.println("headline metrics (Prometheus endpoints 127.0.0.1:9249-9259):");
                headline.forEach((job, values) -> {
                    StringBuilder line = new StringBuilder();
                    values.forEach((k, v) -> line.append(line.isEmpty() ? "" : ", ").append(k).append('=')
                            .append(v == Math.rint(v) ? String.valueOf(v.longValue()) : String.format("%.2f", v)));
                    System.out.printf("  %s: %s%n", names.getOrDefault(job, job), line);
                });
            }
        }
        long notRunning = all.stream().filter(s -> !s.state().equals("running")).count();
        return notRunning == 0 ? 0 : 3;
    }
}
