package io.tributary.jobs.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A single-node KRaft broker (combined broker + controller) from Maven jars. */
final class KafkaBrokerService implements LocalService {
    private final StackSettings s;

    KafkaBrokerService(StackSettings settings) { this.s = settings; }

    @Override public String name() { return "kafka"; }

    @Override
    public List<PortClaim> ports() {
        return List.of(new PortClaim(s.kafkaPort(), "stack.kafka.port"),
                new PortClaim(s.kafkaControllerPort(), "stack.kafka.controller-port"));
    }

    private Path dir() { return s.stateDir().resolve("kafka"); }

    @Override
    public void prepare(ServiceContext ctx) throws Exception {
        Files.createDirectories(dir().resolve("data"));
        String props = String.join("\n",
                "# written by ./tributary up",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + s.kafkaControllerPort(),
                "listeners=PLAINTEXT://127.0.0.1:" + s.kafkaPort() + ",CONTROLLER://127.0.0.1:" + s.kafkaControllerPort(),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + s.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir().resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "# events carry their event time (2001 for the flights data): time-based retention would delete them",
                "log.retention.ms=-1",
                "");
        Files.writeString(dir().resolve("server.properties"), props, StandardCharsets.UTF_8);
        Files.writeString(dir().resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = INFO", "rootLogger.appenderRef.stdout.ref = STDOUT",
                "appender.stdout.name = STDOUT", "appender.stdout.type = Console",
                "appender.stdout.layout.type = PatternLayout", "appender.stdout.layout.pattern = [%d] %p %m (%c)%n",
                "logger.kafka.name = kafka", "logger.kafka.level = INFO",
                "logger.apache.name = org.apache.kafka", "logger.apache.level = WARN", ""), StandardCharsets.UTF_8);
        if (!Files.exists(dir().resolve("data/meta.properties"))) {
            String clusterId = newClusterId();
            ctx.log().accept("formatting Kafka storage (cluster id " + clusterId + ")");
            Path out = s.logs().resolve("kafka-format.log");
            Process p = new ProcessBuilder(ctx.javaBinary().toString(), "-cp", ctx.classpaths().kafkaBroker(ctx.log()),
                    "-Dlog4j2.configurationFile=" + dir().resolve("log4j2.properties"),
                    "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", dir().resolve("server.properties").toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new StackException("formatting Kafka storage failed\n" + Tail.of(out, 20));
            }
        }
    }

    /**
     * A KRaft cluster id: Kafka's own generator, which never starts one with '-' (base64url can, and the storage tool
     * then reads it as an option: "argument --cluster-id/-t: expected one argument", once in 64 fresh stacks).
     */
    static String newClusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    @Override
    public List<String> command(ServiceContext ctx) {
        return List.of(ctx.javaBinary().toString(), "-Xms256m", "-Xmx1g", "-XX:+UseG1GC",
                "-Dlog4j2.configurationFile=" + dir().resolve("log4j2.properties"),
                "-Dkafka.logs.dir=" + s.logs().resolve("kafka"),
                "-cp", ctx.classpaths().kafkaBroker(ctx.log()), "kafka.Kafka", dir().resolve("server.properties").toString());
    }

    @Override
    public boolean isReady(ServiceContext ctx) {
        if (Probes.portFree(s.kafkaPort())) return false;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafkaBootstrap(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            return !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    @Override public Duration startTimeout() { return Duration.ofSeconds(90); }
}
