package io.tributary.jobs.demo;

import io.tributary.jobs.stack.LocalStack;
import io.tributary.jobs.stack.StackSettings;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The demo's own stack (Kafka, Redis, JobManager, TaskManager, SQL Gateway) in its own state directory and ports, so
 * it neither reuses nor disturbs a stack of {@code ./tributary up}. Every run starts from empty topics; whatever the
 * run started stops when it ends, fails or is interrupted (a shutdown hook), unless it is asked to keep running.
 */
final class DemoStack implements AutoCloseable {
    private final LocalStack stack;
    private final PrintStream out;
    private final Thread hook;
    private volatile boolean stopped;
    private boolean keep;

    DemoStack(StackSettings settings, PrintStream out) {
        this.stack = new LocalStack(settings);
        this.out = out;
        this.hook = new Thread(() -> stop("interrupted: "), "demo-shutdown");
    }

    StackSettings settings() { return stack.settings(); }

    /** Stops what an earlier demo left running, empties the state directory, starts every service. */
    void start() throws IOException {
        stack.down(List.of(), m -> out.println("  earlier demo: " + m));
        deleteTree(settings().stateDir());
        Runtime.getRuntime().addShutdownHook(hook);
        long t0 = System.nanoTime();
        for (LocalStack.Started s : stack.up(List.of(), m -> out.println("  " + m))) {
            out.printf("stack: %s up (pid %d, %.1f s)%n", s.service(), s.pid(), s.startTime().toMillis() / 1000.0);
        }
        out.printf("stack: ready in %.0f s (state in %s)%n", (System.nanoTime() - t0) / 1e9, settings().stateDir());
    }

    void keepRunning() { keep = true; }

    private void stop(String why) {
        if (stopped || keep) return;
        stopped = true;
        out.println("demo: " + why + "stopping everything it started");
        try {
            stack.down(List.of(), m -> out.println("  " + m));
        } catch (RuntimeException e) {
            out.println("demo: could not stop every service: " + e.getMessage() + " (see ./tributary status -D stack.dir="
                    + settings().stateDir() + ")");
        }
    }

    @Override
    public void close() {
        stop("");
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook itself is running
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
