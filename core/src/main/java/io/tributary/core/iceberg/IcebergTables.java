package io.tributary.core.iceberg;

import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

import java.util.Map;

/** Tributary's Iceberg tables: a Hadoop catalog on a warehouse URI, and tables created on first use. */
public final class IcebergTables {
    private IcebergTables() {}

    public static CatalogLoader catalog(String warehouse) {
        return CatalogLoader.hadoop("tributary", new Configuration(), Map.of("warehouse", warehouse));
    }

    /**
     * Appends {@code rows} to {@code id} (created unpartitioned from {@code type} when missing) with Iceberg's Flink
     * sink, committed on checkpoints; {@code uidPrefix} names its operators.
     */
    public static void append(DataStream<RowData> rows, RowType type, String warehouse, TableIdentifier id, String uidPrefix) {
        ensure(warehouse, id, FlinkSchemaUtil.convert(FlinkSchemaUtil.toSchema(type)));
        FlinkSink.forRowData(rows).tableLoader(TableLoader.fromCatalog(catalog(warehouse), id)).uidPrefix(uidPrefix).append();
    }

    /** Loads {@code id}, creating its namespace and the table (unpartitioned) when missing. */
    public static Table ensure(String warehouse, TableIdentifier id, Schema schema) {
        return ensure(warehouse, id, schema, PartitionSpec.unpartitioned(), Map.of());
    }

    /** Loads {@code id}, creating its namespace and the table when missing; safe when several jobs race to create it. */
    public static Table ensure(String warehouse, TableIdentifier id, Schema schema, PartitionSpec spec, Map<String, String> properties) {
        Catalog catalog = catalog(warehouse).loadCatalog();
        if (catalog instanceof SupportsNamespaces ns && !ns.namespaceExists(id.namespace())) {
            try {
                ns.createNamespace(id.namespace());
            } catch (AlreadyExistsException ignored) {
                // created concurrently
            }
        }
        if (!catalog.tableExists(id)) {
            try {
                return catalog.createTable(id, schema, spec, properties);
            } catch (AlreadyExistsException ignored) {
                // created concurrently
            }
        }
        return catalog.loadTable(id);
    }
}
