package io.tributary.inference.route;

import java.util.Arrays;
import java.util.Optional;

/**
 * Watches a canary against the champion on the same subtask: over the last {@code window} predictions of each, the
 * canary is rolled back when its error rate (scoring failures) exceeds the champion's by more than
 * {@code errorMargin}, or its p99 latency exceeds the champion's by more than the factor {@code 1 + latencyMargin}.
 * Nothing is judged before both have {@code minSamples} predictions.
 */
public final class CanaryGuard {
    private final int window;
    private final int minSamples;
    private final double errorMargin;
    private final double latencyMargin;
    private final Ring canary;
    private final Ring champion;

    public CanaryGuard(int window, int minSamples, double errorMargin, double latencyMargin) {
        this.window = window;
        this.minSamples = minSamples;
        this.errorMargin = errorMargin;
        this.latencyMargin = latencyMargin;
        this.canary = new Ring(window);
        this.champion = new Ring(window);
    }

    public void record(boolean isCanary, double latencyMs, boolean error) {
        (isCanary ? canary : champion).add(latencyMs, error);
    }

    /** Starts over (a new canary version). */
    public void reset() {
        canary.clear();
        champion.clear();
    }

    /** Why the canary should be rolled back, if it should. */
    public Optional<String> verdict() {
        if (canary.size < minSamples || champion.size < minSamples) return Optional.empty();
        double ce = canary.errorRate(), he = champion.errorRate();
        if (ce > he + errorMargin) {
            return Optional.of(String.format("canary error rate %.4f exceeds the champion's %.4f by more than %.4f (last %d predictions)",
                    ce, he, errorMargin, Math.min(window, canary.size)));
        }
        double cl = canary.p99(), hl = champion.p99();
        if (cl > hl * (1 + latencyMargin)) {
            return Optional.of(String.format("canary p99 latency %.2f ms exceeds the champion's %.2f ms by more than %.0f %% (last %d predictions)",
                    cl, hl, latencyMargin * 100, Math.min(window, canary.size)));
        }
        return Optional.empty();
    }

    private static final class Ring {
        final double[] latency;
        final boolean[] error;
        int size;
        int next;

        Ring(int n) {
            latency = new double[n];
            error = new boolean[n];
        }

        void add(double l, boolean e) {
            latency[next] = l;
            error[next] = e;
            next = (next + 1) % latency.length;
            size = Math.min(size + 1, latency.length);
        }

        void clear() { size = 0; next = 0; }

        double errorRate() {
            int n = 0;
            for (int i = 0; i < size; i++) if (error[i]) n++;
            return n / (double) size;
        }

        double p99() {
            double[] s = Arrays.copyOf(latency, size);
            Arrays.sort(s);
            return s[Math.min(size - 1, (int) Math.ceil(0.99 * size) - 1)];
        }
    }
}
