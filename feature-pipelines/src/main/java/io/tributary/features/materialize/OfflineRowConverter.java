package io.tributary.features.materialize;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.data.Record;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;

/** Iceberg generic records of a feature table as Flink {@link RowData}, so the Redis sink's layout code encodes them. */
final class OfflineRowConverter {
    private final RowType type;

    OfflineRowConverter(RowType type) { this.type = type; }

    RowData convert(Record record) {
        GenericRowData row = new GenericRowData(type.getFieldCount());
        for (int i = 0; i < type.getFieldCount(); i++) row.setField(i, internal(record.get(i), type.getTypeAt(i)));
        return row;
    }

    private static Object internal(Object v, LogicalType t) {
        if (v == null) return null;
        return switch (t.getTypeRoot()) {
            case CHAR, VARCHAR -> StringData.fromString(v.toString());
            case BOOLEAN, INTEGER, BIGINT, FLOAT, DOUBLE -> v;
            case DECIMAL -> DecimalData.fromBigDecimal((BigDecimal) v, ((DecimalType) t).getPrecision(), ((DecimalType) t).getScale());
            case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> TimestampData.fromInstant(((OffsetDateTime) v).toInstant());
            case TIMESTAMP_WITHOUT_TIME_ZONE -> TimestampData.fromLocalDateTime((LocalDateTime) v);
            default -> throw new IllegalArgumentException("feature tables hold no column of type " + t + " (got " + v.getClass().getSimpleName() + ")");
        };
    }
}
