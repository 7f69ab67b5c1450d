package io.tributary.jobs.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The local stack's supervisor, a process of its own started by {@code up}: about once a second it checks every
 * service {@code up} started (a command file in {@code <state>/supervisor/} and a pid file) and restarts a dead one
 * with the same command, after {@link RestartBackoff}. A service without a pid file was stopped by {@code down} and
 * stays stopped. Restarts happen under the stack's lock, never while {@code up} or {@code down} runs.
 */
public final class Supervisor {
    private final Path stateDir;
    private final RestartBackoff backoff;
    private final Consumer<String> log;
    private final Map<String, Tracked> tracked = new TreeMap<>();

    /** What the supervisor knows about one service between polls. */
    private static final class Tracked {
        int restarts;
        int consecutive;
        Instant diedAt;
        Instant restartAt;
        String lastExit = "";
        Process child;
    }

    Supervisor(Path stateDir, RestartBackoff backoff, Consumer<String> log) {
        this.stateDir = stateDir;
        this.backoff = backoff;
        this.log = log;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: Supervisor <stack state directory>");
            System.exit(2);
        }
        Path stateDir = Path.of(args[0]);
        Path ownPidFile = stateDir.resolve("pids/supervisor.pid");
        long self = ProcessHandle.current().pid();
        Supervisor supervisor = new Supervisor(stateDir, RestartBackoff.DEFAULT,
                m -> System.out.println("[" + Instant.now() + "] " + m));
        supervisor.log.accept("supervising the services of " + stateDir + " (pid " + self + ")");
        Instant started = Instant.now();
        while (true) {
            supervisor.poll(Instant.now());
            // a supervisor whose pid file is gone or names another process was replaced or stopped: it must not linger
            Optional<PidFile> own = PidFile.read(ownPidFile);
            boolean grace = Duration.between(started, Instant.now()).toSeconds() < 10;
            if (own.map(p -> p.pid() != self).orElse(!grace)) {
                supervisor.log.accept("pid file " + ownPidFile + " no longer names this process: exiting");
                return;
            }
            Thread.sleep(1000);
        }
    }

    /** One round: restarts what is due, and reports every service's state. */
    void poll(Instant now) throws IOException {
        for (String service : supervisedServices()) {
            Tracked t = tracked.computeIfAbsent(service, k -> new Tracked());
            Optional<PidFile> pid = PidFile.read(stateDir.resolve("pids/" + service + ".pid"));
            if (pid.isEmpty()) {
                t.diedAt = null; // stopped by down, or never started: nothing to supervise
                continue;
            }
            if (pid.get().live().isPresent()) {
                t.diedAt = null;
                if (Duration.between(pid.get().started(), now).compareTo(backoff.stableAfter()) >= 0) t.consecutive = 0;
                continue;
            }
            if (t.diedAt == null) {
                t.diedAt = now;
                t.lastExit = exitReason(service, pid.get(), t);
                t.restartAt = now.plus(backoff.delay(t.consecutive));
                log.accept(service + " (pid " + pid.get().pid() + ") died: " + t.lastExit + "; restarting "
                        + (t.restartAt.equals(now) ? "now" : "in " + backoff.delay(t.consecutive).toSeconds() + " s"));
            }
            if (!now.isBefore(t.restartAt)) restart(service, pid.get(), t);
        }
        Map<String, SupervisorState.Service> report = new TreeMap<>();
        tracked.forEach((name, t) -> report.put(name, new SupervisorState.Service(t.restarts, t.diedAt != null, t.lastExit)));
        new SupervisorState(now, report).write(stateDir);
    }

    private void restart(String service, PidFile dead, Tracked t) throws IOException {
        Optional<StackLock> lock = StackLock.tryAcquire(stateDir);
        if (lock.isEmpty()) return; // up or down is at work: try again next round
        try (StackLock ignored = lock.get()) {
            Optional<PidFile> now = PidFile.read(dead.file());
            if (now.isEmpty() || now.get().pid() != dead.pid()) {
                t.diedAt = null; // down stopped it, or up started it again meanwhile
                return;
            }
            SupervisedCommand command = SupervisedCommand.read(SupervisedCommand.file(stateDir, service));
            Process process;
            try {
                process = command.start();
            } catch (IOException e) {
                log.accept("could not restart " + service + ": " + e.getMessage() + "; trying again");
                t.consecutive++;
                t.restartAt = Instant.now().plus(backoff.delay(t.consecutive));
                return;
            }
            PidFile.write(dead.file(), process.toHandle());
            t.child = process;
            t.restarts++;
            t.consecutive++;
            t.diedAt = null;
            log.accept("restarted " + service + " (pid " + process.pid() + "), restart #" + t.restarts);
        }
    }

    /** The exit code when this supervisor started the process; otherwise only the last line it wrote. */
    private String exitReason(String service, PidFile dead, Tracked t) {
        String reason;
        if (t.child != null && t.child.pid() == dead.pid()) {
            int code = t.child.exitValue();
            reason = code > 128 ? "killed by signal " + (code - 128) + " (exit code " + code + ")" : "exit code " + code;
        } else {
            reason = "exit status unknown (started by up, not by the supervisor)";
        }
        String last = lastLine(service);
        return last.isEmpty() ? reason : reason + "; last output: " + last;
    }

    private String lastLine(String service) {
        try {
            SupervisedCommand command = SupervisedCommand.read(SupervisedCommand.file(stateDir, service));
            List<String> lines = Files.readAllLines(Path.of(command.output()));
            for (int i = lines.size() - 1; i >= 0; i--) {
                String line = lines.get(i).strip();
                // "=== <time> <command>" is up's own header, not the process's output
                if (!line.isEmpty() && !line.startsWith("=== ")) return line.length() > 200 ? line.substring(0, 200) + "..." : line;
            }
        } catch (IOException | RuntimeException e) {
            // no output to quote
        }
        return "";
    }

    private List<String> supervisedServices() throws IOException {
        Path dir = SupervisedCommand.dir(stateDir);
        if (!Files.isDirectory(dir)) return List.of();
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList();
        }
    }

    /** Restart counts so far, for tests. */
    Map<String, Integer> restarts() {
        Map<String, Integer> out = new HashMap<>();
        tracked.forEach((k, v) -> out.put(k, v.restarts));
        return out;
    }
}
