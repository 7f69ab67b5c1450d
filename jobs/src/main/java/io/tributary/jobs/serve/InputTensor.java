package io.tributary.jobs.serve;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One input tensor of an infer request, its elements as doubles in row-major order. */
record InputTensor(String name, String datatype, List<Long> shape, double[] data) {
    private static final Set<String> NUMERIC = Set.of("FP64", "FP32", "FP16", "INT64", "INT32", "INT16", "INT8",
            "UINT64", "UINT32", "UINT16", "UINT8");

    /** The {@code inputs} of a JSON infer request body; the exception names the input and the problem. */
    static List<InputTensor> fromJson(JsonNode body) {
        if (body == null || !body.isObject()) throw ServeException.invalid("the request body must be a JSON object with \"inputs\"");
        JsonNode inputs = body.get("inputs");
        if (inputs == null || !inputs.isArray() || inputs.isEmpty()) {
            throw ServeException.invalid("\"inputs\" must be a non-empty array of tensors {\"name\", \"shape\", \"datatype\", \"data\"}");
        }
        List<InputTensor> out = new ArrayList<>();
        for (JsonNode t : inputs) {
            String name = t.path("name").asText("");
            if (name.isEmpty()) throw ServeException.invalid("every input tensor needs a \"name\"");
            JsonNode shapeNode = t.get("shape");
            if (shapeNode == null || !shapeNode.isArray()) throw ServeException.invalid("input '" + name + "': \"shape\" must be an array of integers");
            List<Long> shape = new ArrayList<>();
            for (JsonNode d : shapeNode) {
                if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0) {
                    throw ServeException.invalid("input '" + name + "': \"shape\" must hold non-negative integers, got " + shapeNode);
                }
                shape.add(d.asLong());
            }
            String datatype = t.path("datatype").asText("");
            JsonNode data = t.get("data");
            if (data == null) throw ServeException.invalid("input '" + name + "' has no \"data\"");
            List<Double> values = new ArrayList<>();
            flatten(name, data, values);
            out.add(new InputTensor(name, datatype, shape, values.stream().mapToDouble(Double::doubleValue).toArray()));
        }
        return out;
    }

    private static void flatten(String name, JsonNode data, List<Double> into) {
        if (data.isArray()) {
            for (JsonNode e : data) flatten(name, e, into);
        } else if (data.isNumber()) {
            into.add(data.asDouble());
        } else {
            throw ServeException.invalid("input '" + name + "': element " + into.size() + " is " + data + ", not a number");
        }
    }

    /** The model's own {@code [N, F]} input as one column tensor per feature, in the registered order. */
    private static List<InputTensor> splitMatrix(InputTensor t, List<String> features) {
        int width = features.size();
        if (t.shape().size() != 2 || t.shape().get(1) != width) {
            throw ServeException.invalid("input '" + t.name() + "' has shape " + t.shape() + "; it takes [N, " + width + "] (columns " + features + ")");
        }
        long rows = t.shape().get(0);
        if (t.data().length != rows * width) {
            throw ServeException.invalid("input '" + t.name() + "' has shape " + t.shape() + " but " + t.data().length + " elements");
        }
        List<InputTensor> out = new ArrayList<>();
        for (int f = 0; f < width; f++) {
            double[] column = new double[(int) rows];
            for (int i = 0; i < rows; i++) column[i] = t.data()[i * width + f];
            out.add(new InputTensor(features.get(f), t.datatype(), List.of(rows), column));
        }
        return out;
    }

    /**
     * The request's columns by input name, checked against the model's signature: every input present once, numeric,
     * shape {@code [N]} or {@code [N, 1]} with N elements, the same N for all, at most {@code maxRows}.
     */
    static Map<String, double[]> columns(List<InputTensor> tensors, ModelSignature signature, int maxRows) {
        if (tensors.size() == 1 && tensors.get(0).name().equals(signature.matrixInput())) {
            return columns(splitMatrix(tensors.get(0), signature.names()), signature, maxRows);
        }
        Map<String, double[]> columns = new LinkedHashMap<>();
        int rows = -1;
        for (InputTensor t : tensors) {
            if (!signature.names().contains(t.name())) {
                throw ServeException.invalid("input '" + t.name() + "' is not an input of the model; its inputs are " + signature.names()
                        + (signature.matrixInput() == null ? "" : " (or one [N, " + signature.names().size() + "] tensor '" + signature.matrixInput() + "')"));
            }
            if (columns.containsKey(t.name())) throw ServeException.invalid("input '" + t.name() + "' is given twice");
            if (!NUMERIC.contains(t.datatype())) {
                throw ServeException.invalid("input '" + t.name() + "' has datatype '" + t.datatype() + "'; it takes numbers (FP64, FP32, INT64, ...)");
            }
            boolean column = t.shape().size() == 1 || (t.shape().size() == 2 && t.shape().get(1) == 1);
            if (!column) throw ServeException.invalid("input '" + t.name() + "' has shape " + t.shape() + "; it takes [N] or [N, 1] (one value per row)");
            long n = t.shape().get(0);
            if (t.data().length != n) {
                throw ServeException.invalid("input '" + t.name() + "' has shape " + t.shape() + " but " + t.data().length + " elements");
            }
            if (rows >= 0 && n != rows) {
                throw ServeException.invalid("input '" + t.name() + "' has " + n + " rows but the other inputs have " + rows);
            }
            rows = (int) n;
            for (int i = 0; i < t.data().length; i++) {
                if (!Double.isFinite(t.data()[i])) throw ServeException.invalid("input '" + t.name() + "': element " + i + " is not a finite number");
            }
            columns.put(t.name(), t.data());
        }
        for (String name : signature.names()) {
            if (!columns.containsKey(name)) throw ServeException.invalid("input '" + name + "' is missing; the model takes " + signature.names());
        }
        if (rows == 0) throw ServeException.invalid("the inputs have no rows (shape [0])");
        if (rows > maxRows) throw ServeException.invalid("the inputs have " + rows + " rows; at most " + maxRows + " per request (serve.max-rows)");
        return columns;
    }
}
