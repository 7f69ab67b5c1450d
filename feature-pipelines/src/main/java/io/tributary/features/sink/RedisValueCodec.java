package io.tributary.features.sink;

import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LogicalType;

import java.io.Serializable;
import java.math.BigDecimal;

/**
 * Field values as Redis text and back, by Flink logical type: numbers and booleans as their decimal/text form,
 * timestamps as epoch milliseconds, strings as they are.
 */
public final class RedisValueCodec implements Serializable {
    private static final long serialVersionUID = 1L;

    private RedisValueCodec() {}

    /** The text of field {@code pos} of {@code row}, or null. */
    public static String encode(RowData row, int pos, LogicalType type) {
        if (row.isNullAt(pos)) return null;
        return switch (type.getTypeRoot()) {
            case CHAR, VARCHAR -> row.getString(pos).toString();
            case BOOLEAN -> String.valueOf(row.getBoolean(pos));
            case TINYINT -> String.valueOf(row.getByte(pos));
            case SMALLINT -> String.valueOf(row.getShort(pos));
            case INTEGER -> String.valueOf(row.getInt(pos));
            case BIGINT -> String.valueOf(row.getLong(pos));
            case FLOAT -> String.valueOf(row.getFloat(pos));
            case DOUBLE -> String.valueOf(row.getDouble(pos));
            case DECIMAL -> {
                DecimalType d = (DecimalType) type;
                yield row.getDecimal(pos, d.getPrecision(), d.getScale()).toBigDecimal().toPlainString();
            }
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
                    String.valueOf(row.getTimestamp(pos, precision(type)).getMillisecond());
            default -> throw new IllegalArgumentException("the redis connector cannot store type " + type);
        };
    }

    /** The internal (RowData) value of {@code text} for {@code type}. */
    public static Object decode(String text, LogicalType type) {
        if (text == null) return null;
        return switch (type.getTypeRoot()) {
            case CHAR, VARCHAR -> StringData.fromString(text);
            case BOOLEAN -> Boolean.parseBoolean(text);
            case TINYINT -> Byte.parseByte(text);
            case SMALLINT -> Short.parseShort(text);
            case INTEGER -> Integer.parseInt(text);
            case BIGINT -> Long.parseLong(text);
            case FLOAT -> Float.parseFloat(text);
            case DOUBLE -> Double.parseDouble(text);
            case DECIMAL -> {
                DecimalType d = (DecimalType) type;
                yield DecimalData.fromBigDecimal(new BigDecimal(text), d.getPrecision(), d.getScale());
            }
            case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> TimestampData.fromEpochMillis(Long.parseLong(text));
            default -> throw new IllegalArgumentException("the redis connector cannot read type " + type);
        };
    }

    /** Whether the connector can store {@code type}. */
    public static boolean supported(LogicalType type) {
        return switch (type.getTypeRoot()) {
            case CHAR, VARCHAR, BOOLEAN, TINYINT, SMALLINT, INTEGER, BIGINT, FLOAT, DOUBLE, DECIMAL,
                 TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> true;
            default -> false;
        };
    }

    static int precision(LogicalType type) {
        return org.apache.flink.table.types.logical.utils.LogicalTypeChecks.getPrecision(type);
    }
}
