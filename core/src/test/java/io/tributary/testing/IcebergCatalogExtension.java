package io.tributary.testing;

import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.hadoop.HadoopCatalog;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Files;
import java.nio.file.Path;

/** A real Iceberg Hadoop catalog on a temporary local directory, shared by the tests of one class. */
public final class IcebergCatalogExtension implements BeforeAllCallback, AfterAllCallback {
    private Path warehouse;
    private HadoopCatalog catalog;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        warehouse = Files.createTempDirectory("tributary-iceberg");
        catalog = new HadoopCatalog(new Configuration(), warehouse.toUri().toString());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (catalog != null) catalog.close();
    }

    public HadoopCatalog catalog() { return catalog; }

    /** The warehouse location as a {@code file:} URI string. */
    public String warehouse() { return warehouse.toUri().toString(); }
}
