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
