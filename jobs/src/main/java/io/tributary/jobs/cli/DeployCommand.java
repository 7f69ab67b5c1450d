package io.tributary.jobs.cli;

import io.tributary.jobs.DeployableJob;
import io.tributary.jobs.cluster.FlinkRestClient;
import io.tributary.jobs.cluster.RestorePoints;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "deploy", mixinStandardHelpOptions = true,
        description = {"Upload a job jar to the Flink cluster over REST and run it; prints the job id and web UI link.",
                "JAR|NAME is a path to a job jar, or the name of a job in Tributary's job jar: ingest.",
                "--from-savepoint / --from-latest-checkpoint start the job from saved state."})
final class DeployCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Parameters(index = "0", paramLabel = "JAR|NAME", description = "job jar file, or a Tributary job name")
    String target;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "arguments passed to the job's main method")
    List<String> args = new ArrayList<>();

    @Option(names = "--class", paramLabel = "CLASS", description = "entry class (default: the jar's Main-Class)")
    String entryClass;

    @Option(names = "--parallelism", paramLabel = "N", description = "job parallelism (default: the cluster's)")
    Integer parallelism;

    @Option(names = "--no-defaults", description = "do not add --bootstrap-servers from the configuration to a named job")
    boolean noDefaults;

    @Option(names = "--from-savepoint", paramLabel = "PATH",
            description = "start from this savepoint or retained checkpoint (a directory with a _metadata file)")
    String fromSavepoint;

    @Option(names = "--from-latest-checkpoint", paramLabel = "JOB_ID",
            description = "start from the newest retained checkpoint of this (cancelled, failed or lost) job under the cluster's checkpoint directory")
    String fromLatestCheckpoint;

    @Option(names = "--allow-non-restored-state",
            description = "start even if the savepoint holds state of operators the job no longer has (that state is dropped)")
    boolean allowNonRestoredState;

    /**
     * The job's main runs on the JobManager, whose working directory may not be the user's: a schema file named on the
     * command line is read here, checked, and passed as text.
     */
    static void inlinePayloadSchema(List<String> jobArgs) {
        int i = jobArgs.indexOf("--payload-schema-file");
        if (i < 0) return;
        if (i + 1 >= jobArgs.size()) throw new TributaryCommand.UsageError("--payload-schema-file needs a file, e.g. sql/sources/flights.schema");
        Path file = Path.of(jobArgs.get(i + 1));
        String text;
        try {
            text = io.tributary.jobs.ingest.EventIngestJob.schemaText(file);
            io.tributary.core.event.PayloadSchema.parse(text);
        } catch (java.io.IOException e) {
            throw new TributaryCommand.UsageError("cannot read the payload schema file " + file.toAbsolutePath() + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new TributaryCommand.UsageError(file + ": " + e.getMessage());
        }
        jobArgs.set(i, "--payload-schema");
        jobArgs.set(i + 1, text);
    }

    @Override
    public Integer call() {
        if (parallelism != null) CliArguments.positive("--parallelism", parallelism);
        FlinkRestClient flink = new FlinkRestClient(options.config().flinkRestUrl());
        String restorePath = restorePath(flink);
        Path jar;
        String cls = entryClass;
        List<String> jobArgs = new ArrayList<>(args);
        if (target.endsWith(".jar") || Files.isRegularFile(Path.of(target))) {
            jar = Path.of(target);
            if (!Files.isRegularFile(jar)) throw new TributaryCommand.UsageError("job jar " + jar + " does not exist");
        } else {
            DeployableJob job = DeployableJob.byName(target).orElseThrow(() -> new TributaryCommand.UsageError(
                    "'" + target + "' is neither a jar file nor a known job; known jobs: "
                            + java.util.Arrays.stream(DeployableJob.values()).map(DeployableJob::jobName).toList()));
            jar = ConfigOptions.root().resolve("jobs/target/tributary-job.jar");
            if (!Files.isRegularFile(jar)) throw new TributaryCommand.UserError("Tributary's job jar " + jar + " is missing: build with `mvn -DskipTests package`");
            if (cls == null) cls = job.entryClass();
            if (job == DeployableJob.INGEST) inlinePayloadSchema(jobArgs);
            if (!noDefaults && !jobArgs.contains("--bootstrap-servers")) {
                jobArgs.add("--bootstrap-servers");
                jobArgs.add(options.config().kafkaBootstrap());
            }
        }
        String jarId = flink.uploadJar(jar);
        String jobId = flink.runJar(jarId, cls, jobArgs, parallelism, restorePath, allowNonRestoredState);
        System.out.println("Job ID: " + jobId);
        if (restorePath != null) System.out.println("Restored from: " + restorePath);
        System.out.println("Web UI: " + flink.webUiLink(jobId));
        return 0;
    }

    /** The savepoint or checkpoint to start from, checked before anything is uploaded; null for none. */
    private String restorePath(FlinkRestClient flink) {
        if (fromSavepoint != null && fromLatestCheckpoint != null) {
            throw new TributaryCommand.UsageError("--from-savepoint and --from-latest-checkpoint exclude each other: give one");
        }
        if (allowNonRestoredState && fromSavepoint == null && fromLatestCheckpoint == null) {
            throw new TributaryCommand.UsageError("--allow-non-restored-state needs --from-savepoint or --from-latest-checkpoint");
        }
        if (fromSavepoint != null) return RestorePoints.restorePath(fromSavepoint);
        if (fromLatestCheckpoint == null) return null;
        if (!RestorePoints.isJobId(fromLatestCheckpoint)) {
            throw new TributaryCommand.UsageError("'" + fromLatestCheckpoint + "' is not a job id (32 hex digits); `tributary jobs`"
                    + " lists the cluster's jobs, and the checkpoint directory has one directory per job with checkpoints");
        }
        return RestorePoints.latestCheckpoint(flink.checkpointDir(), fromLatestCheckpoint);
    }
}
