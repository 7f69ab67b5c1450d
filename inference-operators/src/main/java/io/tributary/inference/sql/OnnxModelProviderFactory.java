package io.tributary.inference.sql;

import io.tributary.core.event.Sha256;
import io.tributary.core.models.ArtifactStore;
import io.tributary.core.models.ModelEvent;
import io.tributary.core.models.ModelRegistry;
import io.tributary.core.models.RegistryState;
import io.tributary.inference.model.OnnxModel;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.table.api.ValidationException;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedCatalogModel;
import org.apache.flink.table.factories.FactoryUtil;
import org.apache.flink.table.factories.ModelProviderFactory;
import org.apache.flink.table.ml.ModelProvider;
import org.apache.flink.table.ml.PredictRuntimeProvider;
import org.apache.flink.table.functions.PredictFunction;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code 'provider' = 'onnx'}: ONNX models embedded in the job for Flink SQL's {@code ML_PREDICT} (ONNX Runtime in
 * the task managers, no RPC). The model comes from Tributary's model registry or from a file:
 *
 * <pre>
 * CREATE MODEL flights_delay
 *   INPUT (origin_mean_delay DOUBLE, ..., day_of_week DOUBLE) OUTPUT (p_late DOUBLE)
 *   WITH ('provider' = 'onnx', 'model' = 'flights_delay', 'alias' = 'champion',
 *         'registry.bootstrap-servers' = 'localhost:9092');
 * CREATE MODEL m INPUT (x0 DOUBLE, x1 DOUBLE) OUTPUT (p DOUBLE) WITH ('provider' = 'onnx', 'path' = '/models/m.onnx');
 * SELECT * FROM ML_PREDICT(TABLE t, MODEL m, DESCRIPTOR(x0, x1));
 * </pre>
 *
 * <p>The INPUT columns are the model's features in order (the DESCRIPTOR maps table columns to them by position),
 * numeric or BOOLEAN; NULL is fed as NaN. The OUTPUT columns are the model's outputs by name ({@link OutputColumns}:
 * {@code OUTPUT (label BIGINT, probabilities ARRAY<DOUBLE>)}), or one DOUBLE or FLOAT column of another name for a
 * binary classifier's probability of the positive class (see {@link OnnxModel}). Everything is checked when the
 * statement is planned: the model is resolved, read and loaded once on the client (with the registry's trial
 * inference), and the version and bytes found then are the ones every subtask runs ({@link OnnxArtifact}).
 */
public class OnnxModelProviderFactory implements ModelProviderFactory {
    public static final String IDENTIFIER = "onnx";

    public static final ConfigOption<String> MODEL = ConfigOptions.key("model").stringType().noDefaultValue()
            .withDescription("The model's name in Tributary's model registry. Needs 'registry.bootstrap-servers'. "
                    + "Exclusive with 'path'.");
    public static final ConfigOption<String> ALIAS = ConfigOptions.key("alias").stringType().defaultValue("champion")
            .withDescription("With 'model': the alias whose version to run. Exclusive with 'version'.");
    public static final ConfigOption<Integer> VERSION = ConfigOptions.key("version").intType().noDefaultValue()
            .withDescription("With 'model': the version number to run, instead of an alias.");
    public static final ConfigOption<String> REGISTRY_BOOTSTRAP_SERVERS = ConfigOptions.key("registry.bootstrap-servers")
            .stringType().noDefaultValue()
            .withDescription("With 'model': the Kafka cluster holding the model registry's topic (models.registry).");
    public static final ConfigOption<String> ARTIFACTS = ConfigOptions.key("artifacts").stringType().noDefaultValue()
            .withDescription("With 'model': the artefact store's base URI, where the version's <sha256>.onnx is read. "
                    + "Default: the artefact URI recorded in the registry.");
    public static final ConfigOption<String> PATH = ConfigOptions.key("path").stringType().noDefaultValue()
            .withDescription("The path or URI of an .onnx file (any file system Flink can read). Exclusive with 'model'.");
    public static final ConfigOption<String> FEATURES = ConfigOptions.key("features").stringType().noDefaultValue()
            .withDescription("With 'path': the model's feature names, comma-separated, in the order of the INPUT "
                    + "columns (for models with one input per feature). Default: the INPUT column names.");

    private static final Set<LogicalTypeRoot> NUMERIC = EnumSet.of(LogicalTypeRoot.TINYINT, LogicalTypeRoot.SMALLINT,
            LogicalTypeRoot.INTEGER, LogicalTypeRoot.BIGINT, LogicalTypeRoot.FLOAT, LogicalTypeRoot.DOUBLE,
            LogicalTypeRoot.DECIMAL, LogicalTypeRoot.BOOLEAN);

    @Override
    public String factoryIdentifier() { return IDENTIFIER; }

    @Override
    public Set<ConfigOption<?>> requiredOptions() { return Set.of(); }

