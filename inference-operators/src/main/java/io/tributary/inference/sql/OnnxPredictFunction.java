package io.tributary.inference.sql;

import ai.onnxruntime.OrtException;
import io.tributary.core.models.ModelOutputs;
import io.tributary.inference.model.OnnxModel;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.types.logical.LogicalType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.List;

/**
 * Scores the rows of an {@code ML_PREDICT} call with an ONNX model embedded in the task (ONNX Runtime in the task
 * manager's JVM, no RPC): the model is loaded once per subtask in {@link #open}, each row is one call to
 * {@link OnnxModel#score}. A NULL feature is fed as NaN (Tributary's exported models fill NaN inside the graph).
 * The result is one row of the OUTPUT columns ({@link OutputColumns}): outputs by name, or a binary classifier's score.
 *
 * <p>Public with a public constructor: the planner's generated code refers to it.
 */
public class OnnxPredictFunction extends PredictFunction {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OnnxPredictFunction.class);

    private final OnnxArtifact artifact;
    private final List<OutputColumns.Spec> outputColumns;
    /** The INPUT column types: read a row that is not a GenericRowData (PredictFunction#eval builds GenericRowData). */
    private final List<LogicalType> inputTypes;

    private transient OnnxModel model;
    private transient double[][] row;
    private transient RowData.FieldGetter[] getters;

    OnnxPredictFunction(OnnxArtifact artifact, List<LogicalType> inputTypes, List<OutputColumns.Spec> outputColumns) {
        this.artifact = artifact;
        this.inputTypes = List.copyOf(inputTypes);
        this.outputColumns = List.copyOf(outputColumns);
    }

    /** A function whose one OUTPUT column is the score, as DOUBLE or FLOAT. */
    public OnnxPredictFunction(OnnxArtifact artifact, List<LogicalType> inputTypes, boolean floatOutput) {
        this(artifact, inputTypes, List.of(new OutputColumns.Spec("score", null,
                floatOutput ? OutputColumns.Kind.FLOAT : OutputColumns.Kind.DOUBLE)));
    }

    @Override
    public void open(FunctionContext context) throws Exception {
        super.open(context);
        byte[] bytes;
        try {
            bytes = artifact.read();
        } catch (java.io.IOException e) {
            throw new java.io.IOException("cannot read " + artifact.describeWithUri() + ": " + e.getMessage(), e);
        }
        try {
            model = OnnxModel.load(bytes, artifact.features());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cannot load " + artifact.description() + ": " + e.getMessage(), e);
        }
        row = new double[1][artifact.features().size()];
        getters = new RowData.FieldGetter[inputTypes.size()];
        for (int i = 0; i < getters.length; i++) getters[i] = RowData.createFieldGetter(inputTypes.get(i), i);
        LOG.info("ML_PREDICT loaded {} (sha256 {}) for features {}", artifact.description(), artifact.sha256(), artifact.features());
    }

    @Override
    public Collection<RowData> predict(RowData input) {
        double[] x = row[0];
        for (int i = 0; i < x.length; i++) {
            Object v = input.isNullAt(i) ? null
                    : input instanceof GenericRowData g ? g.getField(i) : getters[i].getFieldOrNull(input);
            x[i] = toDouble(v, i);
        }
        ModelOutputs out;
        try {
            out = model.predict(row);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed to score with " + artifact.description() + ": " + e.getMessage(), e);
        }
        GenericRowData result = new GenericRowData(outputColumns.size());
        for (int k = 0; k < outputColumns.size(); k++) result.setField(k, OutputColumns.value(outputColumns.get(k), out, 0));
        return List.of(result);
    }

    /** A feature value (Flink's internal data: boxed numbers, DecimalData, Boolean) as a double; NULL as NaN. */
    private double toDouble(Object v, int i) {
        if (v == null) return Double.NaN;
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof DecimalData d) return d.toBigDecimal().doubleValue();
        if (v instanceof Boolean b) return b ? 1.0 : 0.0;
        throw new IllegalArgumentException("feature '" + artifact.features().get(i) + "' of " + artifact.description()
                + " got a " + v.getClass().getSimpleName() + "; the ONNX provider takes numeric features");
    }

    @Override
    public void close() throws Exception {
        try {
            if (model != null) model.close();
        } finally {
            model = null;
            super.close();
        }
    }
}
