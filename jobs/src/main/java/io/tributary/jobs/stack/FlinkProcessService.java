package io.tributary.jobs.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The JobManager, a TaskManager or the SQL Gateway of the local standalone session cluster. */
final class FlinkProcessService implements LocalService {
    private static final ObjectMapper JSON = new ObjectMapper();

    enum Role { JOBMANAGER, TASKMANAGER, SQL_GATEWAY }

    private final StackSettings s;
    private final Role role;
    /** 1-based: TaskManager 1 is "taskmanager", the others "taskmanager-N". */
    private final int index;

    FlinkProcessService(StackSettings settings, Role role) { this(settings, role, 1); }

    FlinkProcessService(StackSettings settings, Role role, int index) {
        this.s = settings;
        this.role = role;
        this.index = index;
    }

    @Override
    public String name() {
        return switch (role) {
            case JOBMANAGER -> "jobmanager";
            case TASKMANAGER -> index == 1 ? "taskmanager" : "taskmanager-" + index;
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
        if (role == Role.TASKMANAGER) {
            // the service name as Flink's resource id: readiness and `status` find this TaskManager in GET /taskmanagers
            cmd.add("-D");
            cmd.add("taskmanager.resource-id=" + name());
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
            // registered with the JobManager, not merely started: its slots can take tasks
            case TASKMANAGER -> Probes.httpGet(s.flinkRestUrl() + "/taskmanagers")
                    .map(json -> registeredTaskManagers(json).contains(name())).orElse(false);
            case SQL_GATEWAY -> Probes.httpGet(s.sqlGatewayUrl() + "/v1/info").isPresent();
        };
    }

    /** The resource ids in a GET /taskmanagers response. */
    static List<String> registeredTaskManagers(String taskManagersJson) {
        List<String> ids = new ArrayList<>();
        try {
            for (JsonNode tm : JSON.readTree(taskManagersJson).path("taskmanagers")) ids.add(tm.path("id").asText());
        } catch (Exception e) {
            // not JSON: none registered as far as we can tell
        }
        return ids;
    }

    @Override
    public Duration startTimeout() { return Duration.ofSeconds(120); }
}