    @Override
    public Set<ConfigOption<?>> optionalOptions() {
        return Set.of(MODEL, ALIAS, VERSION, REGISTRY_BOOTSTRAP_SERVERS, ARTIFACTS, PATH, FEATURES);
    }

    @Override
    public ModelProvider createModelProvider(Context context) {
        FactoryUtil.ModelProviderFactoryHelper helper = FactoryUtil.createModelProviderFactoryHelper(this, context);
        helper.validate();
        ReadableConfig options = helper.getOptions();
        String name = context.getObjectIdentifier().asSummaryString();
        ResolvedCatalogModel catalogModel = context.getCatalogModel();

        List<Column> outputs = catalogModel.getResolvedOutputSchema().getColumns();
        List<Column> inputs = catalogModel.getResolvedInputSchema().getColumns();
        List<String> inputNames = new ArrayList<>();
        List<LogicalType> inputTypes = new ArrayList<>();
        for (Column c : inputs) {
            LogicalType t = c.getDataType().getLogicalType();
            if (!NUMERIC.contains(t.getTypeRoot())) {
                throw new ValidationException("model " + name + ": INPUT column '" + c.getName() + "' is " + t
                        + "; the onnx provider feeds numeric features (TINYINT, SMALLINT, INT, BIGINT, FLOAT, DOUBLE, "
                        + "DECIMAL, BOOLEAN)");
            }
            inputNames.add(c.getName());
            inputTypes.add(t);
        }

        boolean registry = options.getOptional(MODEL).isPresent();
        boolean file = options.getOptional(PATH).isPresent();
        if (registry == file) {
            throw new ValidationException("model " + name + ": set either 'model' (a model in the registry, with "
                    + "'registry.bootstrap-servers') or 'path' (an .onnx file), " + (registry ? "not both" : "found neither"));
        }
        OnnxArtifact artifact = registry ? fromRegistry(name, options, inputNames) : fromPath(name, options, inputNames);

        // Load it once here: a model that cannot run fails the statement now, with the reason, not the job later.
        byte[] bytes;
        try {
            bytes = artifact.read();
        } catch (IOException | RuntimeException e) {
            throw new ValidationException("model " + name + ": cannot read " + artifact.describeWithUri() + ": "
                    + e.getMessage(), e);
        }
        List<OutputColumns.Spec> outputColumns;
        try (OnnxModel model = OnnxModel.load(bytes, artifact.features())) {
            outputColumns = OutputColumns.map(name, outputs, model);
        } catch (ValidationException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            if (String.valueOf(e.getMessage()).startsWith("ONNX Runtime cannot load")) { // corrupt, truncated, not ONNX
                throw new ValidationException("model " + name + ": cannot load " + artifact.describeWithUri() + ": "
                        + e.getMessage(), e);
            }
            throw new ValidationException("model " + name + ": " + artifact.description() + " does not fit INPUT ("
                    + describe(inputs) + "): " + e.getMessage(), e);
        } catch (Exception e) {
            throw new ValidationException("model " + name + ": cannot load " + artifact.description() + ": " + e.getMessage(), e);
        }
        return new Provider(artifact, inputTypes, outputColumns);
    }

    private static OnnxArtifact fromPath(String name, ReadableConfig options, List<String> inputNames) {
        for (ConfigOption<?> o : List.of(VERSION, REGISTRY_BOOTSTRAP_SERVERS, ARTIFACTS, ALIAS)) {
            if (options.getOptional(o).isPresent()) {
                throw new ValidationException("model " + name + ": '" + o.key() + "' applies to a registry model ('model'), "
                        + "not to 'path'");
            }
        }
        String path = options.get(PATH).trim();
        if (path.isEmpty()) throw new ValidationException("model " + name + ": 'path' is empty");
        // a relative path means the same file on every machine only once made absolute where the statement is planned
        String uri = path.matches("[a-zA-Z][a-zA-Z0-9+.-]+:.*")
                ? path : java.nio.file.Path.of(path).toAbsolutePath().normalize().toUri().toString();
        List<String> features = inputNames;
        Optional<String> declared = options.getOptional(FEATURES);
        if (declared.isPresent()) {
            features = Arrays.stream(declared.get().split(",")).map(String::trim).toList();
            if (features.size() != inputNames.size() || features.stream().anyMatch(String::isEmpty)) {
                throw new ValidationException("model " + name + ": 'features' names " + features.size() + " features "
                        + features + ", but INPUT has " + inputNames.size() + " columns " + inputNames);
            }
        }
        byte[] bytes;
        try {
            bytes = OnnxArtifact.readFile(uri);
        } catch (IOException | RuntimeException e) {
            throw new ValidationException("model " + name + ": cannot read the model file " + path + ": " + e.getMessage(), e);
        }
        return new OnnxArtifact("the model file " + path, uri, Sha256.hex(bytes), features, false);
    }

