package io.tributary.jobs.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TributaryCommandTest {
    private static final List<String> COMMANDS = List.of("up", "down", "status", "deploy", "jobs", "savepoint", "materialize", "cancel", "sql", "features", "models", "bench", "test", "demo");

    @Test
    void everyCommandHasHelp() {
        CommandLine cl = TributaryCommand.commandLine();
        assertThat(cl.getSubcommands().keySet()).containsAll(COMMANDS);
        for (String c : COMMANDS) {
            StringWriter out = new StringWriter();
            CommandLine fresh = TributaryCommand.commandLine();
            fresh.setOut(new PrintWriter(out));
            assertThat(fresh.execute(c, "--help")).as(c + " --help").isZero();
            assertThat(out.toString()).as(c + " --help").contains("Usage: tributary " + c);
        }
    }

    @Test
    void unreachableClusterGivesAClearErrorNotAStackTrace() {
        StringWriter err = new StringWriter();
        CommandLine cl = TributaryCommand.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("jobs", "-D", "flink.rest.url=http://127.0.0.1:1");
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).startsWith("error: cannot reach the Flink cluster at http://127.0.0.1:1")
                .doesNotContain("\tat ");
    }

    @Test
    void badConfigurationNamesTheKey() {
        StringWriter err = new StringWriter();
        CommandLine cl = TributaryCommand.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute("status", "-D", "stack.kafka.port=abc")).isEqualTo(2);
        assertThat(err.toString()).contains("config key 'stack.kafka.port' (from flag) must be an integer, got 'abc'");
    }

    private static String error(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = TributaryCommand.commandLine();
        cl.setErr(new PrintWriter(err));
        assertThat(cl.execute(args)).as(String.join(" ", args)).isNotZero();
        assertThat(err.toString()).doesNotContain("\tat ").doesNotContain("Exception");
        return err.toString().strip();
    }

    @Test
    void savepointAndRestoreArgumentErrorsAreOneLine(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        assertThat(error("savepoint", "my-job")).isEqualTo("error: 'my-job' is not a job id (32 hex digits); `tributary jobs` lists them");
        assertThat(error("deploy", "ingest", "--from-savepoint", dir.toString(), "--from-latest-checkpoint", "0123456789abcdef0123456789abcdef"))
                .isEqualTo("error: --from-savepoint and --from-latest-checkpoint exclude each other: give one");
        assertThat(error("deploy", "ingest", "--allow-non-restored-state"))
                .isEqualTo("error: --allow-non-restored-state needs --from-savepoint or --from-latest-checkpoint");
        assertThat(error("deploy", "ingest", "--from-savepoint", dir.toString())).startsWith("error: " + dir + " has no _metadata file");
        assertThat(error("deploy", "ingest", "--from-latest-checkpoint", "nope")).startsWith("error: 'nope' is not a job id");
        assertThat(error("deploy", "ingest", "--from-latest-checkpoint", "0123456789abcdef0123456789abcdef", "-D", "flink.rest.url=http://127.0.0.1:1"))
                .startsWith("error: cannot reach the Flink cluster at http://127.0.0.1:1");
        assertThat(error("savepoint", "0123456789abcdef0123456789abcdef", "-D", "flink.rest.url=http://127.0.0.1:1"))
                .startsWith("error: cannot reach the Flink cluster at http://127.0.0.1:1");
    }

    @Test
    void materializeArgumentErrorsAreOneLine() {
        assertThat(error("materialize")).isEqualTo("error: give a VIEW or --all (not both)");
        assertThat(error("materialize", "origin_1h", "--all")).isEqualTo("error: give a VIEW or --all (not both)");
        assertThat(error("materialize", "origin_1h", "--as-of", "yesterday"))
                .startsWith("error: Invalid value for option '--as-of': 'yesterday' is not an instant: give an ISO-8601 instant like 2001-01-02T06:00:00Z");
    }
}
