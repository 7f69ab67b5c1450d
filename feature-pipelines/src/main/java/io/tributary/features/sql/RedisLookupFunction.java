package io.tributary.features.sql;

import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.core.redis.RedisConnection;
import io.tributary.features.sink.RedisRowLayout;
import io.tributary.features.sink.RedisValueCodec;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.AsyncLookupFunction;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.logical.RowType;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Looks up an entity's hash and turns it back into a row: key columns from the lookup key, window columns from the
 * metadata fields, the others from the hash fields of the same name. Values older than the max age are not returned,
 * as a point-in-time join with the same TTL would not return them.
 */
public final class RedisLookupFunction extends AsyncLookupFunction {
    private static final long serialVersionUID = 1L;
    private final RedisRowLayout layout;
    private final RowType rowType;
    private final String uri;
    private final long maxAgeMillis;
    private final List<Integer> lookupPositions;
    private transient RedisConnection redis;

    RedisLookupFunction(RedisRowLayout layout, RowType rowType, String uri, long maxAgeMillis, List<Integer> lookupPositions) {
        this.layout = layout;
        this.rowType = rowType;
        this.uri = uri;
        this.maxAgeMillis = maxAgeMillis;
        this.lookupPositions = lookupPositions;
    }

    @Override
    public void open(FunctionContext context) {
        redis = RedisConnection.connect(uri);
    }

    @Override
    public CompletableFuture<Collection<RowData>> asyncLookup(RowData keyRow) {
        // keyRow holds the lookup keys in the join's order; the entity string uses the layout's key order
        GenericRowData full = new GenericRowData(rowType.getFieldCount());
        StringBuilder entity = new StringBuilder();
        for (RedisRowLayout.Column k : layout.keys()) {
            int idx = lookupPositions.indexOf(k.pos());
            String v = RedisValueCodec.encode(keyRow, idx, k.type());
            if (v == null) return CompletableFuture.completedFuture(List.of());
            if (!entity.isEmpty()) entity.append('|');
            entity.append(v);
            full.setField(k.pos(), RedisValueCodec.decode(v, k.type()));
        }
        String key = layout.redisKey(layout.keys().isEmpty() ? "_" : entity.toString());
        return redis.async().hgetall(key).toCompletableFuture().thenApply(hash -> toRows(hash, full));
    }

    private Collection<RowData> toRows(Map<String, String> hash, GenericRowData row) {
        if (hash == null || hash.isEmpty()) return List.of();
        if (maxAgeMillis > 0) {
            long end = Long.parseLong(hash.getOrDefault(OnlineStoreLayout.WINDOW_END, "0"));
            if (end < System.currentTimeMillis() - maxAgeMillis) return List.of();
        }
        set(row, layout.windowStart(), hash.get(OnlineStoreLayout.WINDOW_START));
        set(row, layout.windowEnd(), hash.get(OnlineStoreLayout.WINDOW_END));
        set(row, layout.eventCount(), hash.get(OnlineStoreLayout.EVENT_COUNT));
        set(row, layout.versionColumn(), hash.get(OnlineStoreLayout.VERSION));
        for (RedisRowLayout.Column c : layout.values()) set(row, c, hash.get(c.name()));
        return List.of(row);
    }

    private static void set(GenericRowData row, RedisRowLayout.Column c, String text) {
        if (c != null) row.setField(c.pos(), RedisValueCodec.decode(text, c.type()));
    }

    @Override
    public void close() {
        if (redis != null) redis.close();
    }
}
