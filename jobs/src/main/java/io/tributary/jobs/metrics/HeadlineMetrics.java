package io.tributary.jobs.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headline numbers of the running jobs, from the Prometheus endpoints of the Flink processes (the reporter in
 * flink-conf/config.yaml): per job, Tributary's own metrics summed over operators and subtasks (counters) or their
 * maximum (gauges such as the champion version, the newest window end, drift statistics).
 */
public final class HeadlineMetrics {
    /** Tributary's metric names, as Flink's Prometheus reporter names them, and how to combine subtasks. */
    public static final Map<String, String> METRICS = Map.ofEntries(
            Map.entry("eventsIn", "sum"), Map.entry("deadLetters", "sum"), Map.entry("lateEvents", "sum"),
            Map.entry("featureRowsOut", "sum"), Map.entry("lastWindowEndMillis", "max"), Map.entry("redisWrites", "sum"),
            Map.entry("examplesIn", "sum"), Map.entry("trainingRuns", "sum"), Map.entry("predictions", "sum"),
            Map.entry("modelSwaps", "sum"), Map.entry("championVersion", "max"), Map.entry("onlineFeaturesDefaulted", "sum"),
            Map.entry("onlineLookupTimeouts", "sum"), Map.entry("predictionLatencyMs_p99", "max"),
            Map.entry("redisLookupMicros_p99", "max"), Map.entry("drifted", "sum"));
    private static final Pattern LINE = Pattern.compile("^flink_taskmanager_job_task_operator_(\\w+?)\\{(.*)}\\s+(\\S+)$");
    private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    private HeadlineMetrics() {}

    /** Scrapes {@code host:port} for ports in [from, to]; job id -> metric -> value. Unreachable ports are skipped. */
    public static Map<String, Map<String, Double>> scrape(String host, int from, int to) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        List<String> bodies = new ArrayList<>();
        for (int port = from; port <= to; port++) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/metrics"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) bodies.add(r.body());
            } catch (IOException e) {
                // nothing listens there
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return parse(bodies);
    }

    /** Combines Prometheus text bodies into job id -> metric -> value. */
    public static Map<String, Map<String, Double>> parse(List<String> bodies) {
        Map<String, Map<String, Double>> jobs = new TreeMap<>();
        for (String body : bodies) {
            for (String line : body.split("\n")) {
                Matcher m = LINE.matcher(line.strip());
                if (!m.matches()) continue;
                String name = m.group(1);
                String job = "?";
                String quantile = null;
                Matcher l = LABEL.matcher(m.group(2));
                while (l.find()) {
                    if (l.group(1).equals("job_id")) job = l.group(2); // job names are sanitized in labels; ids are exact
                    if (l.group(1).equals("quantile")) quantile = l.group(2);
                }
                if (quantile != null) {
                    if (!quantile.equals("0.99")) continue;
                    name = name + "_p99"; // histograms are Prometheus summaries: keep the 99th percentile
                }
                String how = METRICS.get(name);
                if (how == null) continue;
                double v;
                try {
                    v = Double.parseDouble(m.group(3));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (Double.isNaN(v)) continue;
                Map<String, Double> values = jobs.computeIfAbsent(job, k -> new TreeMap<>());
                values.merge(name, v, how.equals("sum") ? Double::sum : Math::max);
            }
        }
        return jobs;
    }
}
