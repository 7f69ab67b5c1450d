package io.tributary.jobs.cli;

import io.tributary.jobs.cluster.RestException;
import io.tributary.jobs.sql.SqlStatementException;
import io.tributary.jobs.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tributary} command. */
@Command(name = "tributary", mixinStandardHelpOptions = true, version = "tributary 0.1.0",
        description = "Tributary: features, training, serving and monitoring as one event-time dataflow on Flink.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, DeployCommand.class, JobsCommand.class, SavepointCommand.class, MaterializeCommand.class,
                CancelCommand.class, SqlCommand.class, FeaturesCommand.class, ModelsCommand.class, AbCommand.class, ReplayCommand.class, ServeCommand.class, BenchCommand.class, TestCommand.class, DemoCommand.class,
                CommandLine.HelpCommand.class})
public final class TributaryCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new TributaryCommand());
        // `deploy ingest --input x` passes --input to the job, not to picocli
        cl.getSubcommands().get("deploy").setUnmatchedOptionsArePositionalParams(true);
        cl.setExecutionExceptionHandler((e, cmd, parseResult) -> {
            if (e instanceof StackException || e instanceof RestException || e instanceof SqlStatementException
                    || e instanceof IllegalArgumentException || e instanceof UserError) {
                cmd.getErr().println("error: " + e.getMessage());
                return 1;
            }
            throw e;
        });
        return cl;
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        System.exit(code);
    }

    /** A failure whose message is all the user needs. */
    static final class UserError extends RuntimeException {
        UserError(String message) { super(message); }
    }
}
