package io.tributary.core.metrics;

import java.util.Arrays;

/** ROC AUC, shared by the validation gate, the A/B analysis and the quality reports. */
public final class Auc {
    private Auc() {}

    /** ROC AUC as the Mann-Whitney statistic, ties counting one half; NaN without both classes. */
    public static double of(double[] p, boolean[] y) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(p[a], p[b]));
        double rankSumPos = 0;
        long pos = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j + 1 < order.length && p[order[j + 1]] == p[order[i]]) j++;
            double rank = (i + j) / 2.0 + 1;
            for (int k = i; k <= j; k++) if (y[order[k]]) { rankSumPos += rank; pos++; }
            i = j + 1;
        }
        long neg = p.length - pos;
        if (pos == 0 || neg == 0) return Double.NaN;
        return (rankSumPos - pos * (pos + 1) / 2.0) / (pos * (double) neg);
    }
}
