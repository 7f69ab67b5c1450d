package io.tributary.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The output tensors of an infer response, the same over HTTP and gRPC: {@code score} (FP64 {@code [N]}, when a
 * version that served has one: binary classifiers), then each output the model carries on its predictions, by name
 * (FP64, {@code [N]} for one value per row, {@code [N, K]} for K), then {@code version} (INT64) and {@code variant}
 * (BYTES). A value a row lacks is NaN here, {@code null} in JSON.
 */
final class InferOutputs {
    /** One tensor: exactly one of {@code fp64}, {@code int64}, {@code bytes} holds its values, flattened row by row. */
    record Tensor(String name, String datatype, List<Long> shape, double[] fp64, long[] int64, String[] bytes) {}

    private InferOutputs() {}

    static List<Tensor> of(InferenceGateway.InferResult r) {
        List<InferenceGateway.RowPrediction> rows = r.rows();
        int n = rows.size();
        List<Tensor> out = new ArrayList<>();
        if (rows.stream().anyMatch(row -> !Double.isNaN(row.score()))) {
            out.add(new Tensor("score", "FP64", List.of((long) n), rows.stream().mapToDouble(InferenceGateway.RowPrediction::score).toArray(), null, null));
        }
        Set<String> names = new LinkedHashSet<>();
        for (InferenceGateway.RowPrediction row : rows) {
            for (Iterator<String> it = row.outputs().fieldNames(); it.hasNext(); ) names.add(it.next());
        }
        names.remove("score"); // a model's own output named like the binary score would shadow it
        for (String name : names) out.add(named(name, rows));
        long[] versions = rows.stream().mapToLong(InferenceGateway.RowPrediction::version).toArray();
        out.add(new Tensor("version", "INT64", List.of((long) n), null, versions, null));
        out.add(new Tensor("variant", "BYTES", List.of((long) n), null, null, rows.stream().map(InferenceGateway.RowPrediction::variant).toArray(String[]::new)));
        return out;
    }

    private static Tensor named(String name, List<InferenceGateway.RowPrediction> rows) {
        int width = 1;
        boolean array = false;
        for (InferenceGateway.RowPrediction row : rows) {
            JsonNode v = row.outputs().get(name);
            if (v != null && v.isArray()) {
                array = true;
                width = Math.max(width, v.size());
            }
        }
        double[] values = new double[rows.size() * width];
        java.util.Arrays.fill(values, Double.NaN);
        for (int i = 0; i < rows.size(); i++) {
            JsonNode v = rows.get(i).outputs().get(name);
            if (v == null || v.isNull()) continue;
            if (v.isArray()) {
                for (int j = 0; j < v.size(); j++) values[i * width + j] = v.get(j).isNumber() ? v.get(j).asDouble() : Double.NaN;
            } else if (v.isNumber()) {
                values[i * width] = v.asDouble();
            }
        }
        List<Long> shape = array ? List.of((long) rows.size(), (long) width) : List.of((long) rows.size());
        return new Tensor(name, "FP64", shape, values, null, null);
    }
}
