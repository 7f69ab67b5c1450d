package io.tributary.training.gate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Holdout metrics of a model: AUC, log loss, accuracy at 0.5, and calibration (expected calibration error over ten
 * equal-width bins, and the Brier score).
 */
public record Metrics(long n, double auc, double logLoss, double accuracy, double calibrationError, double brier) {
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n);
        m.put("auc", auc);
        m.put("log_loss", logLoss);
        m.put("accuracy", accuracy);
        m.put("calibration_error", calibrationError);
        m.put("brier", brier);
        return m;
    }

    /** Metrics of predicted probabilities against labels. */
    public static Metrics of(double[] p, boolean[] y) {
        int n = p.length;
        if (n == 0) throw new IllegalArgumentException("no holdout examples to evaluate on");
        double logLoss = 0, brier = 0;
        int correct = 0;
        double[] binP = new double[10], binY = new double[10];
        int[] binN = new int[10];
        for (int i = 0; i < n; i++) {
            double q = Math.min(Math.max(p[i], 1e-15), 1 - 1e-15);
            logLoss -= y[i] ? Math.log(q) : Math.log(1 - q);
            brier += Math.pow(p[i] - (y[i] ? 1 : 0), 2);
            if ((p[i] >= 0.5) == y[i]) correct++;
            int b = Math.min(9, (int) (p[i] * 10));
            binP[b] += p[i];
            binY[b] += y[i] ? 1 : 0;
            binN[b]++;
        }
        double ece = 0;
        for (int b = 0; b < 10; b++) if (binN[b] > 0) ece += Math.abs(binP[b] - binY[b]) / n;
        return new Metrics(n, auc(p, y), logLoss / n, correct / (double) n, ece, brier / n);
    }

    static double auc(double[] p, boolean[] y) { return io.tributary.core.metrics.Auc.of(p, y); }
}
