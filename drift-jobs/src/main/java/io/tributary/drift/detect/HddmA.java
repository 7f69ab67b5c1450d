package io.tributary.drift.detect;

/**
 * HDDM_A, the drift detector based on Hoeffding's bound with the moving average as estimator (Frías-Blanco et al.,
 * IEEE TKDE 2014), over values in [0, 1] (typically 0 = correct, 1 = error).
 *
 * <p>It compares the mean since a cut point with the overall mean; a significant increase is a DRIFT (or a WARNING
 * at the looser confidence), after which it restarts. Follows MOA's {@code HDDM_A_Test} exactly.
 *
 * <p>Semantics of the two-sided test differ between the references, and this class follows MOA by default: a
 * significant <em>decrease</em> restarts the statistics silently (errors going down is not an alarm), so on the
 * golden stream s3 it reports [531, 1545]. With {@code signalDecrease} a decrease is a DRIFT too (and a WARNING at
 * the warning confidence), as river's {@code HDDM_A(two_sided_test=True)}: [531, 1015, 1545]. Note that MOA's own
 * default is two-sided, ours (like river's) is one-sided.
 */
public final class HddmA implements DriftDetector {
    private static final long serialVersionUID = 1L;

    private final double driftConfidence;
    private final double warningConfidence;
    private final boolean twoSided;
    private final boolean signalDecrease;

    // Sums and counts (not means) so that the cut points compare exactly as MOA does.
    private long totalN;
    private double totalC;
    private long nMin;
    private double cMin;
    private long nMax;
    private double cMax;

    /** One-sided HDDM_A with drift confidence 0.001 and warning confidence 0.005. */
    public HddmA() {
        this(0.001, 0.005, false, false);
    }

    /**
     * @param driftConfidence confidence of the DRIFT test (MOA {@code -d})
     * @param warningConfidence confidence of the WARNING test (MOA {@code -w}), usually larger than driftConfidence
     * @param twoSided also watch for decreases (MOA {@code -t Two-sided})
     * @param signalDecrease with twoSided, report a decrease as DRIFT/WARNING (river) instead of restarting silently
     *     (MOA); must be false when twoSided is false
     */
    public HddmA(double driftConfidence, double warningConfidence, boolean twoSided, boolean signalDecrease) {
        this.driftConfidence = Checks.openUnit("driftConfidence", driftConfidence);
        this.warningConfidence = Checks.openUnit("warningConfidence", warningConfidence);
        if (signalDecrease && !twoSided) {
            throw new IllegalArgumentException("signalDecrease needs twoSided=true");
        }
        this.twoSided = twoSided;
        this.signalDecrease = signalDecrease;
        reset();
    }

    @Override
    public DetectorState update(double value) {
        totalN++;
        totalC += value;
        if (nMin == 0) {
            nMin = totalN;
            cMin = totalC;
        }
        if (nMax == 0) {
            nMax = totalN;
            cMax = totalC;
        }
        double totalBound = bound(totalN);
        if (cMin / nMin + bound(nMin) >= totalC / totalN + totalBound) {
            cMin = totalC;
            nMin = totalN;
        }
        if (cMax / nMax - bound(nMax) <= totalC / totalN - totalBound) {
            cMax = totalC;
            nMax = totalN;
        }
        if (shifted(cMin, nMin, driftConfidence, true)) {
            reset();
            return DetectorState.DRIFT;
        }
        DetectorState state = shifted(cMin, nMin, warningConfidence, true) ? DetectorState.WARNING : DetectorState.NONE;
        if (twoSided && shifted(cMax, nMax, driftConfidence, false)) {
            reset();
            return signalDecrease ? DetectorState.DRIFT : state;
        }
        if (signalDecrease && shifted(cMax, nMax, warningConfidence, false)) {
            return DetectorState.WARNING;
        }
        return state;
    }

    private double bound(long n) {
        return Math.sqrt(1.0 / (2 * n) * Math.log(1.0 / driftConfidence));
    }

    /** Whether the mean since the cut point ({@code c}, {@code n}) rose (or fell) significantly at {@code confidence}. */
    private boolean shifted(double c, long n, double confidence, boolean increase) {
        if (n == totalN) {
            return false;
        }
        double m = (double) (totalN - n) / n * (1.0 / totalN);
        double epsilon = Math.sqrt(m / 2 * Math.log(2.0 / confidence));
        double difference = increase ? totalC / totalN - c / n : c / n - totalC / totalN;
        return difference >= epsilon;
    }

    @Override
    public void reset() {
        totalN = 0;
        totalC = 0;
        nMin = 0;
        cMin = 0;
        nMax = 0;
        cMax = 0;
    }

    @Override
    public String name() {
        return "hddm_a";
    }
}
