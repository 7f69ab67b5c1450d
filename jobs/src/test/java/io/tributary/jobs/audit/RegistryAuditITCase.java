package io.tributary.jobs.audit;

import io.tributary.core.event.DeadLetterJson;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelRegistry;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import io.tributary.testing.KafkaTopicReader;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Every registry event lands in Iceberg (models.registry_audit); an unreadable record goes to the dead-letter topic. */
class RegistryAuditITCase {
    @RegisterExtension @org.junit.jupiter.api.Order(1) static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension @org.junit.jupiter.api.Order(2) static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    @Test
    void mirrorsTheWholeLog(@TempDir Path dir) throws Exception {
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(dir.resolve("a").toUri().toString()));
        byte[] onnx;
        try (InputStream in = getClass().getResourceAsStream("/models/sklearn_logreg_3f.onnx")) {
            onnx = in.readAllBytes();
        }
        registry.register("flights_delay", onnx, List.of("a", "b", "c"), Map.of("auc", 0.7), Map.of(), "alice", "first");
        registry.setAlias("flights_delay", "champion", 1, null, "alice", "go");
        registry.reject("flights_delay", "run-9", Map.of("auc", 0.5), Map.of(), "trainer", "AUC 0.5 below 0.6");
        KAFKA.produce("models.registry", List.of(new ProducerRecord<>("models.registry",
                "x".getBytes(StandardCharsets.UTF_8), "{not json".getBytes(StandardCharsets.UTF_8))));

        String warehouse = dir.resolve("wh").toUri().toString();
        // a table made before outputs were recorded: the job adds the column
        org.apache.iceberg.Schema full = org.apache.iceberg.flink.FlinkSchemaUtil.convert(
                org.apache.iceberg.flink.FlinkSchemaUtil.toSchema(RegistryAuditJob.rowType()));
        io.tributary.core.iceberg.IcebergTables.ensure(warehouse, RegistryAuditJob.ID,
                new org.apache.iceberg.Schema(full.columns().subList(0, full.columns().size() - 1)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(500);
        RegistryAuditJob.build(env, KAFKA.bootstrapServers(), warehouse, true);
        env.execute("registry-audit");

        var table = RegistryAuditJob.catalog(warehouse).loadCatalog().loadTable(RegistryAuditJob.ID);
        List<Record> rows = new ArrayList<>();
        try (var it = IcebergGenerics.read(table).build()) { it.forEach(rows::add); }
        rows.sort(Comparator.comparingLong(r -> (Long) r.getField("kafka_offset")));
        assertThat(rows).extracting(r -> r.getField("type")).containsExactly("VERSION_REGISTERED", "ALIAS_SET", "CANDIDATE_REJECTED");
        assertThat(rows.get(1).getField("alias")).isEqualTo("champion");
        assertThat(rows.get(1).getField("by")).isEqualTo("alice");
        assertThat(rows.get(2).getField("why")).isEqualTo("AUC 0.5 below 0.6");
        assertThat((String) rows.get(0).getField("metrics")).contains("\"auc\":0.7");
        assertThat((String) rows.get(0).getField("outputs")).contains("\"name\":\"probabilities\"").contains("\"score_column\":1");

        var dead = KafkaTopicReader.readCommitted(KAFKA.bootstrapServers(), "deadletter", 1, Duration.ofSeconds(30));
        assertThat(dead).hasSize(1);
        assertThat(DeadLetterJson.fromJson(dead.get(0).value()).getSourceTopic()).isEqualTo("models.registry");
    }
}
