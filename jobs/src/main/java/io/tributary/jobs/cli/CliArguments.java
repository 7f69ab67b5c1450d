package io.tributary.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Conversions and checks of option values, each failing with one line that says what a good value looks like. */
final class CliArguments {
    private CliArguments() {}

    /** Registers the converters on the command and its subcommands. */
    static void registerConverters(CommandLine cl) {
        cl.registerConverter(LocalDate.class, CliArguments::day);
        cl.registerConverter(Instant.class, CliArguments::instant);
    }

    static LocalDate day(String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not a day: give YYYY-MM-DD, e.g. 2001-01-01 (" + reason(e) + ")");
        }
    }

    static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new TypeConversionException("'" + value + "' is not an instant: give an ISO-8601 instant like 2001-01-02T06:00:00Z");
        }
    }

    /** {@code file} itself when it is a readable regular file; else a usage error naming the option. */
    static Path existingFile(String option, Path file) {
        if (file == null) return null;
        if (Files.isDirectory(file)) throw new TributaryCommand.UsageError(option + " " + file + " is a directory, not a file");
        if (!Files.isRegularFile(file)) {
            throw new TributaryCommand.UsageError(option + " " + file + ": no such file (" + file.toAbsolutePath() + ")");
        }
        if (!Files.isReadable(file)) throw new TributaryCommand.UsageError(option + " " + file + " is not readable");
        return file;
    }

    static int positive(String option, int value) {
        if (value <= 0) throw new TributaryCommand.UsageError(option + " must be a positive number, got " + value);
        return value;
    }

    /** A TCP port to listen on: 1-65535 (0 would mean "any", which nobody could then reach). */
    static int port(String option, int value) {
        if (value < 1 || value > 65_535) throw new TributaryCommand.UsageError(option + " must be a port between 1 and 65535, got " + value);
        return value;
    }

    static double notNegative(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) throw new TributaryCommand.UsageError(option + " must be 0 or more, got " + value);
        return value;
    }

    /** "Invalid value for MonthOfYear (valid values 1 - 12): 13", without the echo of the input. */
    private static String reason(DateTimeParseException e) {
        String m = e.getMessage();
        int colon = m.indexOf("could not be parsed");
        String rest = colon < 0 ? m : m.substring(colon + "could not be parsed".length()).replaceFirst("^[:,]\\s*", "");
        return rest.isBlank() || rest.startsWith("at index") ? "not in that form" : rest;
    }
}
