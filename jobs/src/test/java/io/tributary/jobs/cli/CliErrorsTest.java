package io.tributary.jobs.cli;

import io.tributary.core.config.TributaryConfig;
import io.tributary.jobs.stack.LocalStack;
import io.tributary.jobs.stack.StackSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;

/** Each class of user mistake: exit code 2, one line on stderr, no stack trace unless --verbose. */
class CliErrorsTest {
    @TempDir Path dir;

    record Run(int code, String out, String err) {}

    private static Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Run run(String... args) { return run(TributaryCommand.commandLine(), args); }

    /** Asserts the mistake is one line with exit code 2, and that --verbose adds the stack trace; returns the line. */
    private static String usageError(String... args) {
        Run r = run(args);
        String what = String.join(" ", args);
        assertThat(r.code()).as(what).isEqualTo(2);
        assertThat(r.err().strip().lines()).as(what).hasSize(1);
        assertThat(r.err()).as(what).startsWith("error: ").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(r.out()).as(what).isEmpty();
        List<String> verbose = new ArrayList<>(List.of(args));
        verbose.add("--verbose");
        Run v = run(verbose.toArray(String[]::new));
        assertThat(v.code()).as(what + " --verbose").isEqualTo(2);
        assertThat(v.err()).as(what + " --verbose").startsWith(r.err().strip()).contains("\tat ");
        return r.err().strip();
    }

    @Test
    void aBadDayNamesTheOptionAndTheForm() {
        assertThat(usageError("demo", "--from", "2001-13-01"))
                .contains("'--from'").contains("'2001-13-01' is not a day: give YYYY-MM-DD").contains("MonthOfYear");
        assertThat(usageError("replay", "--to", "tomorrow")).contains("'--to'").contains("give YYYY-MM-DD");
        assertThat(usageError("bench", "quality", "--from", "2001-02-30")).contains("'--from'").contains("'2001-02-30' is not a day");
    }

    @Test
    void aSliceThatEndsBeforeItStartsIsAUsageError() {
        assertThat(usageError("demo", "--from", "2001-02-01", "--to", "2001-01-01"))
                .isEqualTo("error: --to (2001-01-01) must be after --from (2001-02-01)");
        assertThat(usageError("replay", "--from", "2001-02-01", "--to", "2001-01-01"))
                .isEqualTo("error: --to (2001-01-01) must be after --from (2001-02-01)");
    }

    @Test
    void aBadInstantNamesTheForm() {
        assertThat(usageError("materialize", "origin_1h", "--as-of", "yesterday"))
                .contains("'--as-of'").contains("'yesterday' is not an instant: give an ISO-8601 instant like 2001-01-02T06:00:00Z");
        assertThat(usageError("features", "get", "origin_1h", "ORD", "--as-of", "2001-01-02")).contains("is not an instant");
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("missing.parquet");
        assertThat(usageError("demo", "--data", missing.toString())).isEqualTo("error: --data " + missing + ": no such file (" + missing + ")");
        assertThat(usageError("replay", "--data", missing.toString())).startsWith("error: --data " + missing + ": no such file");
        assertThat(usageError("bench", "quality", "--data", missing.toString())).startsWith("error: --data " + missing + ": no such file");
        assertThat(usageError("demo", "--data", dir.toString())).isEqualTo("error: --data " + dir + " is a directory, not a file");
        assertThat(usageError("sql", dir.resolve("views.sql").toString())).startsWith("error: SQL file " + dir.resolve("views.sql") + ": no such file");
        assertThat(usageError("models", "register", "m", dir.resolve("m.onnx").toString(), "--features", "a"))
                .startsWith("error: model file " + dir.resolve("m.onnx") + ": no such file");
        assertThat(usageError("status", "--config", dir.resolve("tributary.properties").toString()))
                .isEqualTo("error: config file " + dir.resolve("tributary.properties") + " does not exist");
    }

    @Test
    void aBadNumberNamesTheOption() throws Exception {
        Path script = Files.writeString(dir.resolve("x.sql"), "SELECT 1;");
        assertThat(usageError("demo", "--window", "lots")).contains("'--window'").contains("'lots' is not an int");
        assertThat(usageError("demo", "--window", "-5")).isEqualTo("error: --window must be a positive number, got -5");
        assertThat(usageError("demo", "--speedup", "-1")).isEqualTo("error: --speedup must be >= 0, got -1.0");
        assertThat(usageError("replay", "--speedup", "-1")).isEqualTo("error: --speedup must be 0 or more, got -1.0");
        assertThat(usageError("sql", script.toString(), "--max-rows", "0")).isEqualTo("error: --max-rows must be a positive number, got 0");
        assertThat(usageError("bench", "drift", "--events", "0")).isEqualTo("error: --events must be a positive number, got 0");
        assertThat(usageError("savepoint", "0123456789abcdef0123456789abcdef", "--timeout", "0"))
                .isEqualTo("error: --timeout must be a positive number, got 0");
        assertThat(usageError("serve", "--http-port", "70000")).isEqualTo("error: --http-port must be a port between 1 and 65535, got 70000");
        assertThat(usageError("up", "--brokers", "2", "-D", "stack.dir=/nonexistent/tributary"))
                .startsWith("error: stack.kafka.brokers must be 1 or 3");
        assertThat(usageError("bench", "quality", "--algorithm", "FOREST")).contains("'--algorithm'").contains("expected one of");
        assertThat(usageError("status", "-D", "stack.kafka.port=abc"))
                .isEqualTo("error: config key 'stack.kafka.port' (from flag) must be an integer, got 'abc'");
    }

