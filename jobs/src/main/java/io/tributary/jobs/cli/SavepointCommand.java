package io.tributary.jobs.cli;

import io.tributary.jobs.cluster.FlinkRestClient;
import io.tributary.jobs.cluster.RestorePoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "savepoint", mixinStandardHelpOptions = true,
        description = {"Take a savepoint of a running job and print its path (POST /jobs/<id>/savepoints, then wait).",
                "Start a job from it with `tributary deploy ... --from-savepoint PATH`."})
final class SavepointCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "JOB_ID", description = "the job id (see `tributary jobs`)")
    String jobId;

    @Option(names = "--cancel", description = "cancel the job once the savepoint is complete")
    boolean cancel;

    @Option(names = "--dir", paramLabel = "PATH",
            description = "directory to write the savepoint under (default: the cluster's execution.checkpointing.savepoint-dir)")
    String dir;

    @Option(names = "--timeout", paramLabel = "SECONDS", description = "how long to wait for the savepoint (default: ${DEFAULT-VALUE})")
    int timeoutSeconds = 600;

    @Override
    public Integer call() throws InterruptedException {
        if (!RestorePoints.isJobId(jobId)) {
            throw new TributaryCommand.UsageError("'" + jobId + "' is not a job id (32 hex digits); `tributary jobs` lists them");
        }
        CliArguments.positive("--timeout", timeoutSeconds);
        // the JobManager writes the savepoint: a relative directory would be relative to its working directory
        String target = dir == null || dir.contains("://") ? dir : Path.of(dir).toAbsolutePath().normalize().toUri().toString();
        FlinkRestClient flink = new FlinkRestClient(options.config().flinkRestUrl());
        String path = flink.savepoint(jobId, cancel, target, Duration.ofSeconds(timeoutSeconds));
        System.out.println("Savepoint: " + path);
        if (cancel) System.out.println("job " + jobId + ": " + awaitEnd(flink));
        return 0;
    }

    /** The job's state once cancelling is over (or after 10 s). */
    private String awaitEnd(FlinkRestClient flink) throws InterruptedException {
        String state = flink.jobState(jobId);
        for (int i = 0; i < 100 && (state.equals("CANCELLING") || state.equals("RUNNING")); i++) {
            Thread.sleep(100);
            state = flink.jobState(jobId);
        }
        return state;
    }
}
