package io.tributary.training.gate;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether a candidate may be registered: absolute thresholds, and no regression against the current
 * champion beyond a margin, both measured on the same holdout.
 */
public record ValidationGate(double minAuc, double maxLogLoss, double maxAucRegression) implements java.io.Serializable {

    /** The verdict, with every reason a candidate failed. */
    public record Verdict(boolean passed, List<String> reasons) {
        public String summary() { return passed ? "passed" : String.join("; ", reasons); }
    }

    public Verdict judge(Metrics candidate, Optional<Metrics> champion) {
        List<String> reasons = new ArrayList<>();
        if (Double.isNaN(candidate.auc())) reasons.add("AUC undefined: the holdout has a single class");
        else if (candidate.auc() < minAuc) reasons.add(String.format("AUC %.4f below the minimum %.4f", candidate.auc(), minAuc));
        if (candidate.logLoss() > maxLogLoss) {
            reasons.add(String.format("log loss %.4f above the maximum %.4f", candidate.logLoss(), maxLogLoss));
        }
        champion.ifPresent(c -> {
            if (!Double.isNaN(c.auc()) && candidate.auc() < c.auc() - maxAucRegression) {
                reasons.add(String.format("AUC %.4f regresses from the champion's %.4f by more than %.4f",
                        candidate.auc(), c.auc(), maxAucRegression));
            }
        });
        return new Verdict(reasons.isEmpty(), reasons);
    }
}
