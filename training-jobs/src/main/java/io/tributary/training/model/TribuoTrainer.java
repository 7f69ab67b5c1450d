package io.tributary.training.model;

import ai.onnx.proto.OnnxMl;
import io.tributary.core.event.Sha256;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.List;

/**
 * Trains a {@link ModelSpec} with Tribuo and exports it to ONNX whose only input is the raw features
 * ({@code "features"}, float[N, F] in the spec's order) and whose output {@code "probability"} is P(label = true):
 * standardization (when asked) and the class order are inside the graph, so serving needs nothing else. Training and
 * export are deterministic: the same examples, spec and seed give the same bytes.
 */
public final class TribuoTrainer {
    static final String INPUT = "features";
    static final String OUTPUT = "probability";

    private TribuoTrainer() {}

    public static TrainedModel train(ModelSpec spec, List<io.tributary.training.model.Example> examples) {
        if (examples.isEmpty()) throw new IllegalArgumentException("no examples to train " + spec.name() + " on");
        int f = spec.features().size();
        double[] mean = new double[f];
        double[] std = new double[f];
        if (spec.standardize()) {
            int[] n = new int[f];
            for (var e : examples) for (int i = 0; i < f; i++) if (!Double.isNaN(e.features()[i])) { mean[i] += e.features()[i]; n[i]++; }
            for (int i = 0; i < f; i++) mean[i] = n[i] == 0 ? 0 : mean[i] / n[i];
            for (var e : examples) for (int i = 0; i < f; i++) if (!Double.isNaN(e.features()[i])) std[i] += Math.pow(e.features()[i] - mean[i], 2);
            for (int i = 0; i < f; i++) std[i] = n[i] < 2 || std[i] == 0 ? 1 : Math.sqrt(std[i] / n[i]);
        } else {
            java.util.Arrays.fill(std, 1);
        }
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> data = new MutableDataset<>(new SimpleDataSourceProvenance("tributary examples", labels), labels);
        String[] names = featureNames(f);
        for (var e : examples) {
            double[] x = new double[f];
            for (int i = 0; i < f; i++) x[i] = Double.isNaN(e.features()[i]) ? 0 : (e.features()[i] - mean[i]) / std[i];
            Example<Label> ex = new ArrayExample<>(new Label(e.label() ? "true" : "false"), names, x);
            data.add(ex);
        }
        Model<Label> model = trainer(spec).train(data);
        OnnxMl.ModelProto proto = ((ONNXExportable) model).exportONNXModel("io.tributary", 1);
        byte[] onnx = OnnxGraphs.wrap(proto, mean, std, positiveIndex(model), spec).toByteArray();
        return new TrainedModel(spec, onnx, Sha256.hex(onnx), mean, std);
    }

    /** Tribuo orders features by name: zero-padded positions keep the spec's order. */
    static String[] featureNames(int f) {
        String[] names = new String[f];
        for (int i = 0; i < f; i++) names[i] = String.format("f%04d", i);
        return names;
    }

    private static int positiveIndex(Model<Label> model) {
        int id = model.getOutputIDInfo().getID(new Label("true"));
        if (id < 0) throw new IllegalArgumentException("the training data has no positive example");
        return id;
    }

    private static Trainer<Label> trainer(ModelSpec spec) {
        int epochs = (int) spec.hyper("epochs", 5);
        int minibatch = (int) spec.hyper("minibatch", 1);
        double lr = spec.hyper("learning_rate", 0.1);
        return switch (spec.algorithm()) {
            case LOGISTIC_SGD -> new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(lr, 0.1), epochs, -1, minibatch, spec.seed());
            case FACTORIZATION_MACHINE -> new FMClassificationTrainer(new LogMulticlass(), new AdaGrad(lr, 0.1), epochs, -1,
                    minibatch, spec.seed(), (int) spec.hyper("factors", 4), 0.1);
        };
    }
}
