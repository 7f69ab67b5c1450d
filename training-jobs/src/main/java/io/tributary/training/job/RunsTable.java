package io.tributary.training.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
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
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The experiment record in Iceberg: table {@code models.runs}, one row per training run (appended on checkpoints),
 * for questions like "which run of which model had the best AUC on its holdout?" ({@code sql/examples/compare_runs.sql}).
 */
public final class RunsTable {
    public static final TableIdentifier ID = TableIdentifier.of(Namespace.of("models"), "runs");
    private static final String[] NAMES = {"run_id", "model", "trigger", "outcome", "reason", "version", "sha256", "auc",
            "log_loss", "accuracy", "calibration_error", "brier", "champion_auc", "from_event_time", "to_event_time",
            "examples", "seed", "code_version", "duration_ms", "parameters"};

    private RunsTable() {}

    static RowType rowType() {
        LogicalType s = new VarCharType(true, VarCharType.MAX_LENGTH);
        LogicalType d = new DoubleType(true);
        LogicalType ts = new LocalZonedTimestampType(true, 6);
        LogicalType[] types = {new VarCharType(false, VarCharType.MAX_LENGTH), new VarCharType(false, VarCharType.MAX_LENGTH),
                s, s, s, new IntType(true), s, d, d, d, d, d, d, ts, ts, new IntType(true), new BigIntType(true), s,
                new BigIntType(true), s};
        List<RowType.RowField> fields = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) fields.add(new RowType.RowField(NAMES[i], types[i]));
        return new RowType(fields);
    }

    public static CatalogLoader catalog(String warehouse) { return io.tributary.core.iceberg.IcebergTables.catalog(warehouse); }

    static void ensure(String warehouse) {
        io.tributary.core.iceberg.IcebergTables.ensure(warehouse, ID, FlinkSchemaUtil.convert(FlinkSchemaUtil.toSchema(rowType())));
    }

    static void sink(DataStream<TrainingOutcome> outcomes, String warehouse, String model) {
        io.tributary.core.iceberg.IcebergTables.append(outcomes.map(new ToRow()).returns(InternalTypeInfo.of(rowType()))
                .name("run-rows-" + model).uid("run-rows-" + model), rowType(), warehouse, ID, "iceberg-runs-" + model);
    }

    static final class ToRow implements MapFunction<TrainingOutcome, RowData> {
        private static final long serialVersionUID = 1L;
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public RowData map(TrainingOutcome o) throws Exception {
            return GenericRowData.of(str(o.runId()), str(o.model()), str(o.trigger()), str(o.outcome()), str(o.reason()),
                    o.version(), str(o.sha256()), num(o.metrics(), "auc"), num(o.metrics(), "log_loss"),
                    num(o.metrics(), "accuracy"), num(o.metrics(), "calibration_error"), num(o.metrics(), "brier"),
                    num(o.championMetrics(), "auc"), o.fromEventTime() == 0 ? null : TimestampData.fromEpochMillis(o.fromEventTime()),
                    o.toEventTime() == 0 ? null : TimestampData.fromEpochMillis(o.toEventTime()), o.examples(), o.seed(),
                    str(o.codeVersion()), o.durationMillis(), str(JSON.writeValueAsString(o.parameters())));
        }

        private static StringData str(String s) { return s == null ? null : StringData.fromString(s); }

        private static Double num(Map<String, Object> m, String k) {
            Object v = m == null ? null : m.get(k);
            return v instanceof Number n ? n.doubleValue() : null;
        }
    }
}
