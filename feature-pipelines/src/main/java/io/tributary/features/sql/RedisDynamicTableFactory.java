package io.tributary.features.sql;

import io.tributary.features.sink.RedisRowLayout;
import io.tributary.features.sink.RedisValueCodec;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.connector.sink.DynamicTableSink;
import org.apache.flink.table.connector.source.DynamicTableSource;
import org.apache.flink.table.connector.source.lookup.LookupOptions;
import org.apache.flink.table.connector.source.lookup.cache.DefaultLookupCache;
import org.apache.flink.table.connector.source.lookup.cache.LookupCache;
import org.apache.flink.table.factories.DynamicTableSinkFactory;
import org.apache.flink.table.factories.DynamicTableSourceFactory;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code 'connector' = 'redis'}: an upsert sink writing the online store's layout with compare-and-set on the window
 * end, and a lookup source for lookup joins ({@code FOR SYSTEM_TIME AS OF}) with an optional partial cache.
 */
public final class RedisDynamicTableFactory implements DynamicTableSinkFactory, DynamicTableSourceFactory {
    public static final String IDENTIFIER = "redis";

    @Override public String factoryIdentifier() { return IDENTIFIER; }

    @Override
    public Set<ConfigOption<?>> requiredOptions() {
        return Set.of(RedisConnectorOptions.URI, RedisConnectorOptions.VIEW);
    }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(RedisConnectorOptions.NAMESPACE, RedisConnectorOptions.KEY_COLUMNS,
                RedisConnectorOptions.WINDOW_START_COLUMN, RedisConnectorOptions.WINDOW_END_COLUMN,
                RedisConnectorOptions.EVENT_COUNT_COLUMN, RedisConnectorOptions.VERSION, RedisConnectorOptions.VERSION_COLUMN,
                RedisConnectorOptions.REGISTRY_BOOTSTRAP, RedisConnectorOptions.DESCRIPTION, RedisConnectorOptions.OWNER, RedisConnectorOptions.TTL,
                LookupOptions.CACHE_TYPE, LookupOptions.PARTIAL_CACHE_MAX_ROWS, LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_WRITE,
                LookupOptions.PARTIAL_CACHE_EXPIRE_AFTER_ACCESS, LookupOptions.PARTIAL_CACHE_CACHE_MISSING_KEY);
    }

    @Override
    public DynamicTableSink createDynamicTableSink(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        RedisRowLayout layout = layout(helper.getOptions(), schema, context.getObjectIdentifier().asSummaryString());
        helper.getOptions().getOptional(RedisConnectorOptions.REGISTRY_BOOTSTRAP)
                .ifPresent(bootstrap -> new io.tributary.core.features.FeatureRegistry(bootstrap).register(info(layout, helper.getOptions())));
        return new RedisDynamicTableSink(layout, helper.getOptions().get(RedisConnectorOptions.URI));
    }

    /** The registry record of a view defined in SQL: its columns are its features. */
    static io.tributary.core.features.FeatureViewInfo info(RedisRowLayout layout, ReadableConfig options) {
        List<io.tributary.core.features.FeatureViewInfo.Feature> features = new ArrayList<>();
        StringBuilder canonical = new StringBuilder(layout.view());
        for (RedisRowLayout.Column k : layout.keys()) canonical.append(";key ").append(k.name()).append(' ').append(k.type());
        for (RedisRowLayout.Column c : layout.values()) {
            String type = switch (c.type().getTypeRoot()) {
                case TINYINT, SMALLINT, INTEGER, BIGINT -> "LONG";
                case FLOAT, DOUBLE, DECIMAL -> "DOUBLE";
                default -> "STRING";
            };
            features.add(new io.tributary.core.features.FeatureViewInfo.Feature(c.name(), type, "SQL", ""));
            canonical.append(';').append(c.name()).append(' ').append(c.type());
        }
        String version = options.get(RedisConnectorOptions.VERSION);
        if (version.isEmpty()) {
            version = io.tributary.core.event.Sha256.hex(canonical.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).substring(0, 12);
        }
        return new io.tributary.core.features.FeatureViewInfo(layout.view(), version, "(sql)",
                layout.keys().stream().map(RedisRowLayout.Column::name).toList(), "(sql)", features,
                options.get(RedisConnectorOptions.TTL), options.get(RedisConnectorOptions.OWNER),
                options.get(RedisConnectorOptions.DESCRIPTION));
    }

    @Override
    public DynamicTableSource createDynamicTableSource(Context context) {
        FactoryUtil.TableFactoryHelper helper = FactoryUtil.createTableFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        ResolvedSchema schema = context.getCatalogTable().getResolvedSchema();
        LookupCache cache = options.get(LookupOptions.CACHE_TYPE) == LookupOptions.LookupCacheType.PARTIAL
                ? DefaultLookupCache.fromConfig(options) : null;
        if (options.get(LookupOptions.CACHE_TYPE) == LookupOptions.LookupCacheType.FULL) {
            throw new ValidationException("table " + context.getObjectIdentifier().asSummaryString()
                    + ": 'lookup.cache' = 'FULL' is not supported by the redis connector; use 'PARTIAL' or 'NONE'");
        }
        return new RedisDynamicTableSource(layout(options, schema, context.getObjectIdentifier().asSummaryString()),
                (RowType) schema.toPhysicalRowDataType().getLogicalType(), options.get(RedisConnectorOptions.URI),
                options.get(RedisConnectorOptions.TTL).toMillis(), cache);
    }

    static RedisRowLayout layout(ReadableConfig options, ResolvedSchema schema, String table) {
        RowType row = (RowType) schema.toPhysicalRowDataType().getLogicalType();
        List<String> names = row.getFieldNames();
        List<String> keys;
        if (options.getOptional(RedisConnectorOptions.KEY_COLUMNS).isPresent()) {
            String k = options.get(RedisConnectorOptions.KEY_COLUMNS).trim();
            keys = k.isEmpty() ? List.of() : Arrays.stream(k.split(",")).map(String::trim).toList();
        } else if (schema.getPrimaryKey().isPresent()) {
            keys = schema.getPrimaryKey().get().getColumns();
        } else {
            throw new ValidationException("table " + table + ": declare the entity key columns with PRIMARY KEY (...) NOT ENFORCED "
                    + "or 'key-columns' (empty for a view without keys)");
        }
        List<RedisRowLayout.Column> keyCols = new ArrayList<>();
        for (String k : keys) {
            int pos = names.indexOf(k);
            if (pos < 0) throw new ValidationException("table " + table + ": key column '" + k + "' is not a column; columns are " + names);
            keyCols.add(column(row, pos, table));
        }
        RedisRowLayout.Column start = optional(row, options.get(RedisConnectorOptions.WINDOW_START_COLUMN), table);
        RedisRowLayout.Column end = optional(row, options.get(RedisConnectorOptions.WINDOW_END_COLUMN), table);
        RedisRowLayout.Column count = optional(row, options.get(RedisConnectorOptions.EVENT_COUNT_COLUMN), table);
        RedisRowLayout.Column version = optional(row, options.get(RedisConnectorOptions.VERSION_COLUMN), table);
        List<RedisRowLayout.Column> values = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (keys.contains(n) || (start != null && start.pos() == i) || (end != null && end.pos() == i)
                    || (count != null && count.pos() == i) || (version != null && version.pos() == i)) continue;
            values.add(column(row, i, table));
        }
        return new RedisRowLayout(options.get(RedisConnectorOptions.NAMESPACE), options.get(RedisConnectorOptions.VIEW),
                options.get(RedisConnectorOptions.VERSION), options.get(RedisConnectorOptions.TTL).toMillis(),
                keyCols, start, end, count, version, values);
    }

    private static RedisRowLayout.Column optional(RowType row, String name, String table) {
        int pos = row.getFieldNames().indexOf(name);
        return pos < 0 ? null : column(row, pos, table);
    }

    private static RedisRowLayout.Column column(RowType row, int pos, String table) {
        LogicalType t = row.getTypeAt(pos);
        if (!RedisValueCodec.supported(t)) {
            throw new ValidationException("table " + table + ": column '" + row.getFieldNames().get(pos) + "' has type " + t
                    + ", which the redis connector cannot store (use numbers, strings, booleans, decimals or timestamps)");
        }
        return new RedisRowLayout.Column(row.getFieldNames().get(pos), pos, t);
    }
}
