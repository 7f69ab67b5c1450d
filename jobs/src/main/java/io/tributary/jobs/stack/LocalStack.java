package io.tributary.jobs.stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * The local stack behind {@code ./tributary up / down / status}: KRaft Kafka (one node or three), a redis-server, a
 * Flink standalone session cluster (JobManager, TaskManagers, SQL Gateway), optionally ZooKeeper for JobManager HA,
 * the serving gateway and a supervisor that restarts dead services; each a separate process bound to 127.0.0.1, with pid and log files
 * under one state directory. {@code up} is idempotent and {@code down} stops exactly the processes {@code up} started.
 */
public final class LocalStack {
    /** The services of the {@link StackLayout#MINIMAL} layout, in start order. */
    public static final List<String> SERVICES = List.of("kafka", "redis", "jobmanager", "taskmanager", "sql-gateway");

    private final StackSettings settings;
    private final Map<String, LocalService> services = new LinkedHashMap<>();
    private final Path javaBinary;

    public LocalStack(StackSettings settings) {
        this.settings = settings;
        StackLayout layout = settings.layout();
        if (layout.zookeeperHa()) add(new ZooKeeperService(settings));
        for (int node = 1; node <= layout.kafkaBrokers(); node++) add(new KafkaBrokerService(settings, node));
        add(new RedisService(settings));
        add(new FlinkProcessService(settings, FlinkProcessService.Role.JOBMANAGER));
        for (int tm = 1; tm <= layout.taskManagers(); tm++) add(new FlinkProcessService(settings, FlinkProcessService.Role.TASKMANAGER, tm));
        add(new FlinkProcessService(settings, FlinkProcessService.Role.SQL_GATEWAY));
        if (layout.serving()) add(new ServeService(settings));
        if (layout.supervised()) add(new SupervisorService(settings));
        javaBinary = ProcessHandle.current().info().command().map(Path::of)
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java"));
    }

    private void add(LocalService service) { services.put(service.name(), service); }

    public StackSettings settings() { return settings; }

    /** This stack's services, in start order. */
    public List<String> services() { return List.copyOf(services.keySet()); }

    /** What {@code up} did for one service. */
    public record Started(String service, long pid, boolean alreadyRunning, Duration startTime) {}

    /**
     * The state of one service.
     *
     * @param restarts how often the supervisor restarted it since the supervisor started
     */
    public record ServiceStatus(String service, String state, long pid, String endpoint, long rssKiB, Duration uptime,
                                int restarts) {}

