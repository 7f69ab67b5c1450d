package io.tributary.jobs.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TributaryCommandTest {
    private static final List<String> COMMANDS = List.of("up", "down", "status", "deploy", "jobs", "cancel", "sql", "features", "models", "bench", "test", "demo");

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
        assertThat(cl.execute("status", "-D", "stack.kafka.port=abc")).isEqualTo(1);
        assertThat(err.toString()).contains("config key 'stack.kafka.port' (from flag) must be an integer, got 'abc'");
    }
}
