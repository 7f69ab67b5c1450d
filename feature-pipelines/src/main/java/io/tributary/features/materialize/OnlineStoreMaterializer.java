package io.tributary.features.materialize;

import io.lettuce.core.RedisFuture;
import io.tributary.core.features.FeatureViewInfo;
import io.tributary.core.features.OnlineStoreLayout;
import io.tributary.core.redis.RedisConnection;
import io.tributary.features.sink.IcebergFeatureTable;
import io.tributary.features.sink.RedisRowLayout;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Restores a view's online store (Redis) from its offline store (the Iceberg table {@code features.<view>}), like
 * Feast's {@code materialize}: the newest row per entity with {@code window_end <= asOf}, unless it is older than the
 * view's TTL. Rows are written with the feature pipeline's own layout code and compare-and-set script, so the hashes
 * are those the pipeline wrote, and a row never replaces a newer window already in Redis.
 */
public final class OnlineStoreMaterializer {
    static final String WINDOW_START = "window_start";
    static final String WINDOW_END = "window_end";
    static final String EVENT_COUNT = "event_count";
    static final String VERSION = "view_version";
    private static final int MAX_IN_FLIGHT = 512;

    /**
     * @param rowsRead       rows of the table with {@code window_end <= asOf}
     * @param entities       entities among them (one newest row each)
     * @param written        entities written to Redis
     * @param skippedExpired entities whose newest row is older than the TTL at {@code asOf}: not restored
     * @param keptNewer      entities Redis already held a newer window (or a later firing) of: left as they were
     */
    public record Result(long rowsRead, long entities, long written, long skippedExpired, long keptNewer) {}

    private OnlineStoreMaterializer() {}

    /** Materializes {@code view} as of {@code asOf} from the warehouse into Redis keys {@code <namespace>:<view>:<entity>}. */
    public static Result materialize(String warehouse, FeatureViewInfo view, String redisUri, String namespace, Instant asOf) {
        Table table = table(warehouse, view.name());
        RowType type = FlinkSchemaUtil.convert(table.schema());
        RedisRowLayout layout = layout(view, type, namespace);
        OfflineRowConverter converter = new OfflineRowConverter(type);
        int endPos = type.getFieldIndex(WINDOW_END);
        int countPos = type.getFieldIndex(EVENT_COUNT);

        long read = 0;
        Map<String, RowData> newest = new HashMap<>();
        long asOfMicros = asOf.toEpochMilli() * 1000;
        try (CloseableIterable<Record> rows = IcebergGenerics.read(table).where(Expressions.lessThanOrEqual(WINDOW_END, asOfMicros)).build()) {
            for (Record r : rows) {
                RowData row = converter.convert(r);
                if (row.isNullAt(endPos) || millis(row, endPos) > asOf.toEpochMilli()) continue; // the filter may only prune files
                read++;
                // on equal window ends the later firing (higher event count) wins, as in the pipeline's compare-and-set
                newest.merge(layout.entity(row), row, (a, b) -> newer(b, a, endPos, countPos) ? b : a);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + table.name() + " failed: " + e.getMessage(), e);
        }

        long expired = 0;
        long written = 0;
        long kept;
        long oldestKept = view.ttl().isZero() ? Long.MIN_VALUE : asOf.toEpochMilli() - view.ttl().toMillis();
        List<RedisFuture<Long>> inFlight = new ArrayList<>();
        try (RedisConnection redis = RedisConnection.connect(redisUri)) {
            for (Map.Entry<String, RowData> e : newest.entrySet()) {
                if (millis(e.getValue(), endPos) < oldestKept) {
                    expired++; // online reads would report it OUTSIDE_MAX_AGE: restoring it serves nothing
                    continue;
                }
                inFlight.add(redis.async().eval(OnlineStoreLayout.COMPARE_AND_SET_SCRIPT,
                        new String[] {layout.redisKey(e.getKey())}, layout.compareAndSetArgs(e.getValue())));
                if (inFlight.size() >= MAX_IN_FLIGHT) {
                    written += drain(inFlight, view);
                }
            }
            written += drain(inFlight, view);
        }
        kept = newest.size() - expired - written;
        return new Result(read, newest.size(), written, expired, kept);
    }

    /** Waits for the writes in flight; returns how many were written (the others found a newer row). */
    private static long drain(List<RedisFuture<Long>> inFlight, FeatureViewInfo view) {
        long written = 0;
        for (RedisFuture<Long> f : inFlight) written += await(f, view);
        inFlight.clear();
        return written;
    }

    private static long await(RedisFuture<Long> f, FeatureViewInfo view) {
        try {
            Long r = f.get(30, TimeUnit.SECONDS);
            return r == null ? 0 : r;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("writing view " + view.name() + " to Redis failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing to Redis", e);
        }
    }

    private static boolean newer(RowData a, RowData b, int endPos, int countPos) {
        long ea = millis(a, endPos);
        long eb = millis(b, endPos);
        if (ea != eb) return ea > eb;
        return countPos >= 0 && !a.isNullAt(countPos) && (b.isNullAt(countPos) || a.getLong(countPos) > b.getLong(countPos));
    }

    private static long millis(RowData row, int pos) { return row.getTimestamp(pos, 6).getMillisecond(); }

    /** The view's offline table; an error naming the table and the warehouse when it does not exist. */
    static Table table(String warehouse, String view) {
        Catalog catalog = IcebergFeatureTable.catalog(warehouse).loadCatalog();
        TableIdentifier id = TableIdentifier.of(IcebergFeatureTable.NAMESPACE, view);
        if (!catalog.tableExists(id)) {
            throw new IllegalArgumentException("view " + view + " has no offline table " + id + " in the warehouse " + warehouse
                    + " (a view's pipeline creates it on its first run; is the warehouse right? -D iceberg.warehouse=URI)");
        }
        return catalog.loadTable(id);
    }

    /** The online layout of a feature table's rows: the view's entity keys, the metadata columns, the rest as features. */
    static RedisRowLayout layout(FeatureViewInfo view, RowType type, String namespace) {
        List<RedisRowLayout.Column> keys = new ArrayList<>();
        for (String k : view.entityKeys()) keys.add(column(type, k, view));
        List<RedisRowLayout.Column> values = new ArrayList<>();
        for (String name : type.getFieldNames()) {
            if (view.entityKeys().contains(name) || List.of(WINDOW_START, WINDOW_END, EVENT_COUNT, VERSION).contains(name)) continue;
            values.add(column(type, name, view));
        }
        return new RedisRowLayout(namespace, view.name(), view.version(), view.ttl().toMillis(), keys,
                optionalColumn(type, WINDOW_START), column(type, WINDOW_END, view), optionalColumn(type, EVENT_COUNT),
                optionalColumn(type, VERSION), values);
    }

    private static RedisRowLayout.Column column(RowType type, String name, FeatureViewInfo view) {
        RedisRowLayout.Column c = optionalColumn(type, name);
        if (c == null) {
            throw new IllegalArgumentException("the offline table of view " + view.name() + " has no column '" + name
                    + "'; it has " + type.getFieldNames());
        }
        return c;
    }

    private static RedisRowLayout.Column optionalColumn(RowType type, String name) {
        int pos = type.getFieldIndex(name);
        return pos < 0 ? null : new RedisRowLayout.Column(name, pos, type.getTypeAt(pos));
    }
}
