package io.tributary.training.model;

import io.tributary.core.event.Sha256;
import io.tributary.core.models.OnnxModels;
import io.tributary.training.gate.Metrics;
import io.tributary.training.gate.OnnxScorer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class TribuoTrainerTest {
    /** label = x0 - 2 x1 + noise > 0, with features on very different scales (standardization matters). */
    static List<Example> linear(int n, long seed) {
        Random r = new Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x0 = r.nextGaussian() * 100 + 500, x1 = r.nextGaussian() * 0.01, x2 = r.nextGaussian();
            boolean y = (x0 - 500) / 100 - 2 * x1 / 0.01 + r.nextGaussian() * 0.3 > 0;
            out.add(new Example(new double[] {x0, x1, x2}, y, i));
        }
        return out;
    }

    /** label = x0 * x1 > 0: no linear model can separate it; a factorization machine can. */
    static List<Example> xor(int n, long seed) {
        Random r = new Random(seed);
        List<Example> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double x0 = r.nextGaussian(), x1 = r.nextGaussian();
            out.add(new Example(new double[] {x0, x1}, x0 * x1 > 0, i));
        }
        return out;
    }

    static ModelSpec spec(ModelSpec.Algorithm a, List<String> features, long seed) {
        return new ModelSpec("m", features, a, Map.of("epochs", 5.0, "learning_rate", 0.1, "factors", 4.0), true, seed);
    }

    @Test
    void logisticRegressionLearnsAndTheExportIsSelfContained() {
        TrainedModel m = TribuoTrainer.train(spec(ModelSpec.Algorithm.LOGISTIC_SGD, List.of("a", "b", "c"), 7), linear(4000, 1));
        // raw features in, standardization inside the graph: AUC on raw holdout features
        Metrics holdout = OnnxScorer.evaluate(m.onnx(), linear(2000, 2));
        assertThat(holdout.auc()).isGreaterThan(0.95);
        assertThat(holdout.accuracy()).isGreaterThan(0.85);
        assertThat(OnnxModels.inputs(m.onnx())).singleElement().satisfies(i -> {
            assertThat(i.name()).isEqualTo("features");
            assertThat(i.shape()).containsExactly(-1, 3);
        });
        assertThat(OnnxModels.checkSignature(m.onnx(), List.of("a", "b", "c"))).hasSize(1);
        assertThat(m.sha256()).isEqualTo(Sha256.hex(m.onnx()));
    }

    @Test
    void missingValuesAreFilledInsideTheGraphAsInTraining() {
        TrainedModel m = TribuoTrainer.train(spec(ModelSpec.Algorithm.LOGISTIC_SGD, List.of("a", "b", "c"), 7), linear(2000, 1));
        double[] mean = m.means();
        List<Example> withNaN = List.of(new Example(new double[] {Double.NaN, 0.0, 0.0}, true, 0));
        List<Example> withMean = List.of(new Example(new double[] {mean[0], 0.0, 0.0}, true, 0));
        double p = OnnxScorer.score(m.onnx(), withNaN)[0];
        assertThat(p).isNotNaN().isEqualTo(OnnxScorer.score(m.onnx(), withMean)[0]);
    }

    @Test
    void trainingIsDeterministicForTheSameDataAndSeed() {
        List<Example> data = linear(2000, 3);
        TrainedModel a = TribuoTrainer.train(spec(ModelSpec.Algorithm.LOGISTIC_SGD, List.of("a", "b", "c"), 11), data);
        TrainedModel b = TribuoTrainer.train(spec(ModelSpec.Algorithm.LOGISTIC_SGD, List.of("a", "b", "c"), 11), data);
        TrainedModel c = TribuoTrainer.train(spec(ModelSpec.Algorithm.LOGISTIC_SGD, List.of("a", "b", "c"), 12), data);
        assertThat(a.sha256()).isEqualTo(b.sha256());
        assertThat(c.sha256()).isNotEqualTo(a.sha256());
        TrainedModel fm1 = TribuoTrainer.train(spec(ModelSpec.Algorithm.FACTORIZATION_MACHINE, List.of("a", "b"), 5), xor(2000, 4));
        TrainedModel fm2 = TribuoTrainer.train(spec(ModelSpec.Algorithm.FACTORIZATION_MACHINE, List.of("a", "b"), 5), xor(2000, 4));
        assertThat(fm1.sha256()).isEqualTo(fm2.sha256());
    }

    @Test
    void aFactorizationMachineLearnsWhatALinearModelCannot() {
        List<Example> train = xor(6000, 5);
        List<Example> test = xor(2000, 6);
        double linear = OnnxScorer.evaluate(TribuoTrainer.train(spec(ModelSpec.Algorithm.LOGISTIC_SGD, List.of("a", "b"), 1), train).onnx(), test).auc();
        double fm = OnnxScorer.evaluate(TribuoTrainer.train(spec(ModelSpec.Algorithm.FACTORIZATION_MACHINE, List.of("a", "b"), 1), train).onnx(), test).auc();
        assertThat(linear).isBetween(0.35, 0.65);
        assertThat(fm).isGreaterThan(0.85);
    }
}
