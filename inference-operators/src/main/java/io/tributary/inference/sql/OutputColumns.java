package io.tributary.inference.sql;

import io.tributary.core.models.ModelOutputs;
import io.tributary.inference.model.OnnxModel;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * How a model's OUTPUT columns are filled. Either every column is named like one of the model's outputs (by name:
 * DOUBLE, FLOAT, INT or BIGINT for an output with one value per row, ARRAY&lt;DOUBLE&gt; or ARRAY&lt;FLOAT&gt; for any),
 * or there is one DOUBLE or FLOAT column of another name, which gets a binary classifier's score.
 */
final class OutputColumns {
    private OutputColumns() {}

    /** One OUTPUT column: the model output it shows (null: the score) and its SQL type. */
    record Spec(String column, String output, Kind kind) implements Serializable {}

    enum Kind { DOUBLE, FLOAT, INT, BIGINT, ARRAY_DOUBLE, ARRAY_FLOAT }

    static List<Spec> map(String name, List<Column> columns, OnnxModel model) {
        List<String> outputs = model.outputs();
        boolean byName = columns.stream().allMatch(c -> outputs.contains(c.getName()));
        if (!byName) {
            LogicalType t = columns.get(0).getDataType().getLogicalType();
            if (columns.size() == 1 && (t.is(LogicalTypeRoot.DOUBLE) || t.is(LogicalTypeRoot.FLOAT)) && model.hasScore()) {
                return List.of(new Spec(columns.get(0).getName(), null, t.is(LogicalTypeRoot.FLOAT) ? Kind.FLOAT : Kind.DOUBLE));
            }
            throw new ValidationException("model " + name + ": OUTPUT (" + describe(columns) + ") must name the model's outputs, "
                    + "which are " + describe(model) + (model.hasScore() ? ", or be one DOUBLE column (the probability of the "
                    + "positive class)" : "") + "; an output with several values per row is an ARRAY<DOUBLE> column");
        }
        List<Spec> specs = new ArrayList<>();
        for (Column c : columns) {
            LogicalType t = c.getDataType().getLogicalType();
            int width = model.valuesPerRow(c.getName());
            Kind kind = kind(t);
            if (kind == null || (width != 1 && !(t instanceof ArrayType))) {
                throw new ValidationException("model " + name + ": OUTPUT column '" + c.getName() + "' is " + t + ", but the "
                        + "model's output '" + c.getName() + "' has " + width + " value(s) per row: declare it "
                        + (width == 1 ? "DOUBLE, FLOAT, INT or BIGINT" : "ARRAY<DOUBLE> or ARRAY<FLOAT>"));
            }
            specs.add(new Spec(c.getName(), c.getName(), kind));
        }
        return specs;
    }

    private static Kind kind(LogicalType t) {
        if (t instanceof ArrayType a) {
            LogicalType e = a.getElementType();
            return e.is(LogicalTypeRoot.DOUBLE) ? Kind.ARRAY_DOUBLE : e.is(LogicalTypeRoot.FLOAT) ? Kind.ARRAY_FLOAT : null;
        }
        return switch (t.getTypeRoot()) {
            case DOUBLE -> Kind.DOUBLE;
            case FLOAT -> Kind.FLOAT;
            case INTEGER -> Kind.INT;
            case BIGINT -> Kind.BIGINT;
            default -> null;
        };
    }

    /** A column's value for row {@code i} of {@code out}, as Flink's internal data. */
    static Object value(Spec spec, ModelOutputs out, int i) {
        if (spec.output() == null) return spec.kind() == Kind.FLOAT ? (Object) (float) out.score()[i] : (Object) out.score()[i];
        double[] v = out.values().get(spec.output())[i];
        return switch (spec.kind()) {
            case DOUBLE -> v[0];
            case FLOAT -> (float) v[0];
            case INT -> (int) Math.round(v[0]);
            case BIGINT -> Math.round(v[0]);
            case ARRAY_DOUBLE -> new GenericArrayData(v.clone());
            case ARRAY_FLOAT -> {
                float[] f = new float[v.length];
                for (int k = 0; k < f.length; k++) f[k] = (float) v[k];
                yield new GenericArrayData(f);
            }
        };
    }

    private static String describe(OnnxModel model) {
        StringBuilder b = new StringBuilder();
        for (String o : model.outputs()) b.append(b.isEmpty() ? "" : ", ").append(o).append(" (").append(model.valuesPerRow(o))
                .append(model.valuesPerRow(o) == 1 ? " value" : " values").append(" per row)");
        return b.toString();
    }

    static String describe(List<Column> columns) {
        StringBuilder b = new StringBuilder();
        for (Column c : columns) b.append(b.isEmpty() ? "" : ", ").append(c.getName()).append(' ').append(c.getDataType());
        return b.toString();
    }
}
