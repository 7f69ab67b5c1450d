package io.tributary.drift.detect;

/**
 * The Page-Hinkley test (Page, 1954) for a change in the mean of a real-valued stream.
 *
 * <p>It accumulates the deviations of each value from the running mean, minus a tolerance {@code delta} and with
 * a forgetting factor {@code alpha}, and signals a DRIFT when the sum reaches {@code threshold}; then it restarts.
 * It has no warning zone. The test starts once {@code minInstances - 1} values were seen (both references count
 * from 1).
 *
 * <p>The references differ, so the {@link Mode} chooses:
 * <ul>
 *   <li>{@link Mode#UP} (default): river's classic {@code PageHinkley}, the version whose tests pin [1020, 1991]
 *       on the golden stream s1: increases only, the sum is floored at 0, DRIFT when {@code sum >= threshold}.</li>
 *   <li>{@link Mode#DOWN} and {@link Mode#BOTH}: the same test on the mirrored deviations {@code mean - x}, and both
 *       tests at once. Our extension for score streams, which no reference pins (on s1, BOTH also fires on
 *       decreases). Current river's {@code mode="both"} is a different two-sided variant (running extremes
 *       instead of the floor) and is not reproduced.</li>
 *   <li>{@link Mode#MOA}: MOA's {@code PageHinkleyDM}: increases only, the sum is not floored, DRIFT when
 *       {@code sum > threshold}. On s1: [1025].</li>
 * </ul>
 */
public final class PageHinkley implements DriftDetector {
    private static final long serialVersionUID = 1L;

    /** Which changes are detected, and after which reference. */
    public enum Mode {
        /** Increases of the mean, river's classic test (default). */
        UP,
        /** Decreases of the mean, the mirror image of UP. */
        DOWN,
        /** UP and DOWN at once. */
        BOTH,
        /** Increases only, as MOA's {@code PageHinkleyDM}: the sum is not floored at 0. */
        MOA
    }

    private final int minInstances;
    private final double delta;
    private final double threshold;
    private final double alpha;
    private final Mode mode;

    private long n;
    private double mean;
    private double sumUp;
    private double sumDown;

    /** River's classic Page-Hinkley: 30 instances, delta 0.005, threshold 50, alpha 1 - 0.0001, increases. */
    public PageHinkley() {
        this(30, 0.005, 50, 1 - 0.0001, Mode.UP);
    }

    /**
     * @param minInstances the test starts once {@code minInstances - 1} values were seen
     * @param delta magnitude of change tolerated, in the values' unit
     * @param threshold alarm level of the cumulative deviation (lambda)
     * @param alpha forgetting factor of the cumulative sums, in (0, 1]
     * @param mode the directions and reference semantics, see the class comment
     */
    public PageHinkley(int minInstances, double delta, double threshold, double alpha, Mode mode) {
        this.minInstances = Checks.atLeast("minInstances", minInstances, 0);
        this.delta = Checks.nonNegative("delta", delta);
        this.threshold = Checks.positive("threshold", threshold);
        if (!(alpha > 0 && alpha <= 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1], got " + alpha);
        }
        this.alpha = alpha;
        if (mode == null) {
            throw new IllegalArgumentException("mode must not be null");
        }
        this.mode = mode;
        reset();
    }

    @Override
    public DetectorState update(double value) {
        n++;
        mean = mean + (value - mean) / n;
        boolean drift;
        if (mode == Mode.MOA) {
            sumUp = alpha * sumUp + (value - mean - delta);
            drift = tested() && sumUp > threshold;
        } else {
            sumUp = Math.max(0.0, alpha * sumUp + (value - mean - delta));
            sumDown = Math.max(0.0, alpha * sumDown + (mean - value - delta));
            boolean up = mode != Mode.DOWN && sumUp >= threshold;
            boolean down = mode != Mode.UP && sumDown >= threshold;
            drift = tested() && (up || down);
        }
        if (drift) {
            reset();
            return DetectorState.DRIFT;
        }
        return DetectorState.NONE;
    }

    private boolean tested() {
        return n + 1 >= minInstances;
    }

    @Override
    public void reset() {
        n = 0;
        mean = 0;
        sumUp = 0;
        sumDown = 0;
    }

    @Override
    public String name() {
        return "page_hinkley";
    }
}
