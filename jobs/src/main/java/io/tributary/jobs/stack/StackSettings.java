package io.tributary.jobs.stack;

import java.util.Map;
import java.util.TreeMap;

import io.tributary.core.config.TributaryConfig;

import java.nio.file.Path;

/**
 * Where the local stack lives and which ports it uses.
 *
 * @param root              the Tributary checkout (holds flink-conf/ and jobs/)
 * @param stateDir          pids, logs, configuration and data of the running services
 * @param platformClasspath the Flink cluster's classpath file (written by the jobs build)
 * @param flinkOverrides    Flink configuration keys set over {@code flink-conf/config.yaml}: the configuration's keys
 *                          {@code flink-conf.<key>}, e.g. {@code -D flink-conf.taskmanager.numberOfTaskSlots=8}
 */
public record StackSettings(Path root, Path stateDir, Path platformClasspath, int kafkaPort, int kafkaControllerPort,
                            int redisPort, int flinkRestPort, int flinkRpcPort, int sqlGatewayPort, Map<String, String> flinkOverrides) {

    public StackSettings(Path root, Path stateDir, Path platformClasspath, int kafkaPort, int kafkaControllerPort,
                         int redisPort, int flinkRestPort, int flinkRpcPort, int sqlGatewayPort) {
        this(root, stateDir, platformClasspath, kafkaPort, kafkaControllerPort, redisPort, flinkRestPort, flinkRpcPort, sqlGatewayPort, Map.of());
    }

    /** Configuration keys with this prefix are Flink configuration keys of the local cluster. */
    public static final String FLINK_CONF_PREFIX = "flink-conf.";

    public static StackSettings from(TributaryConfig config, Path root) {
        Path stateDir = root.resolve(config.get("stack.dir", ".tributary"));
        return new StackSettings(root.toAbsolutePath().normalize(), stateDir.toAbsolutePath().normalize(),
                root.resolve("jobs/target/platform.classpath").toAbsolutePath().normalize(),
                config.getInt("stack.kafka.port"), config.getInt("stack.kafka.controller-port"),
                config.getInt("stack.redis.port"), config.getInt("stack.flink.rest-port"),
                config.getInt("stack.flink.rpc-port"), config.getInt("stack.sql-gateway.port"), flinkKeys(config));
    }

    private static Map<String, String> flinkKeys(TributaryConfig config) {
        Map<String, String> keys = new TreeMap<>();
        config.asMap().forEach((k, v) -> { if (k.startsWith(FLINK_CONF_PREFIX)) keys.put(k.substring(FLINK_CONF_PREFIX.length()), v); });
        return keys;
    }

    public Path logs() { return stateDir.resolve("logs"); }
    public Path pids() { return stateDir.resolve("pids"); }
    public Path warehouse() { return stateDir.resolve("warehouse"); }
    public Path flinkConfDir() { return stateDir.resolve("flink/conf"); }
    public Path jvmOptionsFile() { return root.resolve("flink-conf/java17.options"); }

    public String kafkaBootstrap() { return "127.0.0.1:" + kafkaPort; }
    public String redisUri() { return "redis://127.0.0.1:" + redisPort; }
    public String flinkRestUrl() { return "http://127.0.0.1:" + flinkRestPort; }
    public String sqlGatewayUrl() { return "http://127.0.0.1:" + sqlGatewayPort; }
}
