package io.tributary.features.pipeline;

import io.tributary.features.aggregate.FeatureType;
import io.tributary.features.view.FeatureSpec;
import io.tributary.features.view.FeatureView;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

import java.util.ArrayList;
import java.util.List;

/**
 * The layout of a view's feature rows, the one record both stores receive:
 * {@code [entity keys..., window_start, window_end, event_count, features..., view_version]}.
 * Timestamps are TIMESTAMP_LTZ(6) (Iceberg {@code timestamptz}); a row's event time is its {@code window_end}.
 */
public final class FeatureRows {
    private FeatureRows() {}

    public static RowType rowType(FeatureView view) {
        List<RowType.RowField> fields = new ArrayList<>();
        for (String k : view.entityKeys()) fields.add(new RowType.RowField(k, new VarCharType(false, VarCharType.MAX_LENGTH)));
        fields.add(new RowType.RowField("window_start", new LocalZonedTimestampType(false, 6)));
        fields.add(new RowType.RowField("window_end", new LocalZonedTimestampType(false, 6)));
        fields.add(new RowType.RowField("event_count", new BigIntType(false)));
        for (FeatureSpec f : view.features()) fields.add(new RowType.RowField(f.name(), logicalType(f.type())));
        fields.add(new RowType.RowField("view_version", new VarCharType(false, VarCharType.MAX_LENGTH)));
        return new RowType(fields);
    }

    static LogicalType logicalType(FeatureType t) {
        return switch (t) {
            case LONG -> new BigIntType(true);
            case DOUBLE -> new DoubleType(true);
            case STRING -> new VarCharType(true, VarCharType.MAX_LENGTH);
        };
    }

    public static int windowStartIndex(FeatureView v) { return v.entityKeys().size(); }
    public static int windowEndIndex(FeatureView v) { return v.entityKeys().size() + 1; }
    public static int eventCountIndex(FeatureView v) { return v.entityKeys().size() + 2; }
    public static int featureIndex(FeatureView v, int i) { return v.entityKeys().size() + 3 + i; }
    public static int versionIndex(FeatureView v) { return v.entityKeys().size() + 3 + v.features().size(); }

    /** Builds a row from finished feature values (Long, Double, String or null). */
    public static RowData row(FeatureView view, List<String> entityValues, long windowStart, long windowEnd,
                              long eventCount, Object[] values) {
        GenericRowData row = new GenericRowData(versionIndex(view) + 1);
        for (int i = 0; i < entityValues.size(); i++) row.setField(i, StringData.fromString(entityValues.get(i)));
        row.setField(windowStartIndex(view), TimestampData.fromEpochMillis(windowStart));
        row.setField(windowEndIndex(view), TimestampData.fromEpochMillis(windowEnd));
        row.setField(eventCountIndex(view), eventCount);
        for (int i = 0; i < values.length; i++) {
            Object v = values[i];
            row.setField(featureIndex(view, i), v instanceof String s ? StringData.fromString(s) : v);
        }
        row.setField(versionIndex(view), StringData.fromString(view.version()));
        return row;
    }

    /** The value of feature {@code i} of a row as a Java object (Long, Double, String) or null. */
    public static Object featureValue(FeatureView view, RowData row, int i) {
        int pos = featureIndex(view, i);
        if (row.isNullAt(pos)) return null;
        return switch (view.features().get(i).type()) {
            case LONG -> row.getLong(pos);
            case DOUBLE -> row.getDouble(pos);
            case STRING -> row.getString(pos).toString();
        };
    }

    /** The entity key string (values joined by {@link FeatureView#KEY_SEPARATOR}) of a row. */
    public static String entity(FeatureView view, RowData row) {
        if (view.entityKeys().isEmpty()) return FeatureView.GLOBAL_ENTITY;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < view.entityKeys().size(); i++) {
            if (i > 0) sb.append(FeatureView.KEY_SEPARATOR);
            sb.append(row.getString(i).toString());
        }
        return sb.toString();
    }

    public static long windowEnd(FeatureView view, RowData row) {
        return row.getTimestamp(windowEndIndex(view), 6).getMillisecond();
    }
}
