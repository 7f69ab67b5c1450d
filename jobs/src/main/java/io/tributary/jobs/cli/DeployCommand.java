package io.tributary.jobs.cli;

import io.tributary.jobs.DeployableJob;
import io.tributary.jobs.cluster.FlinkRestClient;
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
                "JAR|NAME is a path to a job jar, or the name of a job in Tributary's job jar: ingest."})
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

    @Override
    public Integer call() {
        Path jar;
        String cls = entryClass;
        List<String> jobArgs = new ArrayList<>(args);
        if (target.endsWith(".jar") || Files.isRegularFile(Path.of(target))) {
            jar = Path.of(target);
            if (!Files.isRegularFile(jar)) throw new TributaryCommand.UserError("job jar " + jar + " does not exist");
        } else {
            DeployableJob job = DeployableJob.byName(target).orElseThrow(() -> new TributaryCommand.UserError(
                    "'" + target + "' is neither a jar file nor a known job; known jobs: "
                            + java.util.Arrays.stream(DeployableJob.values()).map(DeployableJob::jobName).toList()));
            jar = ConfigOptions.root().resolve("jobs/target/tributary-job.jar");
            if (!Files.isRegularFile(jar)) throw new TributaryCommand.UserError("Tributary's job jar " + jar + " is missing: build with `mvn -DskipTests package`");
            if (cls == null) cls = job.entryClass();
            if (!noDefaults && !jobArgs.contains("--bootstrap-servers")) {
                jobArgs.add("--bootstrap-servers");
                jobArgs.add(options.config().kafkaBootstrap());
            }
        }
        FlinkRestClient flink = new FlinkRestClient(options.config().flinkRestUrl());
        String jarId = flink.uploadJar(jar);
        String jobId = flink.runJar(jarId, cls, jobArgs, parallelism);
        System.out.println("Job ID: " + jobId);
        System.out.println("Web UI: " + flink.webUiLink(jobId));
        return 0;
    }
}
