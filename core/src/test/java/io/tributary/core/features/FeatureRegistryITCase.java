package io.tributary.core.features;

import io.tributary.testing.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The feature registry on a real broker: durable, versioned, idempotent. */
class FeatureRegistryITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    static FeatureViewInfo view(String version, String... features) {
        return new FeatureViewInfo("origin_1h", version, "events.flights", List.of("origin"), "TUMBLE(3600000)",
                java.util.Arrays.stream(features).map(f -> new FeatureViewInfo.Feature(f, "DOUBLE", "AVG", "about " + f)).toList(),
                Duration.ofHours(2), "ops", "per origin airport");
    }

    @Test
    void registersVersionsAndReportsTheLatestAsCurrent() throws Exception {
        FeatureRegistry registry = new FeatureRegistry(KAFKA.bootstrapServers());
        assertThat(registry.load()).isEmpty();
        registry.register(view("aaa", "mean_delay"));
        registry.register(view("aaa", "mean_delay")); // same version: not registered twice
        Thread.sleep(5);
        registry.register(view("bbb", "mean_delay", "max_delay"));
        registry.register(new FeatureViewInfo("global_1d", "ccc", "events.flights", List.of(), "TUMBLE(86400000)",
                List.of(new FeatureViewInfo.Feature("flights", "LONG", "COUNT", "")), Duration.ZERO, "", ""));

        Map<String, List<FeatureRegistry.Entry>> all = new FeatureRegistry(KAFKA.bootstrapServers()).load();
        assertThat(all.keySet()).containsExactly("global_1d", "origin_1h");
        assertThat(all.get("origin_1h")).extracting(e -> e.view().version()).containsExactly("aaa", "bbb");
        assertThat(registry.current()).extracting(FeatureViewInfo::version).containsExactly("ccc", "bbb");
        FeatureViewInfo current = registry.current().get(1);
        assertThat(current).isEqualTo(view("bbb", "mean_delay", "max_delay"));
        assertThat(current.ttl()).isEqualTo(Duration.ofHours(2));
    }
}
