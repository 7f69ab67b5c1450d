package io.tributary.features.sql;

import io.tributary.features.sink.RedisRowLayout;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.LookupTableSource;
import org.apache.flink.table.connector.source.lookup.AsyncLookupFunctionProvider;
import org.apache.flink.table.connector.source.lookup.PartialCachingAsyncLookupProvider;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.List;

/** The lookup source of {@code 'connector' = 'redis'}: one HGETALL per entity, asynchronous, optionally cached. */
final class RedisDynamicTableSource implements LookupTableSource {
    private final RedisRowLayout layout;
    private final RowType rowType;
    private final String uri;
    private final long maxAgeMillis;
    private final LookupCache cache;

    RedisDynamicTableSource(RedisRowLayout layout, RowType rowType, String uri, long maxAgeMillis, LookupCache cache) {
        this.layout = layout;
        this.rowType = rowType;
        this.uri = uri;
        this.maxAgeMillis = maxAgeMillis;
        this.cache = cache;
    }

    @Override
    public LookupRuntimeProvider getLookupRuntimeProvider(LookupContext context) {
        List<Integer> lookupPositions = new ArrayList<>();
        for (int[] k : context.getKeys()) {
            if (k.length != 1) throw new ValidationException("the redis connector cannot look up nested fields");
            lookupPositions.add(k[0]);
        }
        List<Integer> keyPositions = layout.keys().stream().map(RedisRowLayout.Column::pos).toList();
        if (!lookupPositions.containsAll(keyPositions) || lookupPositions.size() != keyPositions.size()) {
            throw new ValidationException("a lookup join on redis view '" + layout.view() + "' must join on exactly its key columns "
                    + layout.keys().stream().map(RedisRowLayout.Column::name).toList() + ", got "
                    + lookupPositions.stream().map(p -> rowType.getFieldNames().get(p)).toList());
        }
        RedisLookupFunction fn = new RedisLookupFunction(layout, rowType, uri, maxAgeMillis, lookupPositions);
        return cache == null ? AsyncLookupFunctionProvider.of(fn) : PartialCachingAsyncLookupProvider.of(fn, cache);
    }

    @Override
    public DynamicTableSource copy() { return new RedisDynamicTableSource(layout, rowType, uri, maxAgeMillis, cache); }

    @Override
    public String asSummaryString() { return "Redis(" + layout.view() + ")"; }
}
