package io.tributary.core.models;

import io.tributary.core.event.Sha256;
import io.tributary.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The model registry on a real broker, with artefacts on the local file system. */
class ModelRegistryITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static byte[] sklearnModel() throws IOException {
        try (InputStream in = ModelRegistryITCase.class.getResourceAsStream("/models/sklearn_logreg_3f.onnx")) {
            return in.readAllBytes();
        }
    }

    @Test
    void registersPromotesRollsBackAndRefusesBadModelsWithoutChangingAnything(@TempDir Path artefacts) throws Exception {
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(artefacts.toUri().toString()));
        byte[] onnx = sklearnModel();

        ModelEvent v1 = registry.register("flights_delay", onnx, List.of("a", "b", "c"), Map.of("auc", 0.71),
                Map.of("trained_by", "sklearn"), "alice", "trained elsewhere");
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.sha256()).isEqualTo(Sha256.hex(onnx));
        assertThat(v1.artifact()).endsWith(Sha256.hex(onnx) + ".onnx");
        assertThat(ArtifactStore.read(v1.artifact(), v1.sha256())).isEqualTo(onnx);
        assertThat(v1.inputs()).singleElement().satisfies(i -> assertThat(i).containsEntry("name", "X").containsEntry("type", "FLOAT"));

        int events = registry.log().size();
        assertThatThrownBy(() -> registry.register("flights_delay", onnx, List.of("a", "b"), Map.of(), Map.of(), "bob", ""))
                .hasMessage("input 'X' takes 3 features per row, but 2 were declared: [a, b]");
        assertThatThrownBy(() -> registry.register("flights_delay", Arrays.copyOf(onnx, onnx.length / 2), List.of("a", "b", "c"),
                Map.of(), Map.of(), "bob", "")).hasMessageStartingWith("ONNX Runtime cannot load the model");
        assertThatThrownBy(() -> registry.register("flights_delay", "not onnx".getBytes(), List.of("a"), Map.of(), Map.of(), "bob", ""))
                .hasMessageStartingWith("ONNX Runtime cannot load the model");
        assertThat(registry.log()).hasSize(events);

        registry.setAlias("flights_delay", "champion", 1, null, "alice", "first model");
        ModelEvent v2 = registry.register("flights_delay", onnx, List.of("a", "b", "c"), Map.of("auc", 0.72), Map.of(), "trainer", "retrained");
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.artifact()).isEqualTo(v1.artifact()); // content-addressed: the same bytes are stored once
        registry.setAlias("flights_delay", "champion", 2, null, "trainer", "passed the gate");
        RegistryState.Model m = registry.state().model("flights_delay").orElseThrow();
        assertThat(m.alias("champion").orElseThrow().version()).isEqualTo(2);
        assertThat(m.alias("champion").orElseThrow().previousVersion()).isEqualTo(1);

        assertThatThrownBy(() -> registry.setAlias("flights_delay", "canary", 1, null, "x", ""))
                .hasMessageContaining("a canary needs a traffic share");
        registry.setAlias("flights_delay", "canary", 1, 0.05, "x", "try the old one on 5 %");
        assertThatThrownBy(() -> registry.archive("flights_delay", 2, "x", "")).hasMessageContaining("is the champion");
        assertThatThrownBy(() -> registry.setAlias("flights_delay", "champion", 9, null, "x", ""))
                .hasMessageContaining("has no version 9");

        registry.rollback("flights_delay", "champion", "oncall", "latency regression");
        registry.reject("flights_delay", "run-17", Map.of("auc", 0.55), Map.of("seed", 7), "trainer", "AUC 0.55 below 0.6");
        registry.removeAlias("flights_delay", "canary", "x", "done");
        registry.archive("flights_delay", 2, "oncall", "bad latency");

        RegistryState s = new ModelRegistry(KAFKA.bootstrapServers(), registry.artifacts()).state();
        RegistryState.Model after = s.model("flights_delay").orElseThrow();
        assertThat(after.alias("champion").orElseThrow().version()).isEqualTo(1);
        assertThat(after.alias("canary")).isEmpty();
        assertThat(after.version(2).orElseThrow().archived()).isTrue();
        assertThat(after.rejected()).singleElement().satisfies(r -> {
            assertThat(r.why()).isEqualTo("AUC 0.55 below 0.6");
            assertThat(r.by()).isEqualTo("trainer");
        });
        assertThat(after.history()).extracting(ModelEvent::by).contains("alice", "trainer", "oncall");
    }

    /**
     * What registers, serves: a regression and a multi-class model register with their output schema; each model the
     * scorer could not serve is refused with its reason, and neither the log nor the artefact store changes.
     */
    @Test
    void registersAnyServableModelAndRefusesTheOthersWithoutChangingAnything(@TempDir Path artefacts) throws Exception {
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(artefacts.toUri().toString()));
        List<String> features = List.of("a", "b", "c");
        ModelEvent regression = registry.register("trip_minutes", ServableModelTest.model("regression_linear_3f"), features,
                Map.of(), Map.of(), "alice", "a regression");
        assertThat(regression.outputs()).singleElement().satisfies(o -> assertThat(o).containsEntry("name", "variable")
                .containsEntry("type", "FLOAT").containsEntry("values_per_row", 1).doesNotContainKey("score_column"));
        registry.register("trip_minutes", ServableModelTest.model("multiclass_softmax_3f"), features, Map.of(), Map.of(), "alice", "");
        RegistryState.Version v2 = registry.state().model("trip_minutes").orElseThrow().version(2).orElseThrow();
        assertThat(v2.registered().outputs()).extracting(o -> o.get("name") + "=" + o.get("values_per_row"))
                .containsExactly("probabilities=4", "label=1"); // read back from the log

        int events = registry.log().size();
        List<Path> stored;
        try (var files = java.nio.file.Files.list(artefacts)) {
            stored = files.toList();
        }
        String[][] refused = {
                {"dynamic_width", "a,b", "input 'X' is FLOAT[-1, -1]: its width is not in the model's signature"},
                {"unservable_string_input", "category", "input 'category' has element type STRING"},
                {"unservable_string_label", "a,b,c", "the model has no usable output: output 'label' is STRING[-1]"},
                {"unservable_batch_total", "a,b,c", "output 'total' has shape [] for a batch of 3 rows"},
        };
        for (String[] r : refused) {
            byte[] onnx = ServableModelTest.model(r[0]);
            assertThatThrownBy(() -> registry.register("trip_minutes", onnx, List.of(r[1].split(",")), Map.of(), Map.of(), "bob", ""))
                    .as(r[0]).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(r[2]);
        }
        assertThat(registry.log()).hasSize(events);
        try (var files = java.nio.file.Files.list(artefacts)) {
            assertThat(files.toList()).containsExactlyInAnyOrderElementsOf(stored);
        }
    }

    @Test
    void anArtefactWhoseBytesChangedIsRefused(@TempDir Path artefacts) throws Exception {
        ArtifactStore store = new ArtifactStore(artefacts.toUri().toString());
        String uri = store.put(sklearnModel());
        java.nio.file.Files.write(Path.of(java.net.URI.create(uri)), "tampered".getBytes());
        assertThatThrownBy(() -> ArtifactStore.read(uri, Sha256.hex(sklearnModel())))
                .hasMessageContaining("has sha256 " + Sha256.hex("tampered".getBytes()))
                .hasMessageContaining("but the registry expects " + Sha256.hex(sklearnModel()));
    }
}
