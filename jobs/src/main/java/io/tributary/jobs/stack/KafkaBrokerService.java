package io.tributary.jobs.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One KRaft node (combined broker + controller) from Maven jars: the only one, or one of three forming a 3-voter
 * quorum with replication factor 3 and min ISR 2. Node 1 is {@code kafka} (its data in {@code <state>/kafka}),
 * nodes 2 and 3 are {@code kafka-2} and {@code kafka-3}.
 */
final class KafkaBrokerService implements LocalService {
    private final StackSettings s;
    private final int node;

    KafkaBrokerService(StackSettings settings, int node) {
        this.s = settings;
        this.node = node;
    }

    static String name(int node) { return node == 1 ? "kafka" : "kafka-" + node; }

    @Override public String name() { return name(node); }

    @Override
    public List<PortClaim> ports() {
        String suffix = node == 1 ? "" : " (node " + node + " takes that port + " + 2 * (node - 1) + ")";
        return List.of(new PortClaim(s.kafkaPort(node), "stack.kafka.port" + suffix),
                new PortClaim(s.kafkaControllerPort(node), "stack.kafka.controller-port" + suffix));
    }

    private Path dir() { return s.stateDir().resolve(name()); }

    /** Refuses a broker count other than the one the stack's Kafka data was formatted for. */
    static void checkFormattedFor(StackSettings s) throws IOException {
        int brokers = s.layout().kafkaBrokers();
        if (!Files.exists(s.stateDir().resolve("kafka/data/meta.properties"))) return;
        Path formattedFor = s.stateDir().resolve("kafka/brokers");
        String was = Files.isRegularFile(formattedFor) ? Files.readString(formattedFor).trim() : "1";
        if (!was.equals(String.valueOf(brokers))) {
            throw new StackException("the Kafka data in " + s.stateDir() + " belongs to a cluster of " + was
                    + " broker(s), not " + brokers + ": run `./tributary down --purge` first (deletes the stack's data), "
                    + "or keep -D stack.kafka.brokers=" + was);
        }
    }

    @Override
    public void prepare(ServiceContext ctx) throws Exception {
        int brokers = s.layout().kafkaBrokers();
        Path formattedFor = s.stateDir().resolve("kafka/brokers");
        checkFormattedFor(s);
        Files.createDirectories(dir().resolve("data"));
        Files.writeString(dir().resolve("server.properties"), serverProperties(s, node), StandardCharsets.UTF_8);
        Files.writeString(dir().resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = INFO", "rootLogger.appenderRef.stdout.ref = STDOUT",
                "appender.stdout.name = STDOUT", "appender.stdout.type = Console",
                "appender.stdout.layout.type = PatternLayout", "appender.stdout.layout.pattern = [%d] %p %m (%c)%n",
                "logger.kafka.name = kafka", "logger.kafka.level = INFO",
                "logger.apache.name = org.apache.kafka", "logger.apache.level = WARN", ""), StandardCharsets.UTF_8);
        if (!Files.exists(dir().resolve("data/meta.properties"))) {
            String clusterId = clusterId(brokers);
            ctx.log().accept("formatting Kafka storage of " + name() + " (cluster id " + clusterId + ")");
            Path out = s.logs().resolve(name() + "-format.log");
            Process p = new ProcessBuilder(ctx.javaBinary().toString(), "-cp", ctx.classpaths().kafkaBroker(ctx.log()),
                    "-Dlog4j2.configurationFile=" + dir().resolve("log4j2.properties"),
                    "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", dir().resolve("server.properties").toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new StackException("formatting Kafka storage failed\n" + Tail.of(out, 20));
            }
            if (node == 1) Files.writeString(formattedFor, brokers + "\n", StandardCharsets.UTF_8);
        }
    }

    /** One id for every node of the cluster: kept in the state directory until the first node is formatted. */
    private String clusterId(int brokers) throws IOException {
        if (brokers == 1) return newClusterId();
        Path file = s.stateDir().resolve("kafka-cluster.id");
        synchronized (KafkaBrokerService.class) {
            if (!Files.isRegularFile(file)) Files.writeString(file, newClusterId() + "\n", StandardCharsets.UTF_8);
            return Files.readString(file, StandardCharsets.UTF_8).trim();
        }
    }

    /** server.properties of node {@code node}: the whole quorum as voters; replication and min ISR from its size. */
    static String serverProperties(StackSettings s, int node) {
        int brokers = s.layout().kafkaBrokers();
        int replication = brokers;
        int minIsr = brokers == 1 ? 1 : 2;
        List<String> voters = new ArrayList<>();
        for (int n = 1; n <= brokers; n++) voters.add(n + "@127.0.0.1:" + s.kafkaControllerPort(n));
        return String.join("\n",
                "# written by ./tributary up",
                "process.roles=broker,controller",
                "node.id=" + node,
                "controller.quorum.voters=" + String.join(",", voters),
                "listeners=PLAINTEXT://127.0.0.1:" + s.kafkaPort(node) + ",CONTROLLER://127.0.0.1:" + s.kafkaControllerPort(node),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + s.kafkaPort(node),
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + s.stateDir().resolve(name(node)).resolve("data"),
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "default.replication.factor=" + replication,
                "min.insync.replicas=" + minIsr,
                "offsets.topic.replication.factor=" + replication,
                "transaction.state.log.replication.factor=" + replication,
                "transaction.state.log.min.isr=" + minIsr,
                "share.coordinator.state.topic.replication.factor=" + replication,
                "share.coordinator.state.topic.min.isr=" + minIsr,
                "group.initial.rebalance.delay.ms=0",
                "# a killed broker is fenced, and its partitions get new leaders, after 4 s without heartbeats (default 9 s)",
                "broker.heartbeat.interval.ms=1000",
                "broker.session.timeout.ms=4000",
                "# events carry their event time (2001 for the flights data): time-based retention would delete them",
                "log.retention.ms=-1",
                "");
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
                "-Dkafka.logs.dir=" + s.logs().resolve(name()),
                "-cp", ctx.classpaths().kafkaBroker(ctx.log()), "kafka.Kafka", dir().resolve("server.properties").toString());
    }

    @Override public Path logFile(ServiceContext ctx) { return s.logs().resolve(name() + ".out"); }

    /** Ready when this node's listener answers and the cluster's metadata lists this node as a broker. */
    @Override
    public boolean isReady(ServiceContext ctx) {
        if (Probes.portFree(s.kafkaPort(node))) return false;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + s.kafkaPort(node),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2000))) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(2000)).nodes().get(3, TimeUnit.SECONDS)
                    .stream().anyMatch(n -> n.id() == node);
        } catch (Exception e) {
            return false;
        }
    }

    @Override public Duration startTimeout() { return Duration.ofSeconds(90); }
}
