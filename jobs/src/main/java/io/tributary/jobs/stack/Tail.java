package io.tributary.jobs.stack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log file, for error messages. */
final class Tail {
    private Tail() {}

    static String of(Path file, int lines) {
        if (!Files.isRegularFile(file)) return "(no log at " + file + ")";
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            List<String> tail = all.subList(Math.max(0, all.size() - lines), all.size());
            return "--- last " + tail.size() + " lines of " + file + " ---\n" + String.join("\n", tail);
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }
}
