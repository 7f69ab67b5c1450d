package io.tributary.jobs.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * A started process, recorded as its pid and start instant: a pid alone may be reused by an unrelated process after
 * a reboot, so {@code down} only signals a process whose start instant still matches.
 */
record PidFile(Path file, long pid, Instant started) {

    static PidFile write(Path file, ProcessHandle process) throws IOException {
        Instant started = process.info().startInstant().orElse(Instant.EPOCH);
        Files.createDirectories(file.getParent());
        Files.writeString(file, process.pid() + " " + started.toEpochMilli() + "\n", StandardCharsets.UTF_8);
        return new PidFile(file, process.pid(), started);
    }

    static Optional<PidFile> read(Path file) {
        try {
            if (!Files.isRegularFile(file)) return Optional.empty();
            String[] parts = Files.readString(file, StandardCharsets.UTF_8).trim().split("\\s+");
            return Optional.of(new PidFile(file, Long.parseLong(parts[0]),
                    Instant.ofEpochMilli(parts.length > 1 ? Long.parseLong(parts[1]) : 0)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The recorded process, if it still runs and is the one we started. */
    Optional<ProcessHandle> live() {
        return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).filter(h -> {
            Optional<Instant> s = h.info().startInstant();
            // start instants are rounded differently by /proc readers; a second of slack is safe
            return s.isEmpty() || started.equals(Instant.EPOCH)
                    || Math.abs(s.get().toEpochMilli() - started.toEpochMilli()) < 1000;
        });
    }

    void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a stale pid file is harmless: live() checks the process
        }
    }
}
