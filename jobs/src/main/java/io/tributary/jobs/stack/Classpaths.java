package io.tributary.jobs.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Classpaths of the stack's JVMs, all from Maven jars: the Flink platform (written by the jobs build) and the Kafka
 * broker (resolved from {@code jobs/stack/kafka-broker/pom.xml} on first use, cached in the state directory).
 */
final class Classpaths {
    private final StackSettings settings;

    Classpaths(StackSettings settings) { this.settings = settings; }

    String platform() {
        Path file = settings.platformClasspath();
        if (!Files.isRegularFile(file)) {
            throw new StackException("the Flink platform classpath " + file + " is missing: build first with "
                    + "`mvn -DskipTests package` (./tributary does this on first use)");
        }
        return read(file);
    }

    /**
     * The Flink processes' classpath: the platform plus Tributary's job jar, so that SQL submitted through the
     * gateway finds Tributary's connectors ('connector' = 'redis') and functions.
     */
    String flinkProcesses() {
        Path jobJar = settings.root().resolve("jobs/target/tributary-job.jar");
        if (!Files.isRegularFile(jobJar)) {
            throw new StackException("Tributary's job jar " + jobJar + " is missing: build first with `mvn -DskipTests package`");
        }
        return platform() + java.io.File.pathSeparator + jobJar;
    }

    String kafkaBroker(java.util.function.Consumer<String> log) {
        Path pom = settings.root().resolve("jobs/stack/kafka-broker/pom.xml");
        Path cached = settings.stateDir().resolve("classpath/kafka-broker.classpath");
        try {
            if (Files.isRegularFile(cached) && Files.getLastModifiedTime(cached).compareTo(Files.getLastModifiedTime(pom)) > 0
                    && allExist(read(cached))) {
                return read(cached);
            }
            Files.createDirectories(cached.getParent());
            log.accept("resolving the Kafka broker's jars with Maven (first run only)...");
            List<String> cmd = new ArrayList<>(List.of(mvn(), "-B", "-q", "-f", pom.toString(),
                    "dependency:build-classpath", "-Dmdep.includeScope=runtime",
                    "-Dmdep.outputFile=" + cached));
            Path out = settings.stateDir().resolve("classpath/mvn.log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new StackException("could not resolve the Kafka broker's jars (" + String.join(" ", cmd) + "):\n"
                        + Tail.of(out, 20));
            }
            return read(cached);
        } catch (IOException e) {
            throw new StackException("could not run Maven to resolve the Kafka broker's jars: " + e.getMessage()
                    + " (is `mvn` on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while resolving the Kafka broker's jars", e);
        }
    }

    private static String mvn() {
        String home = System.getenv("MAVEN_HOME");
        return home != null && Files.isExecutable(Path.of(home, "bin", "mvn")) ? Path.of(home, "bin", "mvn").toString() : "mvn";
    }

    private static boolean allExist(String cp) {
        for (String e : cp.split(java.io.File.pathSeparator)) if (!e.isEmpty() && !Files.exists(Path.of(e))) return false;
        return true;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            throw new StackException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
