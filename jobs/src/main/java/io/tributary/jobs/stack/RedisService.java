package io.tributary.jobs.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server process (Debian's package), installed with apt-get when missing and possible; append-only
 * persistence in {@code <state>/redis}.
 */
final class RedisService implements LocalService {
    private final StackSettings s;

    RedisService(StackSettings settings) { this.s = settings; }

    @Override public String name() { return "redis"; }

    @Override public List<PortClaim> ports() { return List.of(new PortClaim(s.redisPort(), "stack.redis.port")); }

    @Override
    public void prepare(ServiceContext ctx) throws Exception {
        Files.createDirectories(s.stateDir().resolve("redis"));
        if (binary().isPresent()) return;
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root && onPath("apt-get").isPresent()) {
            ctx.log().accept("redis-server is missing: installing it with `apt-get install -y redis-server`...");
            Path out = s.logs().resolve("redis-install.log");
            Process p = new ProcessBuilder("bash", "-c",
                    "(apt-get install -y redis-server || (apt-get update && apt-get install -y redis-server))")
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (p.waitFor(10, TimeUnit.MINUTES) && p.exitValue() == 0 && binary().isPresent()) return;
            throw new StackException("installing redis-server with apt-get failed\n" + Tail.of(out, 15));
        }
        throw new StackException("redis-server is not installed. Install it and run `./tributary up` again:\n"
                + "  Debian/Ubuntu: sudo apt-get install -y redis-server\n"
                + "  macOS:         brew install redis");
    }

    @Override
    public List<String> command(ServiceContext ctx) {
        return List.of(binary().orElseThrow().toString(), "--bind", "127.0.0.1", "--port", String.valueOf(s.redisPort()),
                "--dir", s.stateDir().resolve("redis").toString(),
                // append-only file, fsynced every second: a killed and restarted redis-server comes back with its data
                "--save", "", "--appendonly", "yes", "--appendfsync", "everysec",
                "--daemonize", "no", "--logfile", "");
    }

    @Override public boolean isReady(ServiceContext ctx) { return Probes.redisPing(s.redisPort()); }

    @Override public Duration startTimeout() { return Duration.ofSeconds(20); }

    private static Optional<Path> binary() {
        Optional<Path> p = onPath("redis-server");
        return p.isPresent() ? p : Optional.of(Path.of("/usr/bin/redis-server")).filter(Files::isExecutable);
    }

    static Optional<Path> onPath(String tool) {
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        for (String dir : List.of("/usr/sbin", "/sbin")) {
            Path candidate = Path.of(dir, tool);
            if (Files.isExecutable(candidate)) return Optional.of(candidate);
        }
        return Optional.empty();
    }
}