    private static OnnxArtifact fromRegistry(String name, ReadableConfig options, List<String> inputNames) {
        if (options.getOptional(FEATURES).isPresent()) {
            throw new ValidationException("model " + name + ": 'features' applies to 'path' only; the registry records "
                    + "each version's features");
        }
        String model = options.get(MODEL).trim();
        String bootstrap = options.getOptional(REGISTRY_BOOTSTRAP_SERVERS).orElseThrow(() -> new ValidationException(
                "model " + name + ": 'model' needs 'registry.bootstrap-servers', the Kafka cluster of the model registry"));
        Optional<Integer> version = options.getOptional(VERSION);
        if (version.isPresent() && options.getOptional(ALIAS).isPresent()) {
            throw new ValidationException("model " + name + ": set either 'alias' or 'version', not both");
        }
        String where = "the model registry at " + bootstrap;
        RegistryState state;
        try {
            state = new ModelRegistry(bootstrap, null).state();
        } catch (RuntimeException e) {
            throw new ValidationException("model " + name + ": cannot read " + where + ": " + e.getMessage(), e);
        }
        RegistryState.Model m = state.model(model).orElseThrow(() -> new ValidationException("model " + name
                + ": no model '" + model + "' is registered in " + where + "; registered models: " + state.models().keySet()));
        RegistryState.Version v;
        String which;
        if (version.isPresent()) {
            v = m.version(version.get()).orElseThrow(() -> new ValidationException("model " + name + ": '" + model
                    + "' has no version " + version.get() + " in " + where + "; its versions: " + m.versions().keySet()));
            which = model + " v" + v.number();
        } else {
            String alias = options.get(ALIAS).trim();
            v = m.aliased(alias).orElseThrow(() -> new ValidationException("model " + name + ": '" + model
                    + "' has no alias '" + alias + "' in " + where + "; its aliases: " + aliases(m)
                    + "; set 'alias' to one of them or 'version' to one of " + m.versions().keySet()));
            which = model + " v" + v.number() + " (" + alias + ")";
        }
        if (v.archived()) {
            throw new ValidationException("model " + name + ": " + which + " is archived in " + where);
        }
        ModelEvent registered = v.registered();
        List<String> features = registeredFeatures(registered).orElse(inputNames);
        if (features.size() != inputNames.size()) {
            throw new ValidationException("model " + name + ": INPUT has " + inputNames.size() + " columns " + inputNames
                    + ", but " + which + " takes " + features.size() + " features " + features);
        }
        if (!features.equals(inputNames)) {
            throw new ValidationException("model " + name + ": INPUT columns " + inputNames + " do not match the features "
                    + which + " was registered with, " + features + ": declare INPUT with these columns, in this order");
        }
        String uri = options.getOptional(ARTIFACTS)
                .map(base -> new ArtifactStore(base.trim()).base() + "/" + registered.sha256() + ".onnx")
                .orElse(registered.artifact());
        return new OnnxArtifact(which, uri, registered.sha256(), features, true);
    }

    /** The features a version was registered with ({@link ModelRegistry#register} records them in the lineage). */
    private static Optional<List<String>> registeredFeatures(ModelEvent registered) {
        if (registered.lineage().get("features") instanceof List<?> list && !list.isEmpty()) {
            return Optional.of(list.stream().map(String::valueOf).toList());
        }
        return Optional.empty();
    }

    private static String aliases(RegistryState.Model m) {
        if (m.aliases().isEmpty()) return "none";
        StringBuilder b = new StringBuilder();
        m.aliases().values().forEach(a -> b.append(b.isEmpty() ? "" : ", ").append(a.name()).append(" -> v").append(a.version()));
        return b.toString();
    }

    private static String describe(List<Column> columns) {
        return OutputColumns.describe(columns);
    }

    /** The sync runtime provider: one {@link OnnxPredictFunction} per ML_PREDICT call. */
    public static final class Provider implements PredictRuntimeProvider {
        private final OnnxArtifact artifact;
        private final List<LogicalType> inputTypes;
        private final List<OutputColumns.Spec> outputColumns;

        Provider(OnnxArtifact artifact, List<LogicalType> inputTypes, List<OutputColumns.Spec> outputColumns) {
            this.artifact = artifact;
            this.inputTypes = List.copyOf(inputTypes);
            this.outputColumns = List.copyOf(outputColumns);
        }

        /** The model this provider runs, as planned. */
        public OnnxArtifact artifact() { return artifact; }

        @Override
        public PredictFunction createPredictFunction(ModelProvider.Context context) {
            return new OnnxPredictFunction(artifact, inputTypes, outputColumns);
        }

        @Override
        public ModelProvider copy() { return new Provider(artifact, inputTypes, outputColumns); }
    }
}
