package io.tributary.drift.detect;

/**
 * DDM, the Drift Detection Method (Gama et al., SBIA 2004), over an error stream of 0 (correct) and 1 (error).
 *
 * <p>Tracks the running error rate {@code p} and its standard deviation {@code s = sqrt(p(1-p)/n)}, remembers the
 * minimum of {@code p + s}, and warns when {@code p + s > p_min + warningLevel * s_min}, drifts when
 * {@code p + s > p_min + driftLevel * s_min}. Matches MOA's {@code DDM} (and river's, which agrees) exactly,
 * including its counting: the tests start once {@code minInstances - 1} values were seen.
 */
public final class Ddm implements DriftDetector, LeveledDetector {
    private static final long serialVersionUID = 1L;

    private final int minInstances;
    private final double warningLevel;
    private final double driftLevel;

    // MOA's counter starts at 1 and the rate at 1: the first value overwrites it.
    private long n;
    private double p;
    private double s;
    private double psMin;
    private double pMin;
    private double sMin;
    // what the last test compared; kept across the reset a drift signal triggers (see LeveledDetector)
    private double lastStatistic = Double.NaN;
    private double lastWarningLevel = Double.NaN;
    private double lastDriftLevel = Double.NaN;

    /** DDM with MOA's defaults: 30 instances, warning at 2 and drift at 3 standard deviations. */
    public Ddm() {
        this(30, 2.0, 3.0);
    }

    /**
     * @param minInstances values to see before testing (MOA {@code -n})
     * @param warningLevel standard deviations above the minimum that mean WARNING (MOA {@code -w})
     * @param driftLevel standard deviations above the minimum that mean DRIFT (MOA {@code -o}), {@code >= warningLevel}
     */
    public Ddm(int minInstances, double warningLevel, double driftLevel) {
        this.minInstances = Checks.atLeast("minInstances", minInstances, 0);
        this.warningLevel = Checks.positive("warningLevel", warningLevel);
        this.driftLevel = Checks.positive("driftLevel", driftLevel);
        if (driftLevel < warningLevel) {
            throw new IllegalArgumentException(
                    "driftLevel must be >= warningLevel, got driftLevel " + driftLevel + " < warningLevel " + warningLevel);
        }
        reset();
    }

    @Override
    public DetectorState update(double value) {
        p = p + (value - p) / (double) n;
        s = Math.sqrt(p * (1 - p) / (double) n);
        n++;
        if (n < minInstances) {
            return DetectorState.NONE;
        }
        if (p + s <= psMin) {
            pMin = p;
            sMin = s;
            psMin = p + s;
        }
        lastStatistic = p + s;
        lastWarningLevel = pMin + warningLevel * sMin;
        lastDriftLevel = pMin + driftLevel * sMin;
        if (n > minInstances && p + s > pMin + driftLevel * sMin) {
            reset();
            return DetectorState.DRIFT;
        }
        return p + s > pMin + warningLevel * sMin ? DetectorState.WARNING : DetectorState.NONE;
    }

    @Override
    public void reset() {
        n = 1;
        p = 1;
        s = 0;
        psMin = Double.MAX_VALUE;
        pMin = Double.MAX_VALUE;
        sMin = Double.MAX_VALUE;
    }

    @Override
    public double lastStatistic() { return lastStatistic; }

    @Override
    public double lastWarningLevel() { return lastWarningLevel; }

    @Override
    public double lastDriftLevel() { return lastDriftLevel; }

    @Override
    public String name() {
        return "ddm";
    }
}
