package io.tributary.testing;

import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness itself: each extension gives a real, working service. */
class HarnessITCase {
    @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
    @RegisterExtension static final IcebergCatalogExtension ICEBERG = new IcebergCatalogExtension();
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @Test
    void redisServerAnswersOnItsOwnPort() throws Exception {
        try (Socket s = new Socket("127.0.0.1", REDIS.port())) {
            OutputStream out = s.getOutputStream();
            out.write("SET harness ok\r\nGET harness\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[64];
            StringBuilder sb = new StringBuilder();
            while (!sb.toString().endsWith("ok\r\n")) sb.append(new String(buf, 0, in.read(buf), StandardCharsets.US_ASCII));
            assertThat(sb.toString()).isEqualTo("+OK\r\n$2\r\nok\r\n");
        }
        assertThat(REDIS.uri()).isEqualTo("redis://127.0.0.1:" + REDIS.port());
    }

    @Test
    void icebergCatalogCreatesTablesOnTheLocalFileSystem() {
        Schema schema = new Schema(Types.NestedField.required(1, "id", Types.LongType.get()));
        Table t = ICEBERG.catalog().createTable(TableIdentifier.of(Namespace.of("ns"), "t"), schema);
        assertThat(ICEBERG.catalog().loadTable(TableIdentifier.of("ns", "t")).schema().asStruct()).isEqualTo(schema.asStruct());
        assertThat(Files.isDirectory(Path.of(java.net.URI.create(t.location())))).isTrue();
    }

    @Test
    void kafkaBrokerRoundTripsRecords() throws Exception {
        KAFKA.createTopics(1, "harness");
        KAFKA.produce("harness", List.of(new org.apache.kafka.clients.producer.ProducerRecord<>("harness",
                "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8))));
        assertThat(KAFKA.consume("harness", 1, java.time.Duration.ofSeconds(20)))
                .singleElement().satisfies(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("v"));
    }
}
