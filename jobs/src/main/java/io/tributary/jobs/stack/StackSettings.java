package io.tributary.jobs.stack;

import io.tributary.core.config.TributaryConfig;

import java.nio.file.Path;

/**
 * Where the local stack lives and which ports it uses.
 *
 * @param root              the Tributary checkout (holds flink-conf/ and jobs/)
 * @param stateDir          pids, logs, configuration and data of the running services
 * @param platformClasspath the Flink cluster's classpath file (written by the jobs build)
 */
public record StackSettings(Path root, Path stateDir, Path platformClasspath, int kafkaPort, int kafkaControllerPort,
                            int redisPort, int flinkRestPort, int flinkRpcPort, int sqlGatewayPort) {

    public static StackSettings from(TributaryConfig config, Path root) {
        Path stateDir = root.resolve(config.get("stack.dir", ".tributary"));
        return new StackSettings(root.toAbsolutePath().normalize(), stateDir.toAbsolutePath().normalize(),
                root.resolve("jobs/target/platform.classpath").toAbsolutePath().normalize(),
                config.getInt("stack.kafka.port"), config.getInt("stack.kafka.controller-port"),
                config.getInt("stack.redis.port"), config.getInt("stack.flink.rest-port"),
                config.getInt("stack.flink.rpc-port"), config.getInt("stack.sql-gateway.port"));
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