    @Test
    void anUnknownNameIsAUsageError() {
        assertThat(usageError("deploy", "nosuchjob", "-D", "flink.rest.url=http://127.0.0.1:1"))
                .startsWith("error: 'nosuchjob' is neither a jar file nor a known job; known jobs: [");
        assertThat(usageError("up", "--only", "kafak", "-D", "stack.dir=" + dir))
                .startsWith("error: --only: unknown service 'kafak'; services are [");
        assertThat(usageError("down", "--only", "flink", "-D", "stack.dir=" + dir)).startsWith("error: --only: unknown service 'flink'");
        assertThat(usageError("cancel", "my-job")).isEqualTo("error: 'my-job' is not a job id (32 hex digits); `tributary jobs` lists them");
        assertThat(usageError("bench", "quality", "--drift-retrain-on", "always"))
                .isEqualTo("error: --drift-retrain-on is warning or critical, not 'always'");
    }

    @Test
    void anUnknownOptionOrCommandSuggestsTheRightOneAndNamesTheHelp() {
        assertThat(usageError("demo", "--fro", "2001-01-01")).contains("Unknown options: '--fro', '2001-01-01'").contains("did you mean --from?")
                .endsWith("see `tributary demo --help`");
        assertThat(usageError("demp")).contains("'demp'").contains("did you mean demo").endsWith("see `tributary --help`");
        assertThat(usageError("sql")).contains("Missing required parameter: 'FILE.sql'").endsWith("see `tributary sql --help`");
    }

    @Test
    void sqlHelpShowsItsPlaceholders() {
        Run r = run("sql", "--help");
        assertThat(r.code()).isZero();
        // picocli wraps the line: ${kafka.|bootstrap.servers}
        assertThat(r.out().replaceAll("\\s+", " ")).contains("${key} in the script").contains("${kafka. bootstrap.servers}, ${redis.uri}, ${iceberg.warehouse}")
                .doesNotContain("null");
    }

    @Test
    void noHelpPrintsAnUnresolvedPlaceholder() {
        CommandLine cl = TributaryCommand.commandLine();
        List<CommandLine> all = new ArrayList<>();
        collect(cl, all);
        for (CommandLine c : all) {
            String help = c.getUsageMessage();
            assertThat(help).as(c.getCommandSpec().qualifiedName()).doesNotContain("null");
        }
    }

    private static void collect(CommandLine c, List<CommandLine> into) {
        into.add(c);
        c.getSubcommands().values().forEach(s -> collect(s, into));
    }

    /** A failure nobody foresaw (a bug): one line with its kind and the hint, exit code 1; the trace with --verbose. */
    @Test
    void anUnexpectedFailureIsOneLineWithTheHint() {
        @CommandLine.Command(name = "boom")
        class Boom implements Callable<Integer> {
            @CommandLine.Option(names = "--verbose") boolean verbose;

            @Override
            public Integer call() { throw new NullPointerException("no registry"); }
        }
        CliErrorHandler errors = new CliErrorHandler();
        Run r = run(new CommandLine(new Boom()).setExecutionExceptionHandler(errors));
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).isEqualTo("error: NullPointerException: no registry (run again with --verbose for the stack trace)");
        Run v = run(new CommandLine(new Boom()).setExecutionExceptionHandler(errors), "--verbose");
        assertThat(v.err()).startsWith("error: NullPointerException: no registry\n").contains("\tat ");
    }

    @Test
    void anEnvironmentFailureIsExitCodeOne() {
        Run r = run("jobs", "-D", "flink.rest.url=http://127.0.0.1:1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip().lines()).hasSize(1);
        assertThat(r.err()).startsWith("error: cannot reach the Flink cluster at http://127.0.0.1:1").doesNotContain("\tat ");
    }

    @Test
    void kafkaNotReachableIsOneLineNamingTheTopicAndTheAddress() {
        Run r = run("ab", "report", "flights_delay", "-D", "kafka.bootstrap.servers=127.0.0.1:1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err().strip()).startsWith("error: cannot read ab.results from Kafka at 127.0.0.1:1: ").doesNotContain("\n");
    }

    @Test
    void upReportsTheFlinkWebUiOnlyWhenItStartedTheJobManager() {
        StackSettings settings = StackSettings.from(TributaryConfig.load(null, List.of("stack.dir=" + dir)), dir);
        LocalStack.Started kafka = new LocalStack.Started("kafka", 1, false, Duration.ZERO);
        LocalStack.Started jobManager = new LocalStack.Started("jobmanager", 2, true, Duration.ZERO);
        assertThat(UpCommand.flinkWebUi(List.of(kafka), settings)).isEmpty();
        assertThat(UpCommand.flinkWebUi(List.of(kafka, jobManager), settings)).contains("Flink web UI: " + settings.flinkRestUrl());
    }
}
