package io.tributary.features.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tributary.features.pipeline.FeatureRows;
import io.tributary.features.view.FeatureView;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Instant;

/**
 * The feature changelog topic {@code features.<view>}: one record per feature row, keyed by the entity as a JSON
 * object of its key columns (so Flink SQL's {@code upsert-kafka} reads it as a versioned table), valued by the row as
 * JSON (timestamps as ISO-8601 instants, as Flink's json format reads TIMESTAMP_LTZ), stamped with {@code window_end}.
 */
public final class FeatureChangelogSerializationSchema implements KafkaRecordSerializationSchema<RowData> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FeatureView view;
    private final String topic;

    public FeatureChangelogSerializationSchema(FeatureView view, String topic) {
        this.view = view;
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(RowData row, KafkaSinkContext context, Long timestamp) {
        ObjectNode key = JSON.createObjectNode();
        ObjectNode value = JSON.createObjectNode();
        for (int i = 0; i < view.entityKeys().size(); i++) {
            key.put(view.entityKeys().get(i), row.getString(i).toString());
            value.put(view.entityKeys().get(i), row.getString(i).toString());
        }
        long windowEnd = FeatureRows.windowEnd(view, row);
        value.put("window_start", sqlTimestamp(row.getTimestamp(FeatureRows.windowStartIndex(view), 6).getMillisecond()));
        value.put("window_end", sqlTimestamp(windowEnd));
        value.put("event_count", row.getLong(FeatureRows.eventCountIndex(view)));
        for (int i = 0; i < view.features().size(); i++) {
            Object v = FeatureRows.featureValue(view, row, i);
            String name = view.features().get(i).name();
            if (v == null) value.putNull(name);
            else if (v instanceof Long l) value.put(name, l);
            else if (v instanceof Double d) value.put(name, d);
            else value.put(name, v.toString());
        }
        value.put("view_version", view.version());
        try {
            return new ProducerRecord<>(topic, null, windowEnd,
                    view.entityKeys().isEmpty() ? null : JSON.writeValueAsBytes(key), JSON.writeValueAsBytes(value));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a feature row always serializes", e);
        }
    }

    /** TIMESTAMP_LTZ as Flink's json format reads it by default: "2001-01-01 01:00:00.000Z". */
    private static String sqlTimestamp(long millis) {
        String s = Instant.ofEpochMilli(millis).toString(); // 2001-01-01T01:00:00Z
        return s.replace('T', ' ').replace("Z", s.contains(".") ? "Z" : ".000Z");
    }
}