    /**
     * Starts the named services (all when empty) that do not run yet, each waited for until ready.
     *
     * @throws StackException for a port in use, a missing tool or a service that died or hung while starting
     */
    public List<Started> up(List<String> only, Consumer<String> log) {
        List<String> names = select(only);
        ServiceContext ctx = new ServiceContext(settings, javaBinary, new Classpaths(settings), log);
        List<Started> result = new ArrayList<>();
        try (StackLock ignored = StackLock.acquire(settings.stateDir())) {
            Files.createDirectories(settings.logs());
            Files.createDirectories(settings.pids());
            if (names.stream().anyMatch(n -> services.get(n) instanceof KafkaBrokerService)) KafkaBrokerService.checkFormattedFor(settings);
            settings.layout().record(settings.stateDir());
            // pid files of processes that died before this up (a reboot): the supervisor must not resurrect those
            for (String name : services.keySet()) {
                Optional<PidFile> pid = PidFile.read(pidFile(name));
                if (pid.isPresent() && pid.get().live().isEmpty()) pid.get().delete();
            }
            List<Launched> kafkaNodes = new ArrayList<>();
            for (String name : names) {
                LocalService svc = services.get(name);
                if (svc instanceof KafkaBrokerService) {
                    // a multi-node quorum elects a leader only once a majority runs: launch every node, then wait
                    kafkaNodes.add(launch(svc, ctx));
                    boolean lastNode = names.stream().filter(n -> services.get(n) instanceof KafkaBrokerService)
                            .reduce((a, b) -> b).orElseThrow().equals(name);
                    if (lastNode) for (Launched l : kafkaNodes) result.add(awaitStarted(l, ctx));
                } else {
                    result.add(awaitStarted(launch(svc, ctx), ctx));
                }
            }
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
        try (StackLock ignored = StackLock.acquire(settings.stateDir())) {
            // the supervisor is last in start order, so first here: it must not restart what down stops
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
        Map<String, SupervisorState.Service> supervised = SupervisorState.read(settings.stateDir()).services();
        boolean supervisorRuns = PidFile.read(pidFile(SupervisorService.NAME)).flatMap(PidFile::live).isPresent();
        List<ServiceStatus> out = new ArrayList<>();
        for (LocalService svc : services.values()) {
            Optional<PidFile> pid = PidFile.read(pidFile(svc.name()));
            Optional<ProcessHandle> live = pid.flatMap(PidFile::live);
            String endpoint = endpoint(svc.name());
            SupervisorState.Service sup = supervised.get(svc.name());
            int restarts = supervisorRuns && sup != null ? sup.restarts() : 0;
            if (live.isEmpty()) {
                String state = pid.isEmpty() ? "stopped"
                        : supervisorRuns && sup != null ? "restarting" : "stopped (stale pid file)";
                out.add(new ServiceStatus(svc.name(), state, -1, endpoint, 0, Duration.ZERO, restarts));
                continue;
            }
            ProcessHandle h = live.get();
            Duration uptime = h.info().startInstant().map(s -> Duration.between(s, Instant.now())).orElse(Duration.ZERO);
            out.add(new ServiceStatus(svc.name(), svc.isReady(ctx) ? "running" : "starting (not ready)", h.pid(),
                    endpoint, rssKiB(h.pid()), uptime, restarts));
        }
        return out;
    }

    /** A service's process as {@code up} launched it, or found it running. */
    private record Launched(LocalService service, ProcessHandle process, boolean alreadyRunning, long startNanos) {}

    private Launched launch(LocalService svc, ServiceContext ctx) throws IOException {
        Path pidPath = pidFile(svc.name());
        Optional<PidFile> existing = PidFile.read(pidPath);
        Optional<ProcessHandle> live = existing.flatMap(PidFile::live);
        if (live.isPresent()) return new Launched(svc, live.get(), true, System.nanoTime());
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
        List<String> command = new ArrayList<>();
        // its own session: the service outlives this command and ignores the terminal's Ctrl-C and hangup
        RedisService.onPath("setsid").ifPresent(p -> command.add(p.toString()));
        try {
            svc.prepare(ctx);
            command.addAll(svc.command(ctx));
        } catch (StackException e) {
            throw e;
        } catch (Exception e) {
            throw new StackException("preparing " + svc.name() + " failed: " + e, e);
        }
        Map<String, String> environment = new LinkedHashMap<>();
        if (svc instanceof FlinkProcessService f) {
            for (String kv : f.environment()) environment.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
        }
        SupervisedCommand launch = new SupervisedCommand(command, environment, settings.stateDir().toString(),
                settings.logs().resolve(svc.name() + ".out").toString());
        // the supervisor restarts a dead service with this very command (not itself: down stops it first)
        if (!(svc instanceof SupervisorService)) launch.write(SupervisedCommand.file(settings.stateDir(), svc.name()));
        Process process = launch.start();
        PidFile.write(pidPath, process.toHandle());
        return new Launched(svc, process.toHandle(), false, t0);
    }

    private Started awaitStarted(Launched l, ServiceContext ctx) {
        LocalService svc = l.service();
        awaitReady(svc, ctx, l.process(), l.startNanos());
        if (l.alreadyRunning()) {
            ctx.log().accept(svc.name() + " already running (pid " + l.process().pid() + ")");
            return new Started(svc.name(), l.process().pid(), true, Duration.ZERO);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - l.startNanos());
        ctx.log().accept(String.format("%s ready in %.1f s (pid %d, %s)", svc.name(), took.toMillis() / 1000.0,
                l.process().pid(), endpoint(svc.name())));
        return new Started(svc.name(), l.process().pid(), false, took);
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

    /** The named services in start order; "kafka" and "taskmanager" also name kafka-N and taskmanager-N. */
    private List<String> select(List<String> only) {
        List<String> all = services();
        if (only == null || only.isEmpty()) return all;
        for (String s : only) {
            if (!services.containsKey(s)) throw new StackException("unknown service '" + s + "'; services are " + all);
        }
        return all.stream().filter(name -> only.stream().anyMatch(o -> name.equals(o)
                || (o.equals("kafka") || o.equals("taskmanager")) && name.matches(o + "-\\d+"))).toList();
    }

    private String endpoint(String name) {
        return switch (name) {
            case "kafka" -> settings.layout().kafkaBrokers() == 1 ? settings.kafkaBootstrap() : "127.0.0.1:" + settings.kafkaPort(1);
            case "kafka-2" -> "127.0.0.1:" + settings.kafkaPort(2);
            case "kafka-3" -> "127.0.0.1:" + settings.kafkaPort(3);
            case "redis" -> settings.redisUri();
            case "zookeeper" -> settings.zookeeperQuorum();
            case "jobmanager" -> settings.flinkRestUrl();
            case "sql-gateway" -> settings.sqlGatewayUrl();
            case ServeService.NAME -> settings.serveHttpUrl() + " (HTTP), 127.0.0.1:" + settings.serveGrpcPort() + " (gRPC)";
            case SupervisorService.NAME -> "(restarts dead services; log " + settings.logs().resolve("supervisor.out") + ")";
            default -> name.startsWith("taskmanager") ? "(registers with the JobManager)" : "";
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
}
