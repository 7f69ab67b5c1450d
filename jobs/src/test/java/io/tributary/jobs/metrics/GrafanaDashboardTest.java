package io.tributary.jobs.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The dashboard in the repository is valid JSON and charts only metrics that Tributary's operators register. */
class GrafanaDashboardTest {
    @Test
    void everyPanelQueriesAMetricTheStagesRegister() throws Exception {
        Path root = Path.of(System.getProperty("tributary.root", "..")).toAbsolutePath();
        JsonNode dash = new ObjectMapper().readTree(Files.readString(root.resolve("flink-conf/grafana/tributary-dashboard.json")));
        Set<String> known = new HashSet<>(HeadlineMetrics.METRICS.keySet());
        known.addAll(Set.of("predictionLatencyMs", "redisLookupMicros", "feature_test_driftStatistic", "feature_test_drifted"));
        Pattern metric = Pattern.compile("flink_taskmanager_job_task_operator_(\\w+)");
        Set<String> used = new HashSet<>();
        for (JsonNode panel : dash.get("panels")) {
            assertThat(panel.get("title").asText()).isNotBlank();
            for (JsonNode target : panel.get("targets")) {
                Matcher m = metric.matcher(target.get("expr").asText());
                assertThat(m.find()).as(panel.get("title").asText()).isTrue();
                do used.add(m.group(1)); while (m.find());
            }
        }
        assertThat(known).containsAll(used);
        // and each of those names is registered somewhere in the stages' code
        String code;
        try (var files = Files.walk(root)) {
            StringBuilder sb = new StringBuilder();
            for (Path p : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains("/src/main/")).toList()) {
                sb.append(Files.readString(p));
            }
            code = sb.toString();
        }
        for (String name : used) {
            String registered = name.startsWith("feature_test_") ? name.substring("feature_test_".length()) : name;
            assertThat(code).as(name).contains("\"" + registered + "\"");
        }
    }
}
