package io.tributary.jobs.demo;

import io.tributary.jobs.kafka.TopicScan;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.models.RegistryState;
import io.tributary.core.topic.TopicNames;
import io.tributary.jobs.data.FlightsReplay;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watches the run while the flights replay: a progress line (replay, examples and training, predictions, alerts) every
 * few seconds, and a sample of how far the online features trail the replay.
 */
final class DemoMonitor implements AutoCloseable {
    /** Busy airports: the newest window of any of them is how fresh the view is. */
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final List<String> AIRPORTS = List.of("ORD", "ATL", "DFW", "LAX", "PHX", "DEN", "DTW", "STL");

    private final String kafka;
    private final ModelRegistry registry;
    private final FlightsReplay replay;
    private final long total;
    private final PrintStream out;
    private final DemoPipeline pipeline;
    private final RedisClient redisClient;
    private final StatefulRedisConnection<String, String> redis;
    private final List<DemoResults.FreshnessPoint> freshness = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;
    private final long start = System.nanoTime();
    private volatile boolean running = true;
    private long lastPredictions;
    private long lastTick = System.nanoTime();
    /** Highest rate of serving predictions seen over one interval, per second. */
    private double peakPredictionRate;
    /** The newest event time sent so far: the replay's position can step back when the file holds a flight out of order. */
    private long highWater = Long.MIN_VALUE;

    DemoMonitor(String kafka, String redisUri, String artefacts, FlightsReplay replay, long total, DemoPipeline pipeline, PrintStream out) {
        this.kafka = kafka;
        this.registry = new ModelRegistry(kafka, new ArtifactStore(artefacts));
        this.replay = replay;
        this.total = total;
        this.pipeline = pipeline;
        this.out = out;
        this.redisClient = RedisClient.create(redisUri);
        this.redis = redisClient.connect();
        // the progress counts and the summary's differ by what offsets count: said once, here
        out.println("progress: examples and predictions are topic end offsets (records plus one commit marker per transaction; "
                + "the summary counts records); drift alerts are those raised, of every serving version (as in the summary)");
        this.thread = new Thread(this::loop, "demo-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        int tick = 0;
        while (running) {
            try {
                Thread.sleep(2_500);
                sampleFreshness();
                if (++tick % 2 == 0) {
                    pipeline.checkHealthy();
                    out.println(progress());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Throwable t) {
                failure.set(t);
                return;
            }
        }
    }

    /** The monitor's failure (a job that failed), or null. */
    Throwable failure() { return failure.get(); }

    synchronized List<DemoResults.FreshnessPoint> freshness() { return List.copyOf(freshness); }

    double peakPredictionRate() { return peakPredictionRate; }

    private void sampleFreshness() {
        long position = Math.max(highWater, replay.position());
        if (position == Long.MIN_VALUE) return;
        highWater = position;
        Map<String, Double> lag = new LinkedHashMap<>();
        for (String view : DemoSettings.VIEWS) {
            long newest = Long.MIN_VALUE;
            for (String airport : AIRPORTS) {
                String end = redis.sync().hget(OnlineStoreLayout.key("tributary", view, airport), OnlineStoreLayout.WINDOW_END);
                if (end != null) newest = Math.max(newest, Long.parseLong(end));
            }
            if (newest != Long.MIN_VALUE) lag.put(view, (position - newest) / 60_000.0);
        }
        if (!lag.isEmpty()) synchronized (this) { freshness.add(new DemoResults.FreshnessPoint(position, lag)); }
    }

    private String progress() {
        long now = System.nanoTime();
        long sent = replay.sent();
        double seconds = (now - start) / 1e9;
        double rate = sent / Math.max(1e-9, seconds);
        String eta = rate > 0 && sent < total ? ", ETA " + FlightsReplay.format(Duration.ofSeconds((long) ((total - sent) / rate))) : "";
        long examples = TopicScan.endOffsets(kafka, DemoSettings.EXAMPLES);
        long predictions = TopicScan.endOffsets(kafka, TopicNames.predictions(DemoSettings.MODEL));
        double predictionRate = (predictions - lastPredictions) / Math.max(1e-9, (now - lastTick) / 1e9);
        peakPredictionRate = Math.max(peakPredictionRate, predictionRate);
        lastPredictions = predictions;
        lastTick = now;
        long alerts = raisedAlerts();
        RegistryState.Model m = registry.state().model(DemoSettings.MODEL).orElse(null);
        String models = m == null || m.versions().isEmpty() ? "training: waiting for " + String.format("%,d", pipeline.firstRunAt()) + " examples"
                : "models v1..v" + m.latestVersion() + m.aliased("champion").map(v -> " (champion v" + v.number() + ")").orElse("");
        String position = replay.position() == Long.MIN_VALUE ? "" : " @ " + Instant.ofEpochMilli(replay.position()).toString().substring(0, 13) + "h";
        return String.format("progress: served flights sent %,d/%,d (%d %%) %,.0f/s%s%s | examples offset %,d | %s | predictions offset %,d (%,.0f/s) | drift alerts raised %,d",
                sent, total, total == 0 ? 0 : sent * 100 / total, rate, eta, position, examples, models, predictions,
                predictionRate, alerts);
    }

    /** RAISED records on drift.alerts, as the summary counts them (the topic is small: one record per alert). */
    private long raisedAlerts() {
        long[] raised = {0};
        TopicScan.scan(kafka, TopicNames.DRIFT_ALERTS, r -> {
            try {
                if ("RAISED".equals(JSON.readTree(r.value()).path("state").asText())) raised[0]++;
            } catch (java.io.IOException unreadable) {
                // not an alert record: the summary does not count it either
            }
        });
        return raised[0];
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        redis.close();
        redisClient.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
