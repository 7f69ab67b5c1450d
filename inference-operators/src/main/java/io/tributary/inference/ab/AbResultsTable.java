package io.tributary.inference.ab;

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

/** The A/B results in Iceberg: table {@code ab.results}, one row per window and variant (the columns of {@code ab.results} on Kafka). */
public final class AbResultsTable {
    public static final TableIdentifier ID = TableIdentifier.of(Namespace.of("ab"), "results");
    private static final String[] NAMES = {"experiment", "window_start", "window_end", "variant", "version", "n", "mean_outcome",
            "mean_outcome_ci_low", "mean_outcome_ci_high", "accuracy", "accuracy_ci_low", "accuracy_ci_high", "auc", "mean_brier",
            "accuracy_diff_vs_champion", "z_test_p", "welch_t", "welch_p", "significant"};

    private AbResultsTable() {}

    static RowType rowType() {
        LogicalType d = new DoubleType(true);
        LogicalType ts = new LocalZonedTimestampType(false, 6);
        LogicalType[] types = {new VarCharType(false, VarCharType.MAX_LENGTH), ts, ts, new VarCharType(false, VarCharType.MAX_LENGTH),
                new IntType(false), new BigIntType(false), d, d, d, d, d, d, d, d, d, d, d, d, new BooleanType(false)};
        List<RowType.RowField> fields = new ArrayList<>();
        for (int i = 0; i < NAMES.length; i++) fields.add(new RowType.RowField(NAMES[i], types[i]));
        return new RowType(fields);
    }

    static void sink(DataStream<AbAnalysisJob.AbResult> results, String warehouse, String model) {
        IcebergTables.append(results.map(new ToRow()).returns(InternalTypeInfo.of(rowType())).name("ab-rows-" + model).uid("ab-rows-" + model),
                rowType(), warehouse, ID, "iceberg-ab-" + model);
    }

    static final class ToRow implements MapFunction<AbAnalysisJob.AbResult, RowData> {
        private static final long serialVersionUID = 1L;

        @Override
        public RowData map(AbAnalysisJob.AbResult a) {
            VariantComparison.Result r = a.result();
            return GenericRowData.of(StringData.fromString(a.experiment()), TimestampData.fromEpochMillis(a.windowStart()),
                    TimestampData.fromEpochMillis(a.windowEnd()), StringData.fromString(r.variant()), r.version(), r.n(),
                    num(r.meanOutcome()), num(r.meanOutcomeLow()), num(r.meanOutcomeHigh()), num(r.accuracy()), num(r.accuracyLow()),
                    num(r.accuracyHigh()), num(r.auc()), num(r.meanBrier()), num(r.accuracyDiff()), num(r.zPValue()),
                    num(r.welchT()), num(r.welchPValue()), r.significant());
        }

        private static Double num(double v) { return Double.isNaN(v) ? null : v; }
    }
}
