package io.tributary.core.models;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.SequenceInfo;
import ai.onnxruntime.TensorInfo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An ONNX model as Tributary serves it: declared features fed to its inputs ({@link InputFeed}), every usable output
 * read by name ({@link OutputReader}), and, for a binary classifier, a score (the probability of the positive class).
 * Loading runs a trial inference on {@value #TRIAL_ROWS} synthetic rows of the declared features, so a model that
 * loads here is one the scorer can run: the registry and the scorer load models through this class alike.
 *
 * <p>The score is the output named {@code probability} with one value per row, else the second value of the first
 * floating output whose name contains {@code prob} and that has two values per row ([N, 2] class probabilities, or
 * sklearn's ZipMap of two classes). Other models (regression, multi-class, label-only, embeddings) have no score.
 *
 * <p>One instance per thread that scores: the session is thread-safe, but callers batch per subtask anyway.
 */
public final class ServableModel implements AutoCloseable {
    static final int TRIAL_ROWS = 3;

    private final OrtSession session;
    private final InputFeed feed;
    private final OutputReader reader;
    private final String scoreOutput;
    private final int scoreColumn;
    private final List<Map<String, Object>> outputSchema;

    private ServableModel(OrtSession session, InputFeed feed, OutputReader reader, String scoreOutput, int scoreColumn,
                          List<Map<String, Object>> outputSchema) {
        this.session = session;
        this.feed = feed;
        this.reader = reader;
        this.scoreOutput = scoreOutput;
        this.scoreColumn = scoreColumn;
        this.outputSchema = outputSchema;
    }

    /**
     * Loads {@code onnx} for rows of {@code features} and runs the trial inference.
     *
     * @throws IllegalArgumentException when ONNX Runtime cannot load it ("ONNX Runtime cannot load the model: ..."), or
     *                                  an input or output cannot be served (the message names it and the problem)
     */
    public static ServableModel load(byte[] onnx, List<String> features) {
        if (features.isEmpty()) throw new IllegalArgumentException("declare the model's features (--features a,b,c)");
        OrtSession session;
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1); // one session per subtask: Flink's parallelism is the parallelism
            session = OrtEnvironment.getEnvironment().createSession(onnx, options);
        } catch (OrtException | RuntimeException e) {
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
        try {
            InputFeed feed = InputFeed.bind(session.getInputInfo(), features);
            OutputReader reader = OutputReader.of(session.getOutputInfo());
            Map<String, double[][]> trial = trial(session, feed, reader, features);
            String scoreOutput = scoreOutput(session.getOutputInfo(), reader, trial);
            int column = scoreOutput == null ? -1 : trial.get(scoreOutput)[0].length - 1;
            return new ServableModel(session, feed, reader, scoreOutput, column,
                    outputSchema(session.getOutputInfo(), reader, trial, scoreOutput, column));
        } catch (OrtException | RuntimeException e) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // refused anyway
            }
            if (e instanceof IllegalArgumentException iae) throw iae;
            throw new IllegalArgumentException("ONNX Runtime cannot load the model: " + e.getMessage(), e);
        }
    }

    /** Row i, feature j: (i + j) mod 3, a value every fed type holds (0, 1, 2; false/true for bool). */
    static double[][] syntheticRows(int features) {
        double[][] rows = new double[TRIAL_ROWS][features];
        for (int i = 0; i < TRIAL_ROWS; i++) for (int j = 0; j < features; j++) rows[i][j] = (i + j) % 3;
        return rows;
    }

    private static Map<String, double[][]> trial(OrtSession session, InputFeed feed, OutputReader reader, List<String> features)
            throws OrtException {
        Map<String, OnnxTensor> inputs = feed.tensors(OrtEnvironment.getEnvironment(), syntheticRows(features.size()));
        try (OrtSession.Result result = session.run(inputs, new java.util.HashSet<>(reader.carried()))) {
            return reader.read(result, TRIAL_ROWS);
        } catch (OrtException e) {
            throw new IllegalArgumentException("a trial inference on " + TRIAL_ROWS + " synthetic rows of the declared features "
                    + features + " failed" + dynamicWidthHint(session, features) + ": " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private static String dynamicWidthHint(OrtSession session, List<String> features) throws OrtException {
        for (Map.Entry<String, NodeInfo> e : session.getInputInfo().entrySet()) {
            if (e.getValue().getInfo() instanceof TensorInfo t && t.getShape().length == 2 && t.getShape()[1] == -1
                    && !features.contains(e.getKey())) {
                return " (input '" + e.getKey() + "' is " + InputFeed.describe(t) + ": its width is not in the model's "
                        + "signature, and the model does not take the " + features.size() + " declared features per row)";
            }
        }
        return "";
    }

    private static String scoreOutput(Map<String, NodeInfo> outputs, OutputReader reader, Map<String, double[][]> trial) {
        double[][] named = trial.get("probability");
        if (named != null && floating(outputs.get("probability")) && named[0].length == 1) return "probability";
        for (String name : reader.carried()) {
            if (name.toLowerCase(Locale.ROOT).contains("prob") && floating(outputs.get(name)) && trial.get(name)[0].length == 2) {
                return name;
            }
        }
        return null;
    }

    private static boolean floating(NodeInfo n) {
        OnnxJavaType t = n.getInfo() instanceof TensorInfo ti ? ti.type
                : n.getInfo() instanceof SequenceInfo s && s.isSequenceOfMaps() ? s.mapInfo.valueType : null;
        return t == OnnxJavaType.FLOAT || t == OnnxJavaType.DOUBLE;
    }

    private static List<Map<String, Object>> outputSchema(Map<String, NodeInfo> outputs, OutputReader reader,
                                                          Map<String, double[][]> trial, String scoreOutput, int column) {
        List<Map<String, Object>> schema = new ArrayList<>();
        outputs.forEach((name, node) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", name);
            if (node.getInfo() instanceof TensorInfo t) {
                m.put("type", t.type.name());
                m.put("shape", Arrays.stream(t.getShape()).boxed().toList());
            } else {
                m.put("type", OutputReader.describe(node));
            }
            boolean carried = trial.containsKey(name);
            m.put("carried", carried);
            if (carried) m.put("values_per_row", trial.get(name)[0].length);
            if (reader.keys(name) != null) m.put("keys", reader.keys(name));
            if (name.equals(scoreOutput)) m.put("score_column", column);
            schema.add(m);
        });
        return List.copyOf(schema);
    }

    public List<String> features() { return feed.features(); }

    /** The outputs as the registry records them: name, type, shape, carried, values_per_row, keys, score_column. */
    public List<Map<String, Object>> outputSchema() { return outputSchema; }

    /** The names of the outputs carried, in the model's order. */
    public List<String> outputs() { return reader.carried(); }

    /** How many values per row an output carries (as found by the trial inference). */
    public int valuesPerRow(String output) {
        for (Map<String, Object> m : outputSchema) {
            if (m.get("name").equals(output) && m.get("values_per_row") instanceof Integer n) return n;
        }
        throw new IllegalArgumentException("the model carries no output '" + output + "'; it carries " + outputs());
    }

    /** Whether the model is a binary classifier with a score. */
    public boolean hasScore() { return scoreOutput != null; }

    /**
     * Runs {@code rows} ({@code rows[i][j]}: feature j of row i; NaN for a missing value, which a float input is fed
     * as is and an integer input refuses).
     */
    public ModelOutputs run(double[][] rows) throws OrtException {
        int n = rows.length;
        Map<String, OnnxTensor> inputs = feed.tensors(OrtEnvironment.getEnvironment(), rows);
        Map<String, double[][]> values;
        try (OrtSession.Result result = session.run(inputs, new java.util.HashSet<>(reader.carried()))) {
            values = reader.read(result, n);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
        double[] score = null;
        if (scoreOutput != null) {
            double[][] s = values.get(scoreOutput);
            score = new double[n];
            for (int i = 0; i < n; i++) score[i] = s[i][scoreColumn];
        }
        return new ModelOutputs(n, values, score);
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
