package io.tributary.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code tributary} command. */
@Command(name = "tributary", mixinStandardHelpOptions = true, version = "tributary 0.1.0",
        description = "Tributary: features, training, serving and monitoring as one event-time dataflow on Flink.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, DeployCommand.class, JobsCommand.class, SavepointCommand.class, MaterializeCommand.class,
                CancelCommand.class, SqlCommand.class, FeaturesCommand.class, ModelsCommand.class, AbCommand.class, ReplayCommand.class, ServeCommand.class, BenchCommand.class, TestCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class TributaryCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // read by CliErrorHandler from the arguments: it must work even when parsing fails
    @Option(names = CliErrorHandler.VERBOSE, scope = CommandLine.ScopeType.INHERIT,
            description = "On an error, print the stack trace too")
    boolean verbose;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TributaryCommand());
        // `deploy ingest --input x` passes --input to the job, not to picocli
        cl.getSubcommands().get("deploy").setUnmatchedOptionsArePositionalParams(true);
        CliArguments.registerConverters(cl);
        CliErrorHandler errors = new CliErrorHandler();
        cl.setParameterExceptionHandler(errors);
        cl.setExecutionExceptionHandler(errors);
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }

    /** A failure whose message is all the user needs (exit code 1). */
    static class UserError extends RuntimeException {
        UserError(String message) { super(message); }
    }

    /** The command line is wrong: a value, a name or a file the user gave (exit code 2). */
    static final class UsageError extends UserError {
        UsageError(String message) { super(message); }
    }
}
