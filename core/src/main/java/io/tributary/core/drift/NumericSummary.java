package io.tributary.core.drift;

import java.util.Arrays;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.DoublesSketchSortedView;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * The distribution of one numeric feature (or the score) in a {@link Profile}: a DataSketches KLL sketch of its
 * finite values plus the number of missing ones. NaN and the infinities count as missing: they have no place in a
 * quantile sketch, and a feature that starts arriving as NaN or infinite must show up as drift (PSI's missing bin).
 *
 * <p>Read-only from outside the package: values go in through {@link Profile#add(String, double)}. Not thread-safe.
 */
public final class NumericSummary {
    // INCLUSIVE everywhere: rank(x) = fraction of values <= x, quantile(r) = smallest value whose rank is >= r.
    private static final QuantileSearchCriteria LE = QuantileSearchCriteria.INCLUSIVE;

    private final KllDoublesSketch sketch;
    private long missing;

    NumericSummary(int k) {
        this(KllDoublesSketch.newHeapInstance(k), 0);
    }

    private NumericSummary(KllDoublesSketch sketch, long missing) {
        this.sketch = sketch;
        this.missing = missing;
    }

    void add(double value) {
        if (Double.isFinite(value)) {
            sketch.update(value);
        } else {
            missing++;
        }
    }

    void addMissing() {
        missing++;
    }

    void merge(NumericSummary other) {
        sketch.merge(other.sketch);
        missing += other.missing;
    }

    NumericSummary copy() {
        return fromBytes(sketchBytes(), missing);
    }

    byte[] sketchBytes() {
        return sketch.toByteArray();
    }

    static NumericSummary fromBytes(byte[] sketchBytes, long missing) {
        return new NumericSummary(KllDoublesSketch.heapify(Memory.wrap(sketchBytes)), missing);
    }

    /** All values seen: finite ones plus missing ones. */
    public long count() {
        return sketch.getN() + missing;
    }

    /** The number of finite values (those in the sketch). */
    public long present() {
        return sketch.getN();
    }

    /** The number of missing values: NaN, infinite, or added as missing. */
    public long missing() {
        return missing;
    }

    /** The sketch's accuracy parameter k (the smallest one merged in). */
    public int k() {
        return sketch.getK();
    }

    /** True while the sketch still holds every value it was given (no compaction yet): its ranks are exact. */
    public boolean isExact() {
        return !sketch.isEstimationMode();
    }

    /**
     * The a-priori bound on the sketch's normalized rank error (99% confidence, for every rank at once, as
     * DataSketches measures it): {@code KllSketch.getNormalizedRankError(false)}, about 0.0133 at k = 200; 0 when
     * the sketch {@linkplain #isExact() is exact}.
     */
    public double rankError() {
        return isExact() ? 0.0 : sketch.getNormalizedRankError(false);
    }

    /** The smallest finite value x such that the fraction of finite values {@code <= x} is {@code >= rank}. */
    public double quantile(double rank) {
        requireValues();
        return sketch.getQuantile(rank, LE);
    }

    /** {@link #quantile(double)} for each rank. */
    public double[] quantiles(double[] ranks) {
        requireValues();
        return sketch.getQuantiles(ranks, LE);
    }

    /**
     * The empirical CDF of the finite values at strictly increasing split points: element i is the fraction of
     * finite values {@code <= splitPoints[i]}; one more element, 1.0, ends the array.
     */
    public double[] cdf(double[] splitPoints) {
        requireValues();
        if (splitPoints.length == 0) {
            return new double[] {1.0};
        }
        return sketch.getCDF(splitPoints, LE);
    }

    /**
     * The population standard deviation (divisor n) of the finite values as the sketch holds them: of its retained
     * values, each weighted by the number of values it stands for, the distribution its {@link #cdf} describes. Exact
     * while the sketch {@linkplain #isExact() is exact}; 0 exactly when all finite values are equal (the sketch keeps
     * the minimum and the maximum exactly, with a weight of at least 1 each).
     */
    public double standardDeviation() {
        requireValues();
        double min = sketch.getMinItem();
        double max = sketch.getMaxItem();
        if (min == max) {
            return 0.0;
        }
        // Scaled by the largest magnitude: squares of values beyond 1e154 (sentinels such as Double.MAX_VALUE) would
        // overflow to infinity, and the result is finite and at most that magnitude anyway.
        double scale = Math.max(Math.abs(min), Math.abs(max));
        DoublesSketchSortedView view = sketch.getSortedView();
        double[] values = view.getQuantiles();
        long[] cumulativeWeights = view.getCumulativeWeights();
        double n = sketch.getN();
        double mean = 0;
        long below = 0;
        for (int i = 0; i < values.length; i++) {
            mean += (cumulativeWeights[i] - below) * (values[i] / scale);
            below = cumulativeWeights[i];
        }
        mean /= n;
        double sumOfSquares = 0;
        below = 0;
        for (int i = 0; i < values.length; i++) {
            double deviation = values[i] / scale - mean;
            sumOfSquares += (cumulativeWeights[i] - below) * deviation * deviation;
            below = cumulativeWeights[i];
        }
        return scale * Math.sqrt(sumOfSquares / n);
    }

    /**
     * The sketch's retained values, sorted ascending and distinct by value (-0.0 and 0.0 are one): where its CDF
     * steps, and valid split points for {@link #cdf}.
     */
    public double[] retainedValues() {
        if (sketch.isEmpty()) {
            return new double[0];
        }
        double[] values = sketch.getSortedView().getQuantiles();
        int distinct = 0;
        for (double x : values) {
            if (distinct == 0 || x > values[distinct - 1]) {
                values[distinct++] = x;
            }
        }
        return Arrays.copyOf(values, distinct);
    }

    private void requireValues() {
        if (sketch.isEmpty()) {
            throw new IllegalStateException("no finite values: the distribution is undefined");
        }
    }

    @Override
    public String toString() {
        return "NumericSummary{n=" + present() + ", missing=" + missing + ", k=" + k() + ", exact=" + isExact() + "}";
    }
}
