package io.tributary.jobs.cli;

import io.tributary.jobs.cluster.FlinkRestClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancel a running job.")
final class CancelCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(paramLabel = "ID", description = "the job id (see `tributary jobs`)")
    String jobId;

    @Override
    public Integer call() throws InterruptedException {
        if (!io.tributary.jobs.cluster.RestorePoints.isJobId(jobId)) {
            throw new TributaryCommand.UsageError("'" + jobId + "' is not a job id (32 hex digits); `tributary jobs` lists them");
        }
        FlinkRestClient flink = new FlinkRestClient(options.config().flinkRestUrl());
        flink.cancel(jobId);
        String state = flink.jobState(jobId);
        for (int i = 0; i < 100 && !state.equals("CANCELED") && !state.equals("FAILED") && !state.equals("FINISHED"); i++) {
            Thread.sleep(100);
            state = flink.jobState(jobId);
        }
        System.out.println("job " + jobId + ": " + state);
        return 0;
    }
}
