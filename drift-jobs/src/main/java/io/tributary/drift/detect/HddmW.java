package io.tributary.drift.detect;

import java.io.Serializable;

/**
 * HDDM_W, the drift detector based on McDiarmid's bound with an EWMA as estimator (Frías-Blanco et al., IEEE TKDE
 * 2014), over values in [0, 1] (typically 0 = correct, 1 = error).
 *
 * <p>It compares the EWMA since a cut point with the EWMA at the cut point; a significant increase is a DRIFT (or
 * a WARNING at the looser confidence), after which it restarts. With {@code twoSided}, a significant decrease
 * restarts the statistics silently: MOA and river agree on that. Follows MOA's {@code HDDM_W_Test} exactly,
 * including its quirks (the decrease cut point starts at {@code Double.MIN_VALUE}; the value that triggered a
 * DRIFT seeds the next concept's decrease statistics), but keeps all statistics per instance where MOA shares
 * them between instances in static fields.
 */
public final class HddmW implements DriftDetector {
    private static final long serialVersionUID = 1L;

    private final double driftConfidence;
    private final double warningConfidence;
    private final double lambda;
    private final boolean twoSided;

    private Ewma total;
    private Ewma incrementBase;
    private Ewma incrementRecent;
    private Ewma decrementBase;
    private Ewma decrementRecent;
    private double incrementCut;
    private double decrementCut;

    /** One-sided HDDM_W with drift confidence 0.001, warning confidence 0.005 and lambda 0.05. */
    public HddmW() {
        this(0.001, 0.005, 0.05, false);
    }

    /**
     * @param driftConfidence confidence of the DRIFT test (MOA {@code -d})
     * @param warningConfidence confidence of the WARNING test (MOA {@code -w})
     * @param lambda EWMA weight of the newest value (MOA {@code -m}), in (0, 1]
     * @param twoSided also restart (silently) on a significant decrease (MOA {@code -t Two-sided})
     */
    public HddmW(double driftConfidence, double warningConfidence, double lambda, boolean twoSided) {
        this.driftConfidence = Checks.openUnit("driftConfidence", driftConfidence);
        this.warningConfidence = Checks.openUnit("warningConfidence", warningConfidence);
        if (!(lambda > 0 && lambda <= 1)) {
            throw new IllegalArgumentException("lambda must be in (0, 1], got " + lambda);
        }
        this.lambda = lambda;
        this.twoSided = twoSided;
        reset();
    }

    @Override
    public DetectorState update(double value) {
        total.add(value, lambda);
        DetectorState state;
        updateIncrement(value);
        if (increased(incrementBase, incrementRecent, driftConfidence)) {
            reset();
            state = DetectorState.DRIFT;
        } else if (increased(incrementBase, incrementRecent, warningConfidence)) {
            state = DetectorState.WARNING;
        } else {
            state = DetectorState.NONE;
        }
        // Runs after a DRIFT's reset too, as in MOA: it matters for the next concept.
        updateDecrement(value);
        if (twoSided && increased(decrementRecent, decrementBase, driftConfidence)) {
            reset();
            return DetectorState.NONE;
        }
        return state;
    }

    private double cutBound() {
        return Math.sqrt(total.boundSum * Math.log(1.0 / driftConfidence) / 2);
    }

    private void updateIncrement(double value) {
        double bound = cutBound();
        if (total.estimate + bound < incrementCut) {
            incrementCut = total.estimate + bound;
            incrementBase = total.copy();
            incrementRecent = new Ewma();
        } else {
            incrementRecent.add(value, lambda);
        }
    }

    private void updateDecrement(double value) {
        double bound = cutBound();
        if (total.estimate - bound > decrementCut) {
            decrementCut = total.estimate - bound;
            decrementBase = total.copy();
            decrementRecent = new Ewma();
        } else {
            decrementRecent.add(value, lambda);
        }
    }

    /** Whether {@code later} exceeds {@code earlier} significantly at {@code confidence}. */
    private static boolean increased(Ewma earlier, Ewma later, double confidence) {
        if (earlier.isEmpty() || later.isEmpty()) {
            return false;
        }
        double bound = Math.sqrt((earlier.boundSum + later.boundSum) * Math.log(1 / confidence) / 2);
        return later.estimate - earlier.estimate > bound;
    }

    @Override
    public void reset() {
        total = new Ewma();
        incrementBase = new Ewma();
        incrementRecent = new Ewma();
        decrementBase = new Ewma();
        decrementRecent = new Ewma();
        incrementCut = Double.MAX_VALUE;
        // MOA's value (the smallest positive double, not the most negative one); kept for identical detections.
        decrementCut = Double.MIN_VALUE;
    }

    @Override
    public String name() {
        return "hddm_w";
    }

    /** An EWMA and the sum of squared weights that bounds its deviation; a negative estimate means "no value yet". */
    private static final class Ewma implements Serializable {
        private static final long serialVersionUID = 1L;

        double estimate = -1.0;
        double boundSum;

        boolean isEmpty() {
            return estimate < 0;
        }

        void add(double value, double lambda) {
            double decay = 1.0 - lambda;
            if (isEmpty()) {
                estimate = value;
                boundSum = 1;
            } else {
                estimate = lambda * value + decay * estimate;
                boundSum = lambda * lambda + decay * decay * boundSum;
            }
        }

        Ewma copy() {
            Ewma copy = new Ewma();
            copy.estimate = estimate;
            copy.boundSum = boundSum;
            return copy;
        }
    }
}
