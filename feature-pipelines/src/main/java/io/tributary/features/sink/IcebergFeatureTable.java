package io.tributary.features.sink;

import io.tributary.features.pipeline.FeatureRows;
import io.tributary.features.view.FeatureView;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;

import java.util.Map;

/**
 * The offline store of a view: the Iceberg table {@code features.<view>} in a Hadoop catalog, partitioned by day of
 * {@code window_end}, appended to once per checkpoint.
 */
public final class IcebergFeatureTable {
    public static final String NAMESPACE = "features";

    private IcebergFeatureTable() {}

    public static CatalogLoader catalog(String warehouse) { return io.tributary.core.iceberg.IcebergTables.catalog(warehouse); }

    public static TableIdentifier identifier(FeatureView view) {
        return TableIdentifier.of(Namespace.of(NAMESPACE), view.name());
    }

    public static Schema schema(FeatureView view) {
        return FlinkSchemaUtil.convert(FlinkSchemaUtil.toSchema(FeatureRows.rowType(view)));
    }

    /** Creates the table if it does not exist; refuses a table whose columns differ from the view's. */
    public static Table ensure(String warehouse, FeatureView view) {
        Schema schema = schema(view);
        TableIdentifier id = identifier(view);
        Table table = io.tributary.core.iceberg.IcebergTables.ensure(warehouse, id, schema,
                PartitionSpec.builderFor(schema).day("window_end").build(), Map.of("format-version", "2", "tributary.view.version", view.version()));
        if (!sameColumns(table.schema(), schema)) {
            throw new IllegalStateException("Iceberg table " + id + " exists with columns " + table.schema().columns()
                    + " but view " + view.name() + " (version " + view.version() + ") writes " + schema.columns()
                    + "; give the changed view a new name or drop the table");
        }
        return table;
    }

    /** Same column names, types and nullability, in order (field ids differ: Iceberg assigns its own). */
    static boolean sameColumns(Schema a, Schema b) {
        if (a.columns().size() != b.columns().size()) return false;
        for (int i = 0; i < a.columns().size(); i++) {
            var x = a.columns().get(i);
            var y = b.columns().get(i);
            if (!x.name().equals(y.name()) || !x.type().equals(y.type()) || x.isOptional() != y.isOptional()) return false;
        }
        return true;
    }

    public static void sink(DataStream<RowData> rows, FeatureView view, String warehouse) {
        ensure(warehouse, view);
        FlinkSink.forRowData(rows)
                .tableLoader(TableLoader.fromCatalog(catalog(warehouse), identifier(view)))
                .uidPrefix("iceberg-" + view.name())
                .append();
    }
}
