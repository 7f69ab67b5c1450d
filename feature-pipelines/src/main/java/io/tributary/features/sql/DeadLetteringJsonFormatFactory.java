package io.tributary.features.sql;

import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.formats.json.JsonFormatFactory;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.connector.format.DecodingFormat;
import org.apache.flink.table.connector.format.ProjectableDecodingFormat;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.factories.DeserializationFormatFactory;
import org.apache.flink.table.factories.DynamicTableFactory;
import org.apache.flink.table.types.DataType;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code 'format' = 'tributary-json'}: Flink's JSON format (same options, e.g. {@code tributary-json.timestamp-format.standard})
 * that sends a record it cannot read (not JSON, a field of the wrong type, a tombstone) to the dead-letter topic with
 * the reason and goes on, where {@code 'json'} fails the job and, restarted, fails again on the same record. For a
 * Kafka table: the dead letters go to the table's {@code properties.bootstrap.servers}, keyed by its {@code topic}.
 * Dead letters are written at least once (a record read again after a recovery is dead-lettered again).
 */
public final class DeadLetteringJsonFormatFactory implements DeserializationFormatFactory {
    public static final String IDENTIFIER = "tributary-json";

    public static final ConfigOption<String> DEAD_LETTER_TOPIC = ConfigOptions.key("dead-letter-topic").stringType()
            .defaultValue("deadletter").withDescription("the topic dead letters go to");

    private final JsonFormatFactory json = new JsonFormatFactory();

    @Override public String factoryIdentifier() { return IDENTIFIER; }

    @Override public Set<ConfigOption<?>> requiredOptions() { return json.requiredOptions(); }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        Set<ConfigOption<?>> options = new HashSet<>(json.optionalOptions());
        options.add(DEAD_LETTER_TOPIC);
        return options;
    }

    @Override
    public DecodingFormat<DeserializationSchema<RowData>> createDecodingFormat(DynamicTableFactory.Context context, ReadableConfig formatOptions) {
        // Flink's JSON decoding format takes projections (ProjectableDecodingFormat), and so does this one
        @SuppressWarnings("unchecked")
        ProjectableDecodingFormat<DeserializationSchema<RowData>> inner =
                (ProjectableDecodingFormat<DeserializationSchema<RowData>>) json.createDecodingFormat(context, formatOptions);
        Map<String, String> table = context.getCatalogTable().getOptions();
        String bootstrap = table.get("properties.bootstrap.servers");
        if (bootstrap == null) {
            throw new ValidationException("format 'tributary-json' writes dead letters to Kafka: the table needs 'properties.bootstrap.servers'");
        }
        String sourceTopic = table.getOrDefault("topic", context.getObjectIdentifier().getObjectName());
        String stage = "sql:" + context.getObjectIdentifier().getObjectName();
        String deadLetterTopic = formatOptions.get(DEAD_LETTER_TOPIC);
        return new ProjectableDecodingFormat<>() {
            @Override
            public DeserializationSchema<RowData> createRuntimeDecoder(DynamicTableSource.Context ctx, DataType physicalType, int[][] projections) {
                DeserializationSchema<RowData> decoder = inner.createRuntimeDecoder(ctx, physicalType, projections);
                return new DeadLetteringDeserializationSchema(decoder, bootstrap, sourceTopic, deadLetterTopic, stage);
            }

            @Override public ChangelogMode getChangelogMode() { return inner.getChangelogMode(); }
        };
    }
}
