package io.tributary.jobs.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tributary.core.event.DeadLetter;
import io.tributary.core.kafka.DeadLetterSerializationSchema;
import io.tributary.core.kafka.EnvelopeDeserializationSchema;
import io.tributary.core.kafka.KafkaSinks;
import io.tributary.core.kafka.KafkaTopics;
import io.tributary.core.models.ModelEvent;
import io.tributary.core.topic.TopicNames;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.ParameterTool;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Mirrors the model registry's log to the Iceberg table {@code models.registry_audit}: every event, never compacted
 * away, for "who promoted what, when and why" questions in SQL. Unreadable records go to the dead-letter topic.
 * Deployable as {@code ./tributary deploy registry-audit --warehouse URI}.
 */
public final class RegistryAuditJob {
    public static final TableIdentifier ID = TableIdentifier.of(Namespace.of("models"), "registry_audit");
    static final OutputTag<DeadLetter> UNREADABLE = new OutputTag<>("unreadable-registry-events") {};
    private static final String[] NAMES = {"kafka_offset", "at", "type", "model", "version", "alias", "traffic_share",
            "previous_version", "candidate", "sha256", "artifact", "by", "why", "inputs", "metrics", "lineage", "outputs"};

    private RegistryAuditJob() {}

    /** One registry record with its offset. */
    public record Raw(long offset, long timestamp, int partition, byte[] key, byte[] value) implements Serializable {}

    public static void main(String[] args) throws Exception {
        ParameterTool p = ParameterTool.fromArgs(args);
        String bootstrap = p.get("bootstrap-servers", "127.0.0.1:9092");
        KafkaTopics.ensure(bootstrap, 1, TopicNames.MODEL_REGISTRY, TopicNames.DEAD_LETTERS);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!env.getCheckpointConfig().isCheckpointingEnabled()
                && env.getConfiguration().getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).isEmpty()) {
            env.enableCheckpointing(10_000);
        }
        build(env, bootstrap, p.getRequired("warehouse"), false);
        env.execute("tributary-registry-audit");
    }

    public static void build(StreamExecutionEnvironment env, String bootstrap, String warehouse, boolean bounded) {
        KafkaSourceBuilder<Raw> source = KafkaSource.<Raw>builder().setBootstrapServers(bootstrap)
                .setTopics(TopicNames.MODEL_REGISTRY).setGroupId("tributary-registry-audit")
                .setStartingOffsets(OffsetsInitializer.committedOffsets(org.apache.kafka.clients.consumer.OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawDeserializer());
        if (bounded) source.setBounded(OffsetsInitializer.latest());
        SingleOutputStreamOperator<RowData> rows = env.fromSource(source.build(), WatermarkStrategy.noWatermarks(), "registry-log")
                .uid("registry-log").setParallelism(1)
                .process(new ToRow()).returns(InternalTypeInfo.of(rowType())).name("registry-rows").uid("registry-rows").setParallelism(1);
        rows.getSideOutput(UNREADABLE).sinkTo(KafkaSinks.exactlyOnce(bootstrap,
                new DeadLetterSerializationSchema(TopicNames.DEAD_LETTERS), "tributary-registry-audit-deadletter"))
                .name("registry-audit-dead-letters").uid("registry-audit-dead-letters");
        ensure(warehouse);
        FlinkSink.forRowData(rows).tableLoader(TableLoader.fromCatalog(catalog(warehouse), ID))
                .uidPrefix("iceberg-registry-audit").writeParallelism(1).append();
    }

    static RowType rowType() {
        LogicalType s = new VarCharType(true, VarCharType.MAX_LENGTH);
        LogicalType[] types = {new BigIntType(false), new LocalZonedTimestampType(false, 6), s, s, new IntType(true), s,
                new DoubleType(true), new IntType(true), s, s, s, s, s, s, s, s, s};
        List<RowType.RowField> fields = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) fields.add(new RowType.RowField(NAMES[i], types[i]));
        return new RowType(fields);
    }

    public static CatalogLoader catalog(String warehouse) { return io.tributary.core.iceberg.IcebergTables.catalog(warehouse); }

    static void ensure(String warehouse) {
        org.apache.iceberg.Table table = io.tributary.core.iceberg.IcebergTables.ensure(warehouse, ID,
                FlinkSchemaUtil.convert(FlinkSchemaUtil.toSchema(rowType())));
        // a table created before the registry recorded output schemas gets the column, last, as in rowType()
        if (table.schema().findField("outputs") == null) {
            table.updateSchema().addColumn("outputs", org.apache.iceberg.types.Types.StringType.get()).commit();
        }
    }

    static final class RawDeserializer implements KafkaRecordDeserializationSchema<Raw> {
        private static final long serialVersionUID = 1L;

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> r, Collector<Raw> out) {
            if (r.value() != null) out.collect(new Raw(r.offset(), r.timestamp(), r.partition(), r.key(), r.value()));
        }

        @Override
        public TypeInformation<Raw> getProducedType() { return TypeInformation.of(Raw.class); }
    }

    static final class ToRow extends ProcessFunction<Raw, RowData> {
        private static final long serialVersionUID = 1L;
        private static final ObjectMapper JSON = new ObjectMapper();
        private transient Counter unreadable;

        @Override
        public void open(OpenContext ctx) { unreadable = getRuntimeContext().getMetricGroup().counter("deadLetters"); }

        @Override
        public void processElement(Raw raw, Context ctx, Collector<RowData> out) throws Exception {
            ModelEvent e;
            try {
                e = ModelEvent.fromJson(raw.value());
            } catch (RuntimeException ex) {
                unreadable.inc();
                ctx.output(UNREADABLE, DeadLetter.of(TopicNames.MODEL_REGISTRY, raw.partition(), raw.offset(), raw.timestamp(),
                        "registry-audit", String.valueOf(ex.getCause() == null ? ex : ex.getCause()), raw.key(), raw.value(),
                        EnvelopeDeserializationSchema.DEAD_LETTER_MAX_VALUE_BYTES, System.currentTimeMillis()));
                return;
            }
            out.collect(GenericRowData.of(raw.offset(), TimestampData.fromInstant(e.at()), str(e.type().name()), str(e.model()),
                    e.version(), str(e.alias()), e.trafficShare(), e.previousVersion(), str(e.candidate()), str(e.sha256()),
                    str(e.artifact()), str(e.by()), str(e.why()), str(JSON.writeValueAsString(e.inputs())),
                    str(JSON.writeValueAsString(e.metrics())), str(JSON.writeValueAsString(e.lineage())),
                    str(JSON.writeValueAsString(e.outputs()))));
        }

        private static StringData str(String s) { return s == null ? null : StringData.fromString(s); }
    }
}
