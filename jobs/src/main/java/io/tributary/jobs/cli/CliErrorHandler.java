package io.tributary.jobs.cli;

import io.tributary.jobs.cluster.RestException;
import io.tributary.jobs.sql.SqlStatementException;
import io.tributary.jobs.stack.StackException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * Every failure of the CLI as one line on stderr, "error: what is wrong and how to fix it"; the stack trace only with
 * {@code --verbose}. Exit codes: {@value #USAGE} when the command line is wrong (picocli's parse errors, a
 * {@link TributaryCommand.UsageError}, an {@link IllegalArgumentException}: the platform throws it for a value the user
 * passed), {@value #FAILURE} for everything else.
 */
final class CliErrorHandler implements IParameterExceptionHandler, IExecutionExceptionHandler {
    static final int FAILURE = 1;
    static final int USAGE = 2;
    static final String VERBOSE = "--verbose";

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        String suggestion = "";
        if (e instanceof UnmatchedArgumentException unmatched && !unmatched.getSuggestions().isEmpty()) {
            suggestion = " (did you mean " + String.join(" or ", unmatched.getSuggestions()) + "?)";
        }
        err.println("error: " + oneLine(e.getMessage()) + suggestion + "; see `" + cmd.getCommandSpec().qualifiedName() + " --help`");
        if (verbose(args)) e.printStackTrace(err);
        err.flush();
        return USAGE;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        boolean verbose = verbose(parseResult.originalArgs().toArray(String[]::new));
        Throwable cause = e instanceof CommandLine.ExecutionException && e.getCause() != null ? e.getCause() : e;
        err.println("error: " + describe(cause, verbose));
        if (verbose) cause.printStackTrace(err);
        err.flush();
        return isUsage(cause) ? USAGE : FAILURE;
    }

    static boolean isUsage(Throwable e) {
        return e instanceof TributaryCommand.UsageError || e instanceof IllegalArgumentException;
    }

    /** Failures whose message names what is wrong: nothing else needs printing. */
    private static boolean speaksForItself(Throwable e) {
        return isUsage(e) || e instanceof TributaryCommand.UserError || e instanceof StackException || e instanceof RestException
                || e instanceof SqlStatementException || e instanceof IOException || e instanceof UncheckedIOException
                // the platform's own "cannot go on" failures (no champion after the warm-up, a job that failed) are worded for people
                || e instanceof IllegalStateException && e.getClass() == IllegalStateException.class;
    }

    private static String describe(Throwable e, boolean verbose) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? null : oneLine(e.getMessage());
        if (speaksForItself(e) && message != null) return message;
        // an unexpected failure (a bug, or a case not foreseen): its kind helps a bug report, the trace is one flag away
        String kind = e.getClass().getSimpleName();
        return (message == null ? kind : kind + ": " + message) + (verbose ? "" : " (run again with --verbose for the stack trace)");
    }

    /** The message's lines joined: a multi-line message would read as several errors. */
    static String oneLine(String message) {
        return message == null ? "" : String.join("; ", message.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList());
    }

    private static boolean verbose(String[] args) {
        List<String> options = Arrays.asList(args);
        int end = options.indexOf("--");
        return (end < 0 ? options : options.subList(0, end)).contains(VERBOSE);
    }
}
