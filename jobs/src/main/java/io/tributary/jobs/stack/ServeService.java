package io.tributary.jobs.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The serving gateway ({@code tributary serve}) as a service of the stack: started after Kafka and Redis, restarted by
 * the supervisor like the others; a SIGTERM from {@code down} lets it answer the requests it accepted first.
 */
final class ServeService implements LocalService {
    static final String NAME = "serve";
    private final StackSettings s;

    ServeService(StackSettings settings) { this.s = settings; }

    @Override public String name() { return NAME; }

    @Override
    public List<PortClaim> ports() {
        return List.of(new PortClaim(s.serveHttpPort(), "serve.http.port"), new PortClaim(s.serveGrpcPort(), "serve.grpc.port"));
    }

    @Override public void prepare(ServiceContext ctx) { }

    @Override
    public List<String> command(ServiceContext ctx) {
        return List.of(ctx.javaBinary().toString(), "@" + s.jvmOptionsFile(), "-Xms64m", "-Xmx512m",
                "-Dtributary.root=" + s.root(), "-Dlog4j2.configurationFile=" + s.root().resolve("jobs/cli-log4j2.properties"),
                "-cp", ctx.classpaths().flinkProcesses(), "io.tributary.jobs.cli.TributaryCommand", "serve",
                "--http-port", String.valueOf(s.serveHttpPort()), "--grpc-port", String.valueOf(s.serveGrpcPort()),
                "-D", "stack.dir=" + s.stateDir(), "-D", "kafka.bootstrap.servers=" + s.kafkaBootstrap(),
                "-D", "redis.uri=" + s.redisUri());
    }

    @Override public Path logFile(ServiceContext ctx) { return s.logs().resolve(NAME + ".out"); }

    /** Ready once it answers the protocol's liveness probe (readiness also needs the model registry read). */
    @Override
    public boolean isReady(ServiceContext ctx) { return Probes.httpGet(s.serveHttpUrl() + "/v2/health/live").isPresent(); }

    @Override public Duration startTimeout() { return Duration.ofSeconds(60); }
}
