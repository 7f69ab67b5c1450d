package io.tributary.inference.sql;

import io.tributary.inference.model.OnnxModel;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.data.ArrayData;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.tributary.inference.sql.SqlModels.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ML_PREDICT's OUTPUT columns: by the model's output names and types, or one column for a binary classifier's score. */
class OutputColumnsTest {
    private static final List<String> FEATURES = List.of("x0", "x1", "x2");

    @Test
    void mapsColumnsByNameAndFillsThem() throws Exception {
        try (OnnxModel m = OnnxModel.load(bytes("models/multiclass_softmax_3f.onnx"), FEATURES)) {
            List<OutputColumns.Spec> specs = OutputColumns.map("m", List.of(Column.physical("probabilities",
                    DataTypes.ARRAY(DataTypes.FLOAT())), Column.physical("label", DataTypes.INT())), m);
            assertThat(specs).extracting(OutputColumns.Spec::kind).containsExactly(OutputColumns.Kind.ARRAY_FLOAT, OutputColumns.Kind.INT);
            var out = m.predict(new double[][] {{0.5, -1, 2}});
            ArrayData p = (ArrayData) OutputColumns.value(specs.get(0), out, 0);
            assertThat(p.size()).isEqualTo(4);
            assertThat(p.getFloat(2)).isEqualTo((float) out.values().get("probabilities")[0][2]);
            assertThat(OutputColumns.value(specs.get(1), out, 0)).isEqualTo((int) out.values().get("label")[0][0]);

            assertThatThrownBy(() -> OutputColumns.map("m", List.of(Column.physical("probabilities", DataTypes.DOUBLE())), m))
                    .isInstanceOf(ValidationException.class).hasMessage("model m: OUTPUT column 'probabilities' is DOUBLE, but the "
                            + "model's output 'probabilities' has 4 value(s) per row: declare it ARRAY<DOUBLE> or ARRAY<FLOAT>");
            assertThatThrownBy(() -> OutputColumns.map("m", List.of(Column.physical("label", DataTypes.STRING())), m))
                    .hasMessageContaining("OUTPUT column 'label' is STRING, but the model's output 'label' has 1 value(s) "
                            + "per row: declare it DOUBLE, FLOAT, INT or BIGINT");
        }
        try (OnnxModel binary = OnnxModel.load(bytes("models/sklearn_logreg_3f.onnx"), FEATURES)) {
            List<OutputColumns.Spec> score = OutputColumns.map("b", List.of(Column.physical("p_late", DataTypes.FLOAT())), binary);
            assertThat(score).singleElement().satisfies(s -> assertThat(s.output()).isNull());
            var out = binary.predict(new double[][] {{0.5, -1, 2}});
            assertThat(OutputColumns.value(score.get(0), out, 0)).isEqualTo((float) out.score()[0]);
        }
    }
}
