package io.tributary.jobs.stack;

import java.util.Map;
import java.util.TreeMap;

import io.tributary.core.config.TributaryConfig;

import java.nio.file.Path;

/**
 * Where the local stack lives, which ports it uses and which processes it runs.
 *
 * @param root              the Tributary checkout (holds flink-conf/ and jobs/)
 * @param stateDir          pids, logs, configuration and data of the running services
 * @param platformClasspath the Flink cluster's classpath file (written by the jobs build)
 * @param zookeeperPort     ZooKeeper's client port, used when {@link StackLayout#zookeeperHa()}
 * @param serveHttpPort     the serving gateway's HTTP port ({@code serve.http.port}), used when {@link StackLayout#serving()}
 * @param serveGrpcPort     the serving gateway's gRPC port ({@code serve.grpc.port})
 * @param flinkOverrides    Flink configuration keys set over {@code flink-conf/config.yaml}: the configuration's keys
 *                          {@code flink-conf.<key>}, e.g. {@code -D flink-conf.taskmanager.numberOfTaskSlots=8}
 * @param layout            how many brokers and TaskManagers, whether HA and the supervisor run
 */
public record StackSettings(Path root, Path stateDir, Path platformClasspath, int kafkaPort, int kafkaControllerPort,
                            int redisPort, int flinkRestPort, int flinkRpcPort, int sqlGatewayPort, int zookeeperPort,
                            int serveHttpPort, int serveGrpcPort, Map<String, String> flinkOverrides, StackLayout layout) {

    public StackSettings(Path root, Path stateDir, Path platformClasspath, int kafkaPort, int kafkaControllerPort,
                         int redisPort, int flinkRestPort, int flinkRpcPort, int sqlGatewayPort) {
        this(root, stateDir, platformClasspath, kafkaPort, kafkaControllerPort, redisPort, flinkRestPort, flinkRpcPort,
                sqlGatewayPort, Map.of());
    }

    public StackSettings(Path root, Path stateDir, Path platformClasspath, int kafkaPort, int kafkaControllerPort,
                         int redisPort, int flinkRestPort, int flinkRpcPort, int sqlGatewayPort, Map<String, String> flinkOverrides) {
        this(root, stateDir, platformClasspath, kafkaPort, kafkaControllerPort, redisPort, flinkRestPort, flinkRpcPort,
                sqlGatewayPort, 2181, 8090, 8091, flinkOverrides, StackLayout.MINIMAL);
    }

    /** Configuration keys with this prefix are Flink configuration keys of the local cluster. */
    public static final String FLINK_CONF_PREFIX = "flink-conf.";

    /** The settings with the layout of {@link StackLayout#resolve}, falling back to {@link StackLayout.MINIMAL}. */
    public static StackSettings from(TributaryConfig config, Path root) {
        return from(config, root, StackLayout.MINIMAL);
    }

    /** The settings; layout keys left empty take the state directory's recorded layout, else {@code fallback}. */
    public static StackSettings from(TributaryConfig config, Path root, StackLayout fallback) {
        Path stateDir = root.resolve(config.get("stack.dir", ".tributary")).toAbsolutePath().normalize();
        return new StackSettings(root.toAbsolutePath().normalize(), stateDir,
                root.resolve("jobs/target/platform.classpath").toAbsolutePath().normalize(),
                config.getInt("stack.kafka.port"), config.getInt("stack.kafka.controller-port"),
                config.getInt("stack.redis.port"), config.getInt("stack.flink.rest-port"),
                config.getInt("stack.flink.rpc-port"), config.getInt("stack.sql-gateway.port"),
                Integer.parseInt(config.get("stack.zookeeper.port", "2181")), config.getInt("serve.http.port"),
                config.getInt("serve.grpc.port"), flinkKeys(config),
                StackLayout.resolve(config, stateDir, fallback));
    }

    private static Map<String, String> flinkKeys(TributaryConfig config) {
        Map<String, String> keys = new TreeMap<>();
        config.asMap().forEach((k, v) -> { if (k.startsWith(FLINK_CONF_PREFIX)) keys.put(k.substring(FLINK_CONF_PREFIX.length()), v); });
        return keys;
    }

    /** The same settings with another layout. */
    public StackSettings withLayout(StackLayout other) {
        return new StackSettings(root, stateDir, platformClasspath, kafkaPort, kafkaControllerPort, redisPort, flinkRestPort,
                flinkRpcPort, sqlGatewayPort, zookeeperPort, serveHttpPort, serveGrpcPort, flinkOverrides, other);
    }

    public Path logs() { return stateDir.resolve("logs"); }
    public Path pids() { return stateDir.resolve("pids"); }
    public Path warehouse() { return stateDir.resolve("warehouse"); }
    public Path flinkConfDir() { return stateDir.resolve("flink/conf"); }
    public Path jvmOptionsFile() { return root.resolve("flink-conf/java17.options"); }

    /** Broker {@code node} (1-based): nodes after the first take the next ports, two apart. */
    public int kafkaPort(int node) { return kafkaPort + 2 * (node - 1); }
    public int kafkaControllerPort(int node) { return kafkaControllerPort + 2 * (node - 1); }

    /** Every broker of the stack, comma-separated: clients bootstrap from any that answers. */
    public String kafkaBootstrap() {
        StringBuilder b = new StringBuilder();
        for (int node = 1; node <= layout.kafkaBrokers(); node++) b.append(node == 1 ? "" : ",").append("127.0.0.1:").append(kafkaPort(node));
        return b.toString();
    }

    public String redisUri() { return "redis://127.0.0.1:" + redisPort; }
    public String flinkRestUrl() { return "http://127.0.0.1:" + flinkRestPort; }
    public String sqlGatewayUrl() { return "http://127.0.0.1:" + sqlGatewayPort; }
    public String zookeeperQuorum() { return "127.0.0.1:" + zookeeperPort; }
    public String serveHttpUrl() { return "http://127.0.0.1:" + serveHttpPort; }
}
