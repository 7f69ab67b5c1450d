package io.tributary.jobs.stack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The {@link Supervisor} process: started last by {@code up}, stopped first by {@code down}. */
final class SupervisorService implements LocalService {
    static final String NAME = "supervisor";
    private final StackSettings s;

    SupervisorService(StackSettings settings) { this.s = settings; }

    @Override public String name() { return NAME; }

    @Override public List<PortClaim> ports() { return List.of(); }

    @Override
    public void prepare(ServiceContext ctx) throws Exception {
        Files.createDirectories(SupervisedCommand.dir(s.stateDir()));
    }

    @Override
    public List<String> command(ServiceContext ctx) {
        return List.of(ctx.javaBinary().toString(), "-Xms16m", "-Xmx96m", "-XX:+UseSerialGC",
                "-cp", ctx.classpaths().flinkProcesses(), Supervisor.class.getName(), s.stateDir().toString());
    }

    @Override public Path logFile(ServiceContext ctx) { return s.logs().resolve(NAME + ".out"); }

    /** Ready once it reported within the last 3 s. */
    @Override
    public boolean isReady(ServiceContext ctx) {
        Instant heartbeat = SupervisorState.read(s.stateDir()).heartbeat();
        return Duration.between(heartbeat, Instant.now()).compareTo(Duration.ofSeconds(3)) < 0;
    }

    @Override public Duration startTimeout() { return Duration.ofSeconds(30); }
}
