package io.tributary.drift.detect;

/**
 * EDDM, the Early Drift Detection Method (Baena-García et al., 2006), over an error stream where exactly
 * {@code 1.0} is an error and anything else is a correct prediction.
 *
 * <p>Tracks the mean and standard deviation of the distance between consecutive errors, remembers the maximum of
 * {@code mean + 2 std}, and warns when the current value falls below 95% of it, drifts below 90%, once more than
 * 30 values and 30 errors were seen. Matches MOA's {@code EDDM} (and river's) exactly, including that a WARNING
 * persists over correct predictions until the next error re-evaluates it. It has no parameters, as in MOA.
 */
public final class Eddm implements DriftDetector {
    private static final long serialVersionUID = 1L;

    private static final double DRIFT_RATIO = 0.9;
    private static final double WARNING_RATIO = 0.95;
    private static final int MIN_INSTANCES = 30;
    private static final int MIN_ERRORS = 30;

    private long n;
    private double numErrors;
    private long lastErrorAt;
    private long previousErrorAt;
    private double mean;
    private double m2;
    private double m2sMax;
    // Only an error re-evaluates the zone, so it is state, not a function of this value.
    private boolean warning;

    /** EDDM with the fixed thresholds of the paper and MOA. */
    public Eddm() {
        reset();
    }

    @Override
    public DetectorState update(double value) {
        n++;
        if (value != 1.0) {
            return warning ? DetectorState.WARNING : DetectorState.NONE;
        }
        warning = false;
        numErrors += 1;
        previousErrorAt = lastErrorAt;
        lastErrorAt = n - 1;
        long distance = lastErrorAt - previousErrorAt;
        double oldMean = mean;
        mean = mean + ((double) distance - mean) / numErrors;
        m2 = m2 + (distance - mean) * (distance - oldMean);
        double m2s = mean + 2 * Math.sqrt(m2 / numErrors);
        if (m2s > m2sMax) {
            if (n > MIN_INSTANCES) {
                m2sMax = m2s;
            }
            return DetectorState.NONE;
        }
        double ratio = m2s / m2sMax;
        boolean tested = n > MIN_INSTANCES && numErrors > MIN_ERRORS;
        if (tested && ratio < DRIFT_RATIO) {
            reset();
            return DetectorState.DRIFT;
        }
        warning = tested && ratio < WARNING_RATIO;
        return warning ? DetectorState.WARNING : DetectorState.NONE;
    }

    @Override
    public void reset() {
        n = 1;
        numErrors = 0;
        lastErrorAt = 0;
        previousErrorAt = 0;
        mean = 0;
        m2 = 0;
        m2sMax = 0;
        warning = false;
    }

    @Override
    public String name() {
        return "eddm";
    }
}
