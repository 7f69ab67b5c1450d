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
 * broker (resolved from {@code jobs/stack/kafka-broker/pom.xml} on first use) and ZooKeeper (likewise, from a POM
 * written by this class), both cached in {@code jobs/target/stack-classpaths/}.
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
        Path cached = cacheDir().resolve("kafka-broker.classpath");
        try {
            if (Files.isRegularFile(cached) && Files.getLastModifiedTime(cached).compareTo(Files.getLastModifiedTime(pom)) > 0
                    && allExist(read(cached))) {
                return read(cached);
            }
        } catch (IOException e) {
            // resolve again
        }
        return resolve(pom, cached, "the Kafka broker's jars", log);
    }

    /** ZooKeeper 3.9.5 with the jars its server needs at run time (metrics, snappy: "provided" in its POM) and log4j. */
    static final String ZOOKEEPER_POM = """
            <?xml version="1.0" encoding="UTF-8"?>
            <!-- written by ./tributary up: the ZooKeeper server of the local stack, resolved from Maven -->
            <project xmlns="http://maven.apache.org/POM/4.0.0">
              <modelVersion>4.0.0</modelVersion>
              <groupId>io.tributary</groupId>
              <artifactId>tributary-stack-zookeeper</artifactId>
              <version>1</version>
              <packaging>pom</packaging>
              <dependencies>
                <dependency><groupId>org.apache.zookeeper</groupId><artifactId>zookeeper</artifactId><version>3.9.5</version></dependency>
                <dependency><groupId>io.dropwizard.metrics</groupId><artifactId>metrics-core</artifactId><version>4.1.12.1</version></dependency>
                <dependency><groupId>org.xerial.snappy</groupId><artifactId>snappy-java</artifactId><version>1.1.10.5</version></dependency>
                <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-slf4j2-impl</artifactId><version>2.24.3</version></dependency>
                <dependency><groupId>org.apache.logging.log4j</groupId><artifactId>log4j-core</artifactId><version>2.24.3</version></dependency>
              </dependencies>
            </project>
            """;

    String zookeeper(java.util.function.Consumer<String> log) {
        Path pom = cacheDir().resolve("zookeeper-pom.xml");
        Path cached = cacheDir().resolve("zookeeper.classpath");
        try {
            if (Files.isRegularFile(pom) && Files.readString(pom).equals(ZOOKEEPER_POM) && Files.isRegularFile(cached)
                    && allExist(read(cached))) {
                return read(cached);
            }
            Files.createDirectories(pom.getParent());
            Path pomWritten = pom.resolveSibling("zookeeper-pom." + ProcessHandle.current().pid() + ".tmp");
            Files.writeString(pomWritten, ZOOKEEPER_POM, StandardCharsets.UTF_8);
            Files.move(pomWritten, pom, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new StackException("cannot write " + pom + ": " + e.getMessage(), e);
        }
        return resolve(pom, cached, "ZooKeeper's jars", log);
    }

    /**
     * Resolved classpaths are kept next to the build (jobs/target), shared by every state directory of this checkout:
     * a fresh stack (the demo, each test) then skips a Maven run per server.
     */
    private Path cacheDir() { return settings.platformClasspath().resolveSibling("stack-classpaths"); }

    private String resolve(Path pom, Path cached, String what, java.util.function.Consumer<String> log) {
        try {
            Files.createDirectories(cached.getParent());
            Files.createDirectories(settings.stateDir().resolve("classpath"));
            log.accept("resolving " + what + " with Maven (first run only)...");
            // written aside and moved into place: two stacks may resolve at once
            Path written = cached.resolveSibling(cached.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
            List<String> cmd = new ArrayList<>(List.of(mvn(), "-B", "-q", "-f", pom.toString(),
                    "dependency:build-classpath", "-Dmdep.includeScope=runtime",
                    "-Dmdep.outputFile=" + written));
            Path out = settings.stateDir().resolve("classpath/mvn.log");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new StackException("could not resolve " + what + " (" + String.join(" ", cmd) + "):\n"
                        + Tail.of(out, 20));
            }
            Files.move(written, cached, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            return read(cached);
        } catch (IOException e) {
            throw new StackException("could not run Maven to resolve " + what + ": " + e.getMessage()
                    + " (is `mvn` on the PATH?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("interrupted while resolving " + what, e);
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
