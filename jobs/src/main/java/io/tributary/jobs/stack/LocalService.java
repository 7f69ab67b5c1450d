package io.tributary.jobs.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One process of the local stack: how to prepare and start it, which port it owns, and when it is ready. */
interface LocalService {
    /** Short name used for pid and log files and in messages: kafka, redis, jobmanager, taskmanager, sql-gateway. */
    String name();

    /** Ports that must be free before starting, each with the config key that changes it. */
    List<PortClaim> ports();

    /** Writes configuration, formats storage, resolves classpaths: whatever must exist before {@link #command()}. */
    void prepare(ServiceContext ctx) throws Exception;

    /** The command line; the process runs in its own session, stdout and stderr going to {@link #logFile}. */
    List<String> command(ServiceContext ctx) throws Exception;

    /** Whether the service answers its protocol (not only its port). */
    boolean isReady(ServiceContext ctx);

    Duration startTimeout();

    default Path logFile(ServiceContext ctx) { return ctx.settings().logs().resolve(name() + ".log"); }

    record PortClaim(int port, String configKey) {}
}
