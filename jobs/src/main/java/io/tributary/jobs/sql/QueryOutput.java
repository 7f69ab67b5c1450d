package io.tributary.jobs.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.types.Row;
import org.apache.flink.util.CloseableIterator;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Every row of a script's queries written to a file instead of the first rows printed ({@code sql --local --output
 * FILE}): CSV with a header (RFC 4180 quoting, null as an empty field), JSON lines (one object per row, numbers and
 * booleans as such, other values as text), or Parquet (through Flink's filesystem connector, a directory of part
 * files; batch mode). The script's first query goes to FILE, the k-th to {@code <name>-k.<ext>}. In streaming mode a
 * result may be a changelog, so its rows get an {@code op} column first (+I, -U, +U, -D).
 */
final class QueryOutput {
    enum Format { CSV, JSON, PARQUET }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final Format format;
    private int queries;

    private QueryOutput(Path file, Format format) {
        this.file = file;
        this.format = format;
    }

    /** @throws IllegalArgumentException for an extension other than .csv, .json, .jsonl or .parquet */
    static QueryOutput to(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        Format format = name.endsWith(".csv") ? Format.CSV : name.endsWith(".json") || name.endsWith(".jsonl") ? Format.JSON
                : name.endsWith(".parquet") ? Format.PARQUET : null;
        if (format == null) {
            throw new IllegalArgumentException("--output " + file + ": name the format by the extension: .csv, .json (JSON lines) or .parquet");
        }
        return new QueryOutput(file, format);
    }

    Format format() { return format; }

    /** How many queries have been given a file so far: the current one's number. */
    int queries() { return queries; }

    /** Where the next query's rows go. */
    Path next() {
        queries++;
        if (queries == 1) return file;
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return file.resolveSibling(name.substring(0, dot) + "-" + queries + name.substring(dot));
    }

    /**
     * Writes every row of {@code rows} (CSV or JSON lines); returns how many. {@code withOp}: a streaming result, which
     * may be a changelog, gets its rows' change kind as a first {@code op} column (a batch result is insert-only).
     */
    long write(Path to, List<String> columns, CloseableIterator<Row> rows, boolean withOp) {
        long n = 0;
        try (BufferedWriter w = Files.newBufferedWriter(to, StandardCharsets.UTF_8)) {
            if (format == Format.CSV) w.write(csvHeader(columns, withOp));
            while (rows.hasNext()) n += line(w, columns, rows.next(), withOp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + to + ": " + e.getMessage(), e);
        }
        return n;
    }

    /** Runs {@code query} into Parquet files under {@code to} (a directory) and waits for the job. */
    static String writeParquet(TableEnvironment tEnv, String query, Path to, int index) throws Exception {
        Table table = tEnv.sqlQuery(query);
        String sink = "tributary_output_" + index;
        tEnv.createTemporaryTable(sink, TableDescriptor.forConnector("filesystem")
                .schema(Schema.newBuilder().fromResolvedSchema(table.getResolvedSchema()).build())
                .option("path", to.toAbsolutePath().toUri().toString()).format("parquet").build());
        var result = table.executeInsert(sink);
        result.await();
        return result.getJobClient().map(c -> c.getJobID().toString()).orElse(null);
    }

    private int line(BufferedWriter w, List<String> columns, Row r, boolean op) throws IOException {
        if (format == Format.CSV) {
            StringBuilder sb = new StringBuilder();
            if (op) sb.append(r.getKind().shortString());
            for (int i = 0; i < r.getArity(); i++) {
                if (op || i > 0) sb.append(',');
                Object v = r.getField(i);
                if (v != null) sb.append(csv(String.valueOf(v)));
            }
            w.write(sb.append('\n').toString());
        } else {
            ObjectNode o = JSON.createObjectNode();
            if (op) o.put("op", r.getKind().shortString());
            for (int i = 0; i < r.getArity(); i++) {
                Object v = r.getField(i);
                String c = columns.get(i);
                if (v == null) o.putNull(c);
                else if (v instanceof Boolean b) o.put(c, b);
                else if (v instanceof Number num) o.putPOJO(c, num);
                else o.put(c, String.valueOf(v));
            }
            w.write(JSON.writeValueAsString(o) + "\n");
        }
        return 1;
    }

    private static String csvHeader(List<String> columns, boolean op) {
        List<String> names = new ArrayList<>();
        if (op) names.add("op");
        columns.forEach(c -> names.add(csv(c)));
        return String.join(",", names) + "\n";
    }

    private static String csv(String v) {
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        return quote ? '"' + v.replace("\"", "\"\"") + '"' : v;
    }
}
