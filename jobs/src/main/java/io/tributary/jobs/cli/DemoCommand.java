package io.tributary.jobs.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The whole lifecycle on 3 million real flights (not there yet: it lands with the stage jobs).")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("The demo is not there yet: it lands once the feature, training, inference and drift "
                + "stages do. Today: `./tributary up`, `./tributary deploy ingest --input raw.events --output events.x`, "
                + "`./tributary sql FILE.sql`.");
        return 2;
    }
}
