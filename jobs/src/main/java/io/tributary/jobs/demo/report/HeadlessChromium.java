package io.tributary.jobs.demo.report;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Debian's Chromium, headless, on local files: the DOM after the page's scripts ran ({@code --dump-dom}), and PNG
 * screenshots. Each call is one browser process with a fresh profile that is deleted afterwards; a process that
 * outlives the timeout is killed with everything it started. Works as root and without network.
 */
public final class HeadlessChromium {
    /** Where Debian's package puts it; otherwise {@code chromium} on the PATH. */
    public static final Path DEBIAN_BINARY = Path.of("/usr/bin/chromium");

    private static final List<String> FLAGS = List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
            "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-extensions", "--hide-scrollbars");
    private static final int STDERR_TAIL_LINES = 15;

    private final Path binary;
    private final Duration timeout;

    /** @param timeout how long one call may take before the browser is killed */
    public HeadlessChromium(Path binary, Duration timeout) {
        this.binary = binary;
        this.timeout = timeout;
    }

    /** The installed Chromium with a 60 s timeout per call; fails with installation advice when there is none. */
    public static HeadlessChromium installed() {
        return new HeadlessChromium(locate().orElseThrow(() -> new IllegalStateException("Chromium is not installed "
                + "(looked for " + DEBIAN_BINARY + " and chromium on the PATH); install it with: apt-get install -y chromium")),
                Duration.ofSeconds(60));
    }

    /** {@link #DEBIAN_BINARY}, or the first executable {@code chromium} on the PATH. */
    public static Optional<Path> locate() {
        if (Files.isExecutable(DEBIAN_BINARY)) return Optional.of(DEBIAN_BINARY);
        String path = System.getenv("PATH");
        if (path == null) return Optional.empty();
        return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "chromium"))
                .filter(Files::isExecutable).findFirst();
    }

    /**
     * The serialized DOM of {@code html} once it has loaded and its scripts ran.
     *
     * @param scriptMillis virtual time the page gets for timers and load handlers before the dump
     */
    public String dumpDom(Path html, int scriptMillis) throws IOException {
        Path out = Files.createTempFile("tributary-chromium-dom", ".html");
        try {
            run(List.of("--virtual-time-budget=" + scriptMillis, "--dump-dom"), html, out);
            return Files.readString(out, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    /** A PNG of the top {@code height} pixels of {@code html} rendered in a window {@code width} pixels wide. */
    public void screenshot(Path html, Path png, int width, int height) throws IOException {
        Path target = png.toAbsolutePath();
        Files.deleteIfExists(target);
        run(List.of("--window-size=" + width + "," + height, "--run-all-compositor-stages-before-draw",
                "--screenshot=" + target), html, null);
        if (!Files.isRegularFile(target) || Files.size(target) == 0) {
            throw new IOException("Chromium exited normally but wrote no screenshot to " + target);
        }
    }

    /** Runs one browser on {@code html}, stdout to {@code stdout} (or discarded). */
    private void run(List<String> args, Path html, Path stdout) throws IOException {
        Path profile = Files.createTempDirectory("tributary-chromium-profile");
        Path stderr = profile.resolveSibling(profile.getFileName() + ".stderr");
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(FLAGS);
        command.add("--user-data-dir=" + profile);
        command.addAll(args);
        command.add(html.toAbsolutePath().toUri().toString());
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(stderr.toFile())
                .redirectOutput(stdout == null ? ProcessBuilder.Redirect.DISCARD : ProcessBuilder.Redirect.to(stdout.toFile()));
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            deleteTree(profile);
            throw new IOException("cannot start " + binary + " (" + e.getMessage() + "); install Chromium with: "
                    + "apt-get install -y chromium", e);
        }
        // children (zygote, renderer, GPU) are reparented when the browser exits: remember them while it runs
        Set<ProcessHandle> started = new HashSet<>();
        try {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!process.waitFor(100, TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(started::add);
                if (System.nanoTime() > deadline) {
                    killTree(process, started);
                    throw new IOException("Chromium did not finish within " + timeout.toSeconds() + " s and was killed: "
                            + String.join(" ", command) + stderrTail(stderr));
                }
            }
            if (process.exitValue() != 0) {
                throw new IOException("Chromium failed (exit " + process.exitValue() + "): " + String.join(" ", command)
                        + stderrTail(stderr));
            }
        } catch (InterruptedException e) {
            killTree(process, started);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while Chromium ran", e);
        } finally {
            started.forEach(ProcessHandle::destroyForcibly);
            deleteTree(profile);
            Files.deleteIfExists(stderr);
        }
    }

    private static void killTree(Process process, Set<ProcessHandle> started) {
        process.descendants().forEach(started::add);
        started.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of stderr, without the D-Bus complaints every headless run prints on a machine without a bus. */
    private static String stderrTail(Path stderr) {
        try {
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8).stream()
                    .filter(l -> !l.contains("dbus") && !l.isBlank()).toList();
            if (lines.isEmpty()) return "";
            return "\n" + String.join("\n", lines.subList(Math.max(0, lines.size() - STDERR_TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover profile in the temp directory is harmless
        }
    }
}
