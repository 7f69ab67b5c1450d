package io.tributary.drift.job;

import io.tributary.core.iceberg.IcebergTables;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.ArrayList;
import java.util.List;

/** The window statistics in Iceberg: table {@code drift.metrics}, the columns of {@code drift.metrics} on Kafka. */
public final class DriftMetricsTable {
    public static final TableIdentifier ID = TableIdentifier.of(Namespace.of("drift"), "metrics");
    private static final String[] NAMES = {"model", "version", "feature", "test", "statistic", "p_value", "threshold", "drifted",
            "reference_n", "window_n", "window_start", "window_end"};

    private DriftMetricsTable() {}

    static RowType rowType() {
        LogicalType s = new VarCharType(false, VarCharType.MAX_LENGTH);
        LogicalType d = new DoubleType(true);
        LogicalType ts = new LocalZonedTimestampType(false, 6);
        LogicalType[] types = {s, new IntType(false), s, s, d, d, d, new BooleanType(false), new BigIntType(false),
                new BigIntType(false), ts, ts};
        List<RowType.RowField> fields = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) fields.add(new RowType.RowField(NAMES[i], types[i]));
        return new RowType(fields);
    }

    static void sink(DataStream<DriftRecords.Metric> metrics, String warehouse, String model) {
        IcebergTables.append(metrics.map(new ToRow()).returns(InternalTypeInfo.of(rowType())).name("drift-rows-" + model).uid("drift-rows-" + model),
                rowType(), warehouse, ID, "iceberg-drift-" + model);
    }

    static final class ToRow implements MapFunction<DriftRecords.Metric, RowData> {
        private static final long serialVersionUID = 1L;

        @Override
        public RowData map(DriftRecords.Metric m) {
            return GenericRowData.of(StringData.fromString(m.model()), m.version(), StringData.fromString(m.feature()),
                    StringData.fromString(m.test()), num(m.statistic()), num(m.pValue()), num(m.threshold()), m.drifted(),
                    m.referenceN(), m.windowN(), TimestampData.fromEpochMillis(m.windowStart()), TimestampData.fromEpochMillis(m.windowEnd()));
        }

        private static Double num(double v) { return Double.isNaN(v) ? null : v; }
    }
}
