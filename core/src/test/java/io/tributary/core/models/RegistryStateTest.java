package io.tributary.core.models;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RegistryStateTest {
    static ModelEvent registered(int v) {
        return new ModelEvent(ModelEvent.Type.VERSION_REGISTERED, "m", v, null, null, null, null, "sha" + v, "file:/a" + v,
                null, Map.of("auc", 0.7), null, "t", Instant.ofEpochSecond(v), "");
    }

    static ModelEvent alias(String a, int v, Integer prev) {
        return new ModelEvent(ModelEvent.Type.ALIAS_SET, "m", v, a, null, prev, null, null, null, null, null, null, "t", Instant.now(), "");
    }

    @Test
    void jsonRoundTrips() {
        ModelEvent e = registered(3);
        assertThat(ModelEvent.fromJson(e.toJson())).isEqualTo(e);
    }

    @Test
    void theFoldOfTheCompactedLogIsTheCurrentState() {
        List<ModelEvent> log = List.of(registered(1), alias("champion", 1, null), registered(2), alias("champion", 2, 1),
                registered(3), alias("challenger", 3, null), alias("champion", 3, 2),
                new ModelEvent(ModelEvent.Type.VERSION_ARCHIVED, "m", 1, null, null, null, null, "sha1", "file:/a1", null,
                        Map.of("auc", 0.7), null, "t", Instant.now(), "old"),
                new ModelEvent(ModelEvent.Type.ALIAS_REMOVED, "m", null, "challenger", null, 3, null, null, null, null, null, null, "t", Instant.now(), ""));
        // what Kafka's compaction leaves: the latest event per key, in log order
        Map<String, Integer> lastIndex = new LinkedHashMap<>();
        for (int i = 0; i < log.size(); i++) lastIndex.put(log.get(i).key(), i);
        List<ModelEvent> compacted = new ArrayList<>();
        for (int i = 0; i < log.size(); i++) if (lastIndex.get(log.get(i).key()) == i) compacted.add(log.get(i));
        assertThat(compacted).hasSizeLessThan(log.size());

        RegistryState.Model full = RegistryState.fold(log).model("m").orElseThrow();
        RegistryState.Model kept = RegistryState.fold(compacted).model("m").orElseThrow();
        assertThat(kept.aliases()).isEqualTo(full.aliases());
        assertThat(kept.versions().keySet()).isEqualTo(full.versions().keySet());
        assertThat(kept.version(1).orElseThrow().archived()).isTrue();
        assertThat(kept.version(1).orElseThrow().registered().sha256()).isEqualTo("sha1");
        assertThat(full.alias("champion").orElseThrow().version()).isEqualTo(3);
        assertThat(full.alias("challenger")).isEmpty();
    }
}
