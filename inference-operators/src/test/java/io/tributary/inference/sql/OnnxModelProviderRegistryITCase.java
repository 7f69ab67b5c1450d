package io.tributary.inference.sql;

import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelEvent;
import io.tributary.core.models.ModelRegistry;
import io.tributary.testing.FlinkMiniCluster;
import io.tributary.testing.KafkaBrokerExtension;
import org.apache.flink.table.api.TableEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tributary.inference.sql.SqlModels.assertScores;
import static io.tributary.inference.sql.SqlModels.bytes;
import static io.tributary.inference.sql.SqlModels.expected;
import static io.tributary.inference.sql.SqlModels.featureView;
import static io.tributary.inference.sql.SqlModels.messages;
import static io.tributary.inference.sql.SqlModels.scores;
import static io.tributary.inference.sql.SqlModels.tableEnv;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * ML_PREDICT with {@code 'provider' = 'onnx'} on models of Tributary's registry (a real KRaft broker, artefacts in a
 * temporary directory): the sklearn logistic regression is v1 and champion of {@code sklearn_3f}, the forest v2.
 */
class OnnxModelProviderRegistryITCase {
    @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
    @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniCluster.extension();

    @TempDir static Path artefacts;
    @TempDir static Path elsewhere;
    private static ModelEvent logreg;

    @BeforeAll
    static void register() throws Exception {
        ModelRegistry registry = new ModelRegistry(KAFKA.bootstrapServers(), new ArtifactStore(artefacts.toUri().toString()));
        List<String> features = List.of("x0", "x1", "x2");
        logreg = registry.register("sklearn_3f", bytes("models/sklearn_logreg_3f.onnx"), features, Map.of(),
                Map.of("trained_by", "sklearn"), "test", "logistic regression");
        registry.register("sklearn_3f", bytes("models/sklearn_forest_3f.onnx"), features, Map.of(),
                Map.of("trained_by", "sklearn"), "test", "random forest");
        registry.setAlias("sklearn_3f", "champion", 1, null, "test", "first");
    }

    private String with(String options) {
        return "WITH ('provider' = 'onnx', 'model' = 'sklearn_3f', 'registry.bootstrap-servers' = '"
                + KAFKA.bootstrapServers() + "'" + options + ")";
    }

    @Test
    void scoresTheChampionAndAVersionAsSklearnPredictProba() throws Exception {
        TableEnvironment env = tableEnv();
        List<double[]> logregRows = expected("sklearn_logreg_3f");
        List<double[]> forestRows = expected("sklearn_forest_3f");
        featureView(env, "logreg_rows", logregRows);
        featureView(env, "forest_rows", forestRows);
        String io = "INPUT (x0 DOUBLE, x1 DOUBLE, x2 DOUBLE) OUTPUT (p DOUBLE) ";

        env.executeSql("CREATE MODEL champion " + io + with("")); // 'alias' defaults to champion
        assertScores(scores(env, "SELECT id, p FROM ML_PREDICT(TABLE logreg_rows, MODEL champion, DESCRIPTOR(x0, x1, x2))"),
                logregRows);

        env.executeSql("CREATE MODEL v2 " + io + with(", 'version' = '2'"));
        assertScores(scores(env, "SELECT id, p FROM ML_PREDICT(TABLE forest_rows, MODEL v2, DESCRIPTOR(x0, x1, x2))"),
                forestRows);

        // 'artifacts': the store where the gateway and the task managers find it, whatever URI the registry recorded
        Path moved = Files.createDirectories(elsewhere.resolve("moved"));
        Files.copy(Path.of(java.net.URI.create(logreg.artifact())), moved.resolve(logreg.sha256() + ".onnx"));
        env.executeSql("CREATE MODEL from_store " + io + with(", 'alias' = 'champion', 'artifacts' = '" + moved.toUri() + "'"));
        assertScores(scores(env, "SELECT id, p FROM ML_PREDICT(TABLE logreg_rows, MODEL from_store, DESCRIPTOR(x0, x1, x2))"),
                logregRows);
    }

    @Test
    void refusesUnknownModelsAliasesVersionsAndMismatchedInputs() throws Exception {
        TableEnvironment env = tableEnv();
        featureView(env, "t", expected("sklearn_logreg_3f"));
        String io = "INPUT (x0 DOUBLE, x1 DOUBLE, x2 DOUBLE) OUTPUT (p DOUBLE) ";
        String[][] cases = {
                {io + "WITH ('provider' = 'onnx', 'model' = 'no_such_model', 'registry.bootstrap-servers' = '"
                        + KAFKA.bootstrapServers() + "')",
                        "no model 'no_such_model' is registered in the model registry at " + KAFKA.bootstrapServers(),
                        "registered models: [sklearn_3f]"},
                {io + with(", 'alias' = 'challenger'"), "'sklearn_3f' has no alias 'challenger'", "champion -> v1"},
                {io + with(", 'version' = '7'"), "'sklearn_3f' has no version 7", "[1, 2]"},
                {io + with(", 'version' = '2', 'alias' = 'champion'"), "set either 'alias' or 'version'", "not both"},
                {io + with(", 'artifacts' = '" + artefacts.resolve("elsewhere").toUri() + "'"),
                        "cannot read sklearn_3f v1 (champion)", "elsewhere"},
                {"INPUT (x0 DOUBLE, x2 DOUBLE, x1 DOUBLE) OUTPUT (p DOUBLE) " + with(""),
                        "INPUT columns [x0, x2, x1] do not match the features sklearn_3f v1 (champion) was registered with, "
                                + "[x0, x1, x2]", "in this order"},
        };
        for (int i = 0; i < cases.length; i++) {
            String[] c = cases[i];
            env.executeSql("CREATE MODEL bad" + i + " " + c[0]);
            String query = "SELECT id, p FROM ML_PREDICT(TABLE t, MODEL bad" + i + ", DESCRIPTOR(x0, x1, x2))";
            assertThatThrownBy(() -> scores(env, query)).as(c[0])
                    .satisfies(e -> assertThat(messages(e)).anySatisfy(m -> assertThat(m).contains(c[1]).contains(c[2])));
        }

        // 2 INPUT columns for the 3-feature model
        env.executeSql("CREATE MODEL narrow INPUT (x0 DOUBLE, x1 DOUBLE) OUTPUT (p DOUBLE) " + with(""));
        assertThatThrownBy(() -> scores(env, "SELECT id, p FROM ML_PREDICT(TABLE t, MODEL narrow, DESCRIPTOR(x0, x1))"))
                .satisfies(e -> assertThat(messages(e)).anySatisfy(m -> assertThat(m)
                        .contains("INPUT has 2 columns [x0, x1], but sklearn_3f v1 (champion) takes 3 features [x0, x1, x2]")));
    }
}
