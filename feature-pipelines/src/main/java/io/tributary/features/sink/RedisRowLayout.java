package io.tributary.features.sink;

import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.features.pipeline.FeatureRows;
import io.tributary.features.view.FeatureView;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a row's parts are: the entity key columns, the window start/end and event count (optional), and the value
 * columns stored as hash fields. Shared by the DataStream feature sink and the SQL {@code 'connector' = 'redis'}.
 */
public final class RedisRowLayout implements Serializable {
    private static final long serialVersionUID = 1L;

    /** A stored column: its hash field name, position and type. */
    public record Column(String name, int pos, LogicalType type) implements Serializable {}

    private final String namespace;
    private final String view;
    private final String version;
    private final long ttlMillis;
    private final List<Column> keys;
    private final Column windowStart;
    private final Column windowEnd;
    private final Column eventCount;
    private final Column versionColumn;
    private final List<Column> values;

    public RedisRowLayout(String namespace, String view, String version, long ttlMillis, List<Column> keys,
                          Column windowStart, Column windowEnd, Column eventCount, List<Column> values) {
        this(namespace, view, version, ttlMillis, keys, windowStart, windowEnd, eventCount, null, values);
    }

    /** {@code versionColumn}, when not null, supplies {@code _version} per row (instead of {@code version}). */
    public RedisRowLayout(String namespace, String view, String version, long ttlMillis, List<Column> keys,
                          Column windowStart, Column windowEnd, Column eventCount, Column versionColumn, List<Column> values) {
        this.namespace = namespace;
        this.view = view;
        this.version = version;
        this.ttlMillis = ttlMillis;
        this.keys = List.copyOf(keys);
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.eventCount = eventCount;
        this.versionColumn = versionColumn;
        this.values = List.copyOf(values);
    }

    /** The layout of a feature view's rows ({@link FeatureRows}). */
    public static RedisRowLayout of(FeatureView view, String namespace) {
        RowType type = FeatureRows.rowType(view);
        List<Column> keys = new ArrayList<>();
        for (int i = 0; i < view.entityKeys().size(); i++) keys.add(col(type, i));
        List<Column> values = new ArrayList<>();
        for (int i = 0; i < view.features().size(); i++) values.add(col(type, FeatureRows.featureIndex(view, i)));
        return new RedisRowLayout(namespace, view.name(), view.version(), view.ttl().toMillis(), keys,
                col(type, FeatureRows.windowStartIndex(view)), col(type, FeatureRows.windowEndIndex(view)),
                col(type, FeatureRows.eventCountIndex(view)), values);
    }

    private static Column col(RowType t, int pos) { return new Column(t.getFieldNames().get(pos), pos, t.getTypeAt(pos)); }

    public String view() { return view; }
    public List<Column> keys() { return keys; }
    public List<Column> values() { return values; }
    public Column windowStart() { return windowStart; }
    public Column windowEnd() { return windowEnd; }
    public Column eventCount() { return eventCount; }
    public Column versionColumn() { return versionColumn; }

    public String redisKey(String entity) { return OnlineStoreLayout.key(namespace, view, entity); }

    /** The entity string of a row: key values joined by '|', '_' without keys. */
    public String entity(RowData row) {
        if (keys.isEmpty()) return "_";
        StringBuilder sb = new StringBuilder();
        for (Column k : keys) {
            String v = RedisValueCodec.encode(row, k.pos(), k.type());
            if (v == null) throw new IllegalArgumentException("view " + view + ": entity key column '" + k.name() + "' is null");
            if (!sb.isEmpty()) sb.append('|');
            sb.append(v);
        }
        return sb.toString();
    }

    /** ARGV of {@link OnlineStoreLayout#COMPARE_AND_SET_SCRIPT} for a row. */
    public String[] compareAndSetArgs(RowData row) {
        String end = windowEnd == null ? "0" : RedisValueCodec.encode(row, windowEnd.pos(), windowEnd.type());
        String count = eventCount == null ? "0" : RedisValueCodec.encode(row, eventCount.pos(), eventCount.type());
        List<String> args = new ArrayList<>();
        args.add(end == null ? "0" : end);
        args.add(count == null ? "0" : count);
        args.add(String.valueOf(ttlMillis));
        if (windowStart != null) {
            args.add(OnlineStoreLayout.WINDOW_START);
            args.add(String.valueOf(RedisValueCodec.encode(row, windowStart.pos(), windowStart.type())));
        }
        args.add(OnlineStoreLayout.WINDOW_END);
        args.add(args.get(0));
        args.add(OnlineStoreLayout.EVENT_COUNT);
        args.add(args.get(1));
        String v = versionColumn == null ? version : RedisValueCodec.encode(row, versionColumn.pos(), versionColumn.type());
        if (v != null && !v.isEmpty()) {
            args.add(OnlineStoreLayout.VERSION);
            args.add(v);
        }
        for (Column c : values) {
            String value = RedisValueCodec.encode(row, c.pos(), c.type());
            if (value == null) continue;
            args.add(c.name());
            args.add(value);
        }
        return args.toArray(String[]::new);
    }
}
