package io.tributary.jobs.cli;

import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The whole lifecycle on 3 million real flights (not there yet: it prints what to run today).")
final class DemoCommand implements Callable<Integer> {
    @Override
    public Integer call() {
        System.err.println("The one-command demo is not there yet. Every stage runs today (README): `./tributary up`, "
                + "`./tributary sql sql/features/flights_origin_1h.sql`, `./tributary deploy train|score|drift|ab ...`, and on the "
                + "real flights `./tributary bench quality` (continuous training vs a January-only model, January-June 2001).");
        return 2;
    }
}
