package io.tributary.training.job;

import io.tributary.training.model.Example;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.iceberg.io.CloseableIterable;

import java.io.IOException;
import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Every example the training job kept, in Iceberg table {@code training.examples}, numbered in stream order
 * ({@code seq}). A run records the snapshot that holds its window and the window's seq range, so that it can be
 * retrained from exactly the same examples later (time travel to the snapshot).
 */
public final class ExamplesTable {
    public static final TableIdentifier ID = TableIdentifier.of(Namespace.of("training"), "examples");

    /** An example with its model and position in the stream. */
    public record SeqExample(String model, long seq, Example example) implements Serializable {}

    private ExamplesTable() {}

    static RowType rowType() {
        return new RowType(List.of(new RowType.RowField("model", new VarCharType(false, VarCharType.MAX_LENGTH)),
                new RowType.RowField("seq", new BigIntType(false)),
                new RowType.RowField("event_time", new LocalZonedTimestampType(false, 6)),
                new RowType.RowField("label", new BooleanType(false)),
                new RowType.RowField("features", new ArrayType(false, new DoubleType(true)))));
    }

    static Table ensure(String warehouse) {
        return io.tributary.core.iceberg.IcebergTables.ensure(warehouse, ID, FlinkSchemaUtil.convert(FlinkSchemaUtil.toSchema(rowType())));
    }

    static void sink(DataStream<SeqExample> examples, String warehouse, String model) {
        ensure(warehouse);
        FlinkSink.forRowData(examples.map(new ToRow()).returns(InternalTypeInfo.of(rowType())).name("example-rows-" + model)
                        .uid("example-rows-" + model))
                .tableLoader(TableLoader.fromCatalog(RunsTable.catalog(warehouse), ID))
                .uidPrefix("iceberg-examples-" + model)
                .append();
    }

    /** The first snapshot (polling until {@code timeoutMillis}) that holds {@code model}'s example number {@code seq}. */
    public static Optional<Long> awaitSnapshotWith(String warehouse, String model, long seq, long timeoutMillis) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        Table table = ensure(warehouse);
        while (true) {
            table.refresh();
            Snapshot current = table.currentSnapshot();
            if (current != null) {
                try (CloseableIterable<Record> it = IcebergGenerics.read(table).useSnapshot(current.snapshotId())
                        .where(Expressions.and(Expressions.equal("model", model), Expressions.equal("seq", seq))).build()) {
                    if (it.iterator().hasNext()) return Optional.of(current.snapshotId());
                }
            }
            if (System.currentTimeMillis() > deadline) return Optional.empty();
            Thread.sleep(200);
        }
    }

    /** {@code model}'s examples with seq in [from, to], in seq order, as of {@code snapshotId}. */
    public static List<Example> read(String warehouse, String model, long snapshotId, long from, long to) throws IOException {
        Table table = RunsTable.catalog(warehouse).loadCatalog().loadTable(ID);
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> it = IcebergGenerics.read(table).useSnapshot(snapshotId)
                .where(Expressions.and(Expressions.equal("model", model),
                        Expressions.and(Expressions.greaterThanOrEqual("seq", from), Expressions.lessThanOrEqual("seq", to)))).build()) {
            it.forEach(rows::add);
        }
        rows.sort(Comparator.comparingLong(r -> (Long) r.getField("seq")));
        List<Example> out = new ArrayList<>();
        long expected = from;
        for (Record r : rows) {
            long seq = (Long) r.getField("seq");
            if (seq != expected) continue; // a duplicate from an at-least-once replay: the first copy is the one
            expected++;
            @SuppressWarnings("unchecked")
            List<Double> f = (List<Double>) r.getField("features");
            double[] x = new double[f.size()];
            for (int i = 0; i < x.length; i++) x[i] = f.get(i) == null ? Double.NaN : f.get(i);
            out.add(new Example(x, (Boolean) r.getField("label"), ((OffsetDateTime) r.getField("event_time")).toInstant().toEpochMilli()));
        }
        if (out.size() != to - from + 1) {
            throw new IOException("snapshot " + snapshotId + " of " + ID + " holds " + out.size() + " of " + model
                    + "'s examples " + from + ".." + to + ", not all " + (to - from + 1));
        }
        return out;
    }

    static final class ToRow implements MapFunction<SeqExample, RowData> {
        private static final long serialVersionUID = 1L;

        @Override
        public RowData map(SeqExample s) {
            Double[] f = new Double[s.example().features().length];
            for (int i = 0; i < f.length; i++) f[i] = s.example().features()[i];
            return GenericRowData.of(StringData.fromString(s.model()), s.seq(), TimestampData.fromEpochMillis(s.example().eventTime()),
                    s.example().label(), new GenericArrayData(f));
        }
    }
}
