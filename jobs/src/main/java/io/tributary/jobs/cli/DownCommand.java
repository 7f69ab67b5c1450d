package io.tributary.jobs.cli;

import io.tributary.jobs.stack.LocalStack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the local stack: exactly the processes `up` started (by pid), newest first (the supervisor before all others).")
final class DownCommand implements Callable<Integer> {
    @Mixin ConfigOptions options;

    @Option(names = "--only", split = ",", paramLabel = "SERVICE", description = "Stop only these services")
    List<String> only = new ArrayList<>();

    @Option(names = "--purge", description = "Also delete the stack's data (Kafka log, ZooKeeper and Flink HA metadata, Redis append-only file, checkpoints, warehouse, logs)")
    boolean purge;

    @Override
    public Integer call() throws IOException {
        LocalStack stack = new LocalStack(options.stack());
        UpCommand.checkServices(stack, only);
        List<String> stopped = stack.down(only, m -> System.out.println("  " + m));
        System.out.println(stopped.isEmpty() ? "nothing was running" : "stack down: stopped " + String.join(", ", stopped));
        if (purge) {
            Path dir = stack.settings().stateDir();
            if (Files.isDirectory(dir)) {
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
                System.out.println("deleted " + dir);
            }
        }
        return 0;
    }
}
