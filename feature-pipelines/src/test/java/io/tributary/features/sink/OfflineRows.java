package io.tributary.features.sink;

import io.tributary.features.view.FeatureView;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A view's rows in the offline store, read back for tests: column name to value, timestamps as epoch ms. */
public final class OfflineRows {
    private OfflineRows() {}

    public static List<Map<String, Object>> read(String warehouse, FeatureView view) throws IOException {
        Table table = IcebergFeatureTable.catalog(warehouse).loadCatalog().loadTable(IcebergFeatureTable.identifier(view));
        List<Map<String, Object>> out = new ArrayList<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(table).build()) {
            for (Record r : it) {
                Map<String, Object> m = new LinkedHashMap<>();
                for (var field : table.schema().columns()) {
                    Object v = r.getField(field.name());
                    m.put(field.name(), v instanceof OffsetDateTime odt ? odt.toInstant().toEpochMilli() : v);
                }
                out.add(m);
            }
        }
        return out;
    }
}
