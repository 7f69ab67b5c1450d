package io.tributary.jobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The JobManager, a TaskManager or the SQL Gateway of the local standalone session cluster. */
final class FlinkProcessService implements LocalService {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Role { JOBMANAGER, TASKMANAGER, SQL_GATEWAY }

    private final StackSettings s;
    private final Role role;

    FlinkProcessService(StackSettings settings, Role role) {
        this.s = settings;
        this.role = role;
    }

    @Override
    public String name() {
        return switch (role) {
            case JOBMANAGER -> "jobmanager";
            case TASKMANAGER -> "taskmanager";
            case SQL_GATEWAY -> "sql-gateway";
        };
    }

    @Override
    public List<PortClaim> ports() {
        return switch (role) {
            case JOBMANAGER -> List.of(new PortClaim(s.flinkRestPort(), "stack.flink.rest-port"),
                    new PortClaim(s.flinkRpcPort(), "stack.flink.rpc-port"));
            case TASKMANAGER -> List.of();
            case SQL_GATEWAY -> List.of(new PortClaim(s.sqlGatewayPort(), "stack.sql-gateway.port"));
        };
    }

    @Override
    public Path logFile(ServiceContext ctx) { return s.logs().resolve(name() + ".log"); }

    @Override
    public void prepare(ServiceContext ctx) throws Exception {
        FlinkConf.write(s);
    }

    @Override
    public List<String> command(ServiceContext ctx) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(ctx.javaBinary().toString());
        FlinkConf.ResourceParams params = switch (role) {
            case JOBMANAGER -> FlinkConf.resourceParams(ctx, "GET_JM_RESOURCE_PARAMS");
            case TASKMANAGER -> FlinkConf.resourceParams(ctx, "GET_TM_RESOURCE_PARAMS");
            case SQL_GATEWAY -> new FlinkConf.ResourceParams(List.of("-Xmx512m"), List.of());
        };
        cmd.addAll(params.jvmFlags());
        cmd.add("@" + s.jvmOptionsFile());
        cmd.add("-Dlog.file=" + logFile(ctx));
        cmd.add("-Dlog4j.configurationFile=file:" + s.flinkConfDir().resolve("log4j.properties"));
        cmd.add("-Dlog4j2.configurationFile=file:" + s.flinkConfDir().resolve("log4j.properties"));
        cmd.add("-cp");
        cmd.add(ctx.classpaths().flinkProcesses());
        switch (role) {
            case JOBMANAGER -> cmd.add("org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint");
            case TASKMANAGER -> cmd.add("org.apache.flink.runtime.taskexecutor.TaskManagerRunner");
            case SQL_GATEWAY -> cmd.add("org.apache.flink.table.gateway.SqlGateway");
        }
        if (role != Role.SQL_GATEWAY) {
            cmd.add("--configDir");
            cmd.add(s.flinkConfDir().toString());
            cmd.addAll(params.dynamicProperties());
        }
        return cmd;
    }

    /** The SQL Gateway finds its configuration through FLINK_CONF_DIR. */
    List<String> environment() {
        return List.of("FLINK_CONF_DIR=" + s.flinkConfDir());
    }

    @Override
    public boolean isReady(ServiceContext ctx) {
        return switch (role) {
            case JOBMANAGER -> Probes.httpGet(s.flinkRestUrl() + "/overview").isPresent();
            case TASKMANAGER -> Probes.httpGet(s.flinkRestUrl() + "/overview").flatMap(FlinkProcessService::taskManagers)
                    .filter(n -> n > 0).isPresent();
            case SQL_GATEWAY -> Probes.httpGet(s.sqlGatewayUrl() + "/v1/info").isPresent();
        };
    }

    private static Optional<Integer> taskManagers(String overviewJson) {
        try {
            JsonNode n = JSON.readTree(overviewJson);
            return Optional.of(n.path("taskmanagers").asInt(0));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Override
    public Duration startTimeout() { return Duration.ofSeconds(120); }
}
