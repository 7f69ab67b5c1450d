package io.tributary.jobs.stack;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How a service's process is launched: written by {@code up} next to its pid file so that the supervisor restarts a
 * dead one with exactly the same command, environment and log.
 */
record SupervisedCommand(List<String> command, Map<String, String> environment, String directory, String output) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Starts the process in {@link #directory}, appending its stdout and stderr to {@link #output}. */
    Process start() throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(new File(directory))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(new File(output)))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().putAll(environment);
        Files.createDirectories(Path.of(output).getParent());
        Files.writeString(Path.of(output), "\n=== " + Instant.now() + " " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        return pb.start();
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), this);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    static SupervisedCommand read(Path file) throws IOException {
        return JSON.readValue(file.toFile(), SupervisedCommand.class);
    }

    /** Where {@code up} keeps the command of {@code service}. */
    static Path file(Path stateDir, String service) { return dir(stateDir).resolve(service + ".json"); }

    static Path dir(Path stateDir) { return stateDir.resolve("supervisor"); }
}
