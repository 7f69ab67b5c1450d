package io.tributary.inference.sql;

import io.tributary.core.event.Sha256;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.functions.FunctionContext;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.tributary.inference.sql.SqlModels.bytes;
import static io.tributary.inference.sql.SqlModels.expected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The predict function alone: it travels serialized, loads in open(), and refuses bytes other than those planned. */
class OnnxPredictFunctionTest {
    private static final List<LogicalType> DOUBLES = List.of(new DoubleType(), new DoubleType(), new DoubleType());

    @Test
    void scoresAfterSerializationAndRefusesAFileChangedSincePlanning(@TempDir Path dir) throws Exception {
        byte[] onnx = bytes("models/sklearn_logreg_3f.onnx");
        Path file = dir.resolve("m.onnx");
        Files.write(file, onnx);
        OnnxArtifact artifact = new OnnxArtifact("the model file " + file, file.toUri().toString(), Sha256.hex(onnx),
                List.of("x0", "x1", "x2"), false);

        OnnxPredictFunction f = InstantiationUtil.clone(new OnnxPredictFunction(artifact, DOUBLES, true));
        f.open(new FunctionContext(null));
        double[] row = expected("sklearn_logreg_3f").get(0);
        RowData out = f.predict(GenericRowData.of(row[0], row[1], row[2])).iterator().next();
        assertThat((double) out.getFloat(0)).isCloseTo(row[3], within(1e-6));
        assertThat(f.predict(GenericRowData.of(null, row[1], row[2]))).hasSize(1); // NULL is NaN for the model
        f.close();

        Files.write(file, bytes("models/sklearn_forest_3f.onnx"));
        OnnxPredictFunction changed = new OnnxPredictFunction(artifact, DOUBLES, false);
        assertThatThrownBy(() -> changed.open(new FunctionContext(null)))
                .hasMessageContaining("cannot read the model file " + file)
                .hasMessageContaining("changed after the statement was planned");
    }
}
