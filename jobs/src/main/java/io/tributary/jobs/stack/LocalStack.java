package io.tributary.jobs.stack;

import java.io.File;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The local stack behind {@code ./tributary up / down / status}: a KRaft Kafka broker, a redis-server and a Flink
 * standalone session cluster (JobManager, TaskManager, SQL Gateway), each a separate process bound to 127.0.0.1,
 * with pid and log files under one state directory. {@code up} is idempotent and {@code down} stops exactly the
 * processes {@code up} started.
 */
public final class LocalStack {
    /** All services, in start order. */
    public static final List<String> SERVICES = List.of("kafka", "redis", "jobmanager", "taskmanager", "sql-gateway");

    private final StackSettings settings;
    private final Map<String, LocalService> services = new LinkedHashMap<>();
    private final Path javaBinary;

    public LocalStack(StackSettings settings) {
        this.settings = settings;
        services.put("kafka", new KafkaBrokerService(settings));
        services.put("redis", new RedisService(settings));
        services.put("jobmanager", new FlinkProcessService(settings, FlinkProcessService.Role.JOBMANAGER));
        services.put("taskmanager", new FlinkProcessService(settings, FlinkProcessService.Role.TASKMANAGER));
        services.put("sql-gateway", new FlinkProcessService(settings, FlinkProcessService.Role.SQL_GATEWAY));
        javaBinary = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    public StackSettings settings() { return settings; }

    /** What {@code up} did for one service. */
    public record Started(String service, long pid, boolean alreadyRunning, Duration startTime) {}

    /** The state of one service. */
    public record ServiceStatus(String service, String state, long pid, String endpoint, long rssKiB, Duration uptime) {}

    /**
     * Starts the named services (all when empty) that do not run yet, each waited for until ready.
     *
     * @throws StackException for a port in use, a missing tool or a service that died or hung while starting
     */
    public List<Started> up(List<String> only, Consumer<String> log) {
        List<String> names = select(only);
        ServiceContext ctx = new ServiceContext(settings, javaBinary, new Classpaths(settings), log);
        List<Started> result = new ArrayList<>();
        try (StackLock ignored = StackLock.acquire(settings)) {
            Files.createDirectories(settings.logs());
            Files.createDirectories(settings.pids());
            for (String name : names) result.add(start(services.get(name), ctx));
        } catch (IOException e) {
            throw new StackException("cannot write the stack's state directory " + settings.stateDir() + ": " + e.getMessage(), e);
        }
        return result;
    }

    /** Stops the named services (all when empty) that {@code up} started, in reverse start order. */
    public List<String> down(List<String> only, Consumer<String> log) {
        List<String> names = new ArrayList<>(select(only));
        java.util.Collections.reverse(names);
        List<String> stopped = new ArrayList<>();
        try (StackLock ignored = StackLock.acquire(settings)) {
            for (String name : names) {
                Path pidPath = pidFile(name);
                Optional<PidFile> pid = PidFile.read(pidPath);
                if (pid.isEmpty()) continue;
                Optional<ProcessHandle> live = pid.get().live();
                if (live.isPresent()) {
                    ProcessHandle h = live.get();
                    h.destroy();
                    try {
                        h.onExit().get(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        log.accept(name + " did not stop within 30 s after SIGTERM: killing pid " + h.pid());
                        h.destroyForcibly();
                        try {
                            h.onExit().get(10, TimeUnit.SECONDS);
                        } catch (Exception ignoredAgain) {
                            throw new StackException("could not stop " + name + " (pid " + h.pid() + ")");
                        }
                    }
                    log.accept("stopped " + name + " (pid " + h.pid() + ")");
                    stopped.add(name);
                } else {
                    log.accept(name + " was not running (removing stale pid file)");
                }
                pid.get().delete();
            }
        } catch (IOException e) {
            throw new StackException("cannot lock the stack's state directory: " + e.getMessage(), e);
        }
        return stopped;
    }

    public List<ServiceStatus> status() {
        ServiceContext ctx = new ServiceContext(settings, javaBinary, new Classpaths(settings), m -> { });
        List<ServiceStatus> out = new ArrayList<>();
        for (LocalService svc : services.values()) {
            Optional<PidFile> pid = PidFile.read(pidFile(svc.name()));
            Optional<ProcessHandle> live = pid.flatMap(PidFile::live);
            String endpoint = endpoint(svc.name());
            if (live.isEmpty()) {
                out.add(new ServiceStatus(svc.name(), pid.isPresent() ? "stopped (stale pid file)" : "stopped", -1,
                        endpoint, 0, Duration.ZERO));
                continue;
            }
            ProcessHandle h = live.get();
            Duration uptime = h.info().startInstant().map(s -> Duration.between(s, Instant.now())).orElse(Duration.ZERO);
            out.add(new ServiceStatus(svc.name(), svc.isReady(ctx) ? "running" : "starting (not ready)", h.pid(),
                    endpoint, rssKiB(h.pid()), uptime));
        }
        return out;
    }

    private Started start(LocalService svc, ServiceContext ctx) throws IOException {
        Path pidPath = pidFile(svc.name());
        Optional<PidFile> existing = PidFile.read(pidPath);
        Optional<ProcessHandle> live = existing.flatMap(PidFile::live);
        if (live.isPresent()) {
            awaitReady(svc, ctx, live.get(), System.nanoTime());
            ctx.log().accept(svc.name() + " already running (pid " + live.get().pid() + ")");
            return new Started(svc.name(), live.get().pid(), true, Duration.ZERO);
        }
        existing.ifPresent(PidFile::delete);
        for (LocalService.PortClaim claim : svc.ports()) {
            if (!Probes.portFree(claim.port())) {
                throw new StackException("port " + claim.port() + " on 127.0.0.1, needed by " + svc.name()
                        + ", is in use by another process. Stop that process, or choose another port: "
                        + "-D " + claim.configKey() + "=<port> (or set it in --config FILE)");
            }
        }
        long t0 = System.nanoTime();
        ctx.log().accept("starting " + svc.name() + "...");
        try {
            svc.prepare(ctx);
        } catch (StackException e) {
            throw e;
        } catch (Exception e) {
            throw new StackException("preparing " + svc.name() + " failed: " + e, e);
        }
        List<String> command = new ArrayList<>();
        // its own session: the service outlives this command and ignores the terminal's Ctrl-C and hangup
        RedisService.onPath("setsid").ifPresent(p -> command.add(p.toString()));
        try {
            command.addAll(svc.command(ctx));
        } catch (StackException e) {
            throw e;
        } catch (Exception e) {
            throw new StackException("preparing " + svc.name() + " failed: " + e, e);
        }
        Path out = settings.logs().resolve(svc.name() + ".out");
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(settings.stateDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        if (svc instanceof FlinkProcessService f) {
            for (String kv : f.environment()) pb.environment().put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        Files.writeString(out, "\n=== " + Instant.now() + " " + String.join(" ", command) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process process = pb.start();
        PidFile.write(pidPath, process.toHandle());
        awaitReady(svc, ctx, process.toHandle(), t0);
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        ctx.log().accept(String.format("%s ready in %.1f s (pid %d, %s)", svc.name(), took.toMillis() / 1000.0,
                process.pid(), endpoint(svc.name())));
        return new Started(svc.name(), process.pid(), false, took);
    }

    private void awaitReady(LocalService svc, ServiceContext ctx, ProcessHandle h, long t0) {
        long deadline = t0 + svc.startTimeout().toNanos();
        while (!svc.isReady(ctx)) {
            if (!h.isAlive()) {
                PidFile.read(pidFile(svc.name())).ifPresent(PidFile::delete);
                throw new StackException(svc.name() + " died while starting.\n" + logs(svc, ctx));
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(svc.name() + " (pid " + h.pid() + ") did not become ready within "
                        + svc.startTimeout().toSeconds() + " s; it is still running, `./tributary down` stops it.\n" + logs(svc, ctx));
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("interrupted while waiting for " + svc.name());
            }
        }
    }

    private String logs(LocalService svc, ServiceContext ctx) {
        Path out = settings.logs().resolve(svc.name() + ".out");
        Path log = svc.logFile(ctx);
        return log.equals(out) ? Tail.of(out, 25) : Tail.of(out, 15) + "\n" + Tail.of(log, 25);
    }

    private List<String> select(List<String> only) {
        if (only == null || only.isEmpty()) return SERVICES;
        for (String s : only) {
            if (!services.containsKey(s)) throw new StackException("unknown service '" + s + "'; services are " + SERVICES);
        }
        return SERVICES.stream().filter(only::contains).toList();
    }

    private String endpoint(String name) {
        return switch (name) {
            case "kafka" -> settings.kafkaBootstrap();
            case "redis" -> settings.redisUri();
            case "jobmanager" -> settings.flinkRestUrl();
            case "taskmanager" -> "(registers with the JobManager)";
            case "sql-gateway" -> settings.sqlGatewayUrl();
            default -> "";
        };
    }

    private Path pidFile(String name) { return settings.pids().resolve(name + ".pid"); }

    private static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        } catch (IOException | RuntimeException ignored) {
            // not Linux, or the process just exited
        }
        return 0;
    }

    /** Serializes up/down of one state directory across processes. */
    private record StackLock(FileChannel channel, FileLock lock) implements AutoCloseable {
        static StackLock acquire(StackSettings s) throws IOException {
            Files.createDirectories(s.stateDir());
            FileChannel ch = FileChannel.open(s.stateDir().resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = ch.tryLock();
            if (lock == null) {
                ch.close();
                throw new StackException("another `tributary up/down` is running on " + s.stateDir());
            }
            return new StackLock(ch, lock);
        }

        @Override
        public void close() throws IOException {
            lock.release();
            channel.close();
        }
    }
}
