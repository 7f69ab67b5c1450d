package io.tributary.jobs.cli;

import io.tributary.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** `tributary models ...` against a real broker, with the sklearn-made model and a truncated copy of it. */
class ModelsCommandITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @TempDir static Path dir;

    private static String run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream old = System.out;
        StringWriter err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cl = TributaryCommand.commandLine();
            cl.setErr(new PrintWriter(err));
            List<String> all = new ArrayList<>(List.of(args));
            all.addAll(List.of("-D", "kafka.bootstrap.servers=" + KAFKA.bootstrapServers(),
                    "-D", "models.artifacts=" + dir.resolve("artefacts").toUri()));
            int code = cl.execute(all.toArray(String[]::new));
            return code + "\n" + out.toString(StandardCharsets.UTF_8) + err;
        } finally {
            System.setOut(old);
        }
    }

    @Test
    void registerPromoteRollbackAndRefuseBadFiles() throws Exception {
        Path model = dir.resolve("model.onnx");
        try (InputStream in = getClass().getResourceAsStream("/models/sklearn_logreg_3f.onnx")) {
            Files.write(model, in.readAllBytes());
        }
        Path truncated = dir.resolve("truncated.onnx");
        byte[] bytes = Files.readAllBytes(model);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 3));

        assertThat(run("models", "list")).startsWith("0\n").contains("no models registered");
        assertThat(run("models", "register", "flights_delay", truncated.toString(), "--features", "a,b,c"))
                .startsWith("1\n").contains("error: " + truncated + " was not registered: ONNX Runtime cannot load the model");
        assertThat(run("models", "register", "flights_delay", model.toString(), "--features", "a,b"))
                .startsWith("1\n").contains("takes 3 features per row, but 2 were declared");
        Path unservable = dir.resolve("total.onnx");
        try (InputStream in = getClass().getResourceAsStream("/models/unservable_batch_total.onnx")) {
            Files.write(unservable, in.readAllBytes());
        }
        // refused by the trial inference, in one line and no stack trace
        assertThat(run("models", "register", "flights_delay", unservable.toString(), "--features", "a,b,c"))
                .isEqualTo("1\nerror: " + unservable + " was not registered: output 'total' has shape [] for a batch of 3 rows; "
                        + "Tributary carries outputs with one row per input row ([N], [N, K])\n");
        assertThat(run("models", "list")).contains("no models registered");

        assertThat(run("models", "register", "flights_delay", model.toString(), "--features", "a,b,c", "--metric", "auc=0.71"))
                .startsWith("0\n").contains("registered flights_delay v1");
        assertThat(run("models", "register", "flights_delay", model.toString(), "--features", "a,b,c")).contains("v2");
        assertThat(run("models", "promote", "flights_delay", "1")).contains("champion -> v1");
        assertThat(run("models", "promote", "flights_delay", "2", "--why", "better")).contains("champion -> v2 (was v1)");
        assertThat(run("models", "promote", "flights_delay", "1", "--alias", "canary", "--share", "0.1")).contains("canary -> v1");
        assertThat(run("models", "list")).contains("flights_delay").contains("champion=v2").contains("canary=v1 (10 %)");
        assertThat(run("models", "rollback", "flights_delay")).contains("champion -> v1 (rolled back from v2)");
        assertThat(run("models", "show", "flights_delay")).contains("v1").contains("v2").contains("ALIAS_SET champion v2")
                .contains("by " + System.getProperty("user.name"));
        assertThat(run("models", "show", "flights_delay", "1")).contains("sha256:").contains("auc=0.71").contains("name=X")
                .contains("outputs:   [{name=label, type=INT64, shape=[-1], carried=true, values_per_row=1}, {name=probabilities, "
                        + "type=FLOAT, shape=[-1, 2], carried=true, values_per_row=2, score_column=1}]");
        // a version or model name that does not exist is a usage error (exit code 2)
        assertThat(run("models", "promote", "flights_delay", "7")).startsWith("2\n").contains("has no version 7");
        assertThat(run("models", "show", "nope")).startsWith("2\n").contains("no model 'nope' is registered");
    }
}
