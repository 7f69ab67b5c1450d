package io.tributary.jobs.stack;

import io.tributary.core.config.TributaryConfig;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Which processes the stack runs: Kafka brokers, TaskManagers, ZooKeeper for JobManager HA, the supervisor, the
 * serving gateway ({@code tributary serve}).
 * A key left empty in the configuration takes what the last {@code up} of the same state directory recorded, so
 * {@code status} and {@code down} see what runs.
 */
public record StackLayout(int kafkaBrokers, int taskManagers, boolean zookeeperHa, boolean supervised, boolean serving) {
    /** One of each, no HA, no supervisor, no gateway: the demo's and the tests' stacks, where start time matters most. */
    public static final StackLayout MINIMAL = new StackLayout(1, 1, false, false, false);
    /** What {@code ./tributary up} runs unless told otherwise: a standby TaskManager, ZooKeeper HA, supervised, serving. */
    public static final StackLayout RESILIENT = new StackLayout(1, 2, true, true, true);

    static final String BROKERS = "stack.kafka.brokers";
    static final String TASKMANAGERS = "stack.flink.taskmanagers";
    static final String HA = "stack.ha";
    static final String SUPERVISOR = "stack.supervisor";
    static final String SERVE = "stack.serve";

    /** A layout without the serving gateway. */
    public StackLayout(int kafkaBrokers, int taskManagers, boolean zookeeperHa, boolean supervised) {
        this(kafkaBrokers, taskManagers, zookeeperHa, supervised, false);
    }

    public StackLayout {
        if (kafkaBrokers != 1 && kafkaBrokers != 3) {
            throw new IllegalArgumentException(BROKERS + " must be 1 or 3 (a KRaft quorum needs a majority), got "
                    + kafkaBrokers + ": use -D " + BROKERS + "=3 or up --brokers 3");
        }
        if (taskManagers < 1 || taskManagers > 8) {
            throw new IllegalArgumentException(TASKMANAGERS + " must be between 1 and 8, got " + taskManagers
                    + ": use -D " + TASKMANAGERS + "=2 or up --taskmanagers 2");
        }
    }

    static StackLayout resolve(TributaryConfig config, Path stateDir, StackLayout fallback) {
        Properties recorded = read(file(stateDir));
        return new StackLayout(
                number(value(config, recorded, BROKERS, String.valueOf(fallback.kafkaBrokers())), BROKERS),
                number(value(config, recorded, TASKMANAGERS, String.valueOf(fallback.taskManagers())), TASKMANAGERS),
                ha(value(config, recorded, HA, fallback.zookeeperHa() ? "zookeeper" : "none")),
                flag(value(config, recorded, SUPERVISOR, String.valueOf(fallback.supervised())), SUPERVISOR),
                flag(value(config, recorded, SERVE, String.valueOf(fallback.serving())), SERVE));
    }

    /** Records the layout {@code up} runs, for later commands on the same state directory. */
    void record(Path stateDir) throws IOException {
        Properties p = new Properties();
        p.setProperty(BROKERS, String.valueOf(kafkaBrokers));
        p.setProperty(TASKMANAGERS, String.valueOf(taskManagers));
        p.setProperty(HA, zookeeperHa ? "zookeeper" : "none");
        p.setProperty(SUPERVISOR, String.valueOf(supervised));
        p.setProperty(SERVE, String.valueOf(serving));
        Files.createDirectories(stateDir);
        try (Writer w = Files.newBufferedWriter(file(stateDir), StandardCharsets.UTF_8)) {
            p.store(w, "the layout of the last ./tributary up");
        }
    }

    /** The layout {@code up} recorded in {@code stateDir}, if any. */
    static Properties read(Path file) {
        Properties p = new Properties();
        if (!Files.isRegularFile(file)) return p;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (IOException e) {
            // unreadable: the configuration and the fallback decide
        }
        return p;
    }

    static Path file(Path stateDir) { return stateDir.resolve("layout.properties"); }

    private static String value(TributaryConfig config, Properties recorded, String key, String fallback) {
        String v = config.get(key, "");
        if (!v.isBlank()) return v.trim();
        return recorded.getProperty(key, fallback).trim();
    }

    private static int number(String v, String key) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a number, got '" + v + "'");
        }
    }

    private static boolean ha(String v) {
        return switch (v.toLowerCase()) {
            case "zookeeper" -> true;
            case "none" -> false;
            default -> throw new IllegalArgumentException(HA + " must be zookeeper or none, got '" + v + "'");
        };
    }

    private static boolean flag(String v, String key) {
        return switch (v.toLowerCase()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
        };
    }
}
