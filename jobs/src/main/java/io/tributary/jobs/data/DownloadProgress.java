package io.tributary.jobs.data;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Prints, every second, how many bytes a directory has grown by: a download's progress with rate and ETA. */
final class DownloadProgress implements AutoCloseable {
    private final Path dir;
    private final long expectedBytes;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "download-progress");
        t.setDaemon(true);
        return t;
    });

    DownloadProgress(Path dir, long expectedBytes, PrintStream out) {
        this.dir = dir;
        this.expectedBytes = expectedBytes;
        this.out = out;
        timer.scheduleAtFixedRate(this::report, 1, 1, TimeUnit.SECONDS);
    }

    private void report() {
        long bytes = Math.min(size(dir), expectedBytes);
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = bytes / seconds;
        String eta = rate > 0 && bytes < expectedBytes ? String.format(", ETA %.0f s", (expectedBytes - bytes) / rate) : "";
        out.printf("dataset: %.1f / %.1f MB (%d %%), %.1f MB/s%s%n", bytes / 1e6, expectedBytes / 1e6,
                bytes * 100 / expectedBytes, rate / 1e6, eta);
    }

    static long size(Path dir) {
        if (!Files.isDirectory(dir)) return 0;
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    return 0; // a temporary file npm just renamed
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return 0;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
