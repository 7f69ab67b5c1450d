package io.tributary.jobs.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run the whole test suite: unit tests, integration tests on a real Kafka broker, redis-server, "
                + "Iceberg catalog and Flink MiniCluster, and the deployment test on a real standalone cluster.",
                "Same as `mvn -B verify` in the repository root. Needs redis-server (apt-get install redis-server)."})
final class TestCommand implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
        Process p = new ProcessBuilder("mvn", "-B", "verify").directory(ConfigOptions.root().toFile()).inheritIO().start();
        return p.waitFor();
    }
}
