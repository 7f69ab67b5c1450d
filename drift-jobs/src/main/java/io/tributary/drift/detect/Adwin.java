package io.tributary.drift.detect;

import java.io.Serializable;
import java.util.ArrayList;

/**
 * ADWIN, the ADaptive WINdowing change detector (Bifet and Gavaldà, SDM 2007), for real-valued streams.
 *
 * <p>It keeps a window of recent values, compressed into an exponential histogram of buckets, and drops its oldest
 * part whenever two sub-windows have means that differ more than the bound allowed by {@code delta}. Every such cut
 * is a change. It never restarts: the window just shrinks. It has no warning zone.
 *
 * <p>It follows MOA's {@code ADWIN} exactly: the window is checked for cuts only every {@code clock} values (32), once
 * it holds more than 10 values, and sub-windows must hold more than 6 values. Which cuts are reported is set by
 * {@link Direction}: {@link Direction#BOTH} (default) reports every cut, like raw ADWIN and river;
 * {@link Direction#UP} reports a cut only when the window mean after it is above the mean before this value, which
 * is MOA's {@code ADWINChangeDetector}; {@link Direction#DOWN} is the mirror image. On the golden stream s1 both
 * BOTH and UP report [1023, 1055].
 *
 * <p>One deliberate difference from MOA: bucket sizes are multiplied in double arithmetic where MOA overflows
 * {@code int} for windows beyond about 65,000 values; below that the results are bit-identical.
 */
public final class Adwin implements DriftDetector {
    private static final long serialVersionUID = 1L;

    /** Which cuts of the window are reported as DRIFT. */
    public enum Direction {
        /** Every cut (default). */
        BOTH,
        /** Cuts that raised the mean: MOA's {@code ADWINChangeDetector}. */
        UP,
        /** Cuts that lowered the mean. */
        DOWN
    }

    private static final int MAX_BUCKETS_PER_ROW = 5;
    private static final int MIN_SUB_WINDOW = 5;
    private static final int MIN_WINDOW_TO_CHECK = 10;

    private final double delta;
    private final int clock;
    private final Direction direction;

    private long time;
    private int width;
    private double total;
    private double variance;
    // rows.get(i) holds buckets of 2^i values, oldest first; row 0 holds the newest values.
    private ArrayList<Row> rows;

    /** ADWIN with delta 0.002, checked every 32 values, reporting cuts in both directions. */
    public Adwin() {
        this(0.002, 32, Direction.BOTH);
    }

    /**
     * @param delta confidence of the cut test, in (0, 1); smaller means fewer, later detections
     * @param clock check for cuts every {@code clock} values (1 checks after every value)
     * @param direction which cuts are reported, see {@link Direction}
     */
    public Adwin(double delta, int clock, Direction direction) {
        this.delta = Checks.openUnit("delta", delta);
        this.clock = Checks.atLeast("clock", clock, 1);
        if (direction == null) {
            throw new IllegalArgumentException("direction must not be null");
        }
        this.direction = direction;
        reset();
    }

    /** MOA's {@code ADWINChangeDetector} with the given delta: clock 32, increases only. */
    public static Adwin moa(double delta) {
        return new Adwin(delta, 32, Direction.UP);
    }

    @Override
    public DetectorState update(double value) {
        double before = mean();
        insert(value);
        time++;
        if (time % clock != 0 || width <= MIN_WINDOW_TO_CHECK || !shrink()) {
            return DetectorState.NONE;
        }
        boolean reported = switch (direction) {
            case BOTH -> true;
            case UP -> mean() > before;
            case DOWN -> mean() < before;
        };
        return reported ? DetectorState.DRIFT : DetectorState.NONE;
    }

    /** The mean of the current window, NaN when empty. */
    public double mean() {
        return total / width;
    }

    /** The number of values in the current window. */
    public int width() {
        return width;
    }

    private void insert(double value) {
        width++;
        rows.get(0).add(value, 0);
        if (width > 1) {
            variance += (width - 1) * (value - total / (width - 1)) * (value - total / (width - 1)) / width;
        }
        total += value;
        compress();
    }

    /** Merges the two oldest buckets of every full row into one of the next row. */
    private void compress() {
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.size <= MAX_BUCKETS_PER_ROW) {
                return;
            }
            if (i + 1 == rows.size()) {
                rows.add(new Row());
            }
            Row next = rows.get(i + 1);
            double size = 1 << i;
            double u1 = row.totals[0] / size;
            double u2 = row.totals[1] / size;
            double merged = size * size * (u1 - u2) * (u1 - u2) / (size + size);
            next.add(row.totals[0] + row.totals[1], row.variances[0] + row.variances[1] + merged);
            row.removeOldest(2);
            if (next.size <= MAX_BUCKETS_PER_ROW) {
                return;
            }
        }
    }

    /** Drops the oldest bucket while some split of the window shows a change; returns whether it dropped any. */
    private boolean shrink() {
        boolean changed = false;
        boolean again = true;
        while (again) {
            again = false;
            int n0 = 0;
            int n1 = width;
            double u0 = 0;
            double u1 = total;
            scan:
            for (int i = rows.size() - 1; i >= 0; i--) {
                Row row = rows.get(i);
                int size = 1 << i;
                for (int k = 0; k < row.size; k++) {
                    n0 += size;
                    n1 -= size;
                    u0 += row.totals[k];
                    u1 -= row.totals[k];
                    if (i == 0 && k == row.size - 1) {
                        break scan;
                    }
                    if (n1 > MIN_SUB_WINDOW + 1 && n0 > MIN_SUB_WINDOW + 1 && cut(n0, n1, u0 / n0 - u1 / n1)) {
                        changed = true;
                        again = true;
                        dropOldest();
                        break scan;
                    }
                }
            }
        }
        return changed;
    }

    private boolean cut(int n0, int n1, double meanDifference) {
        double dd = Math.log(2 * Math.log(width) / delta);
        double v = variance / width;
        double m = 1.0 / (n0 - MIN_SUB_WINDOW + 1) + 1.0 / (n1 - MIN_SUB_WINDOW + 1);
        double epsilon = Math.sqrt(2 * m * v * dd) + 2.0 / 3 * dd * m;
        return Math.abs(meanDifference) > epsilon;
    }

    private void dropOldest() {
        int last = rows.size() - 1;
        Row tail = rows.get(last);
        int size = 1 << last;
        width -= size;
        total -= tail.totals[0];
        double u = tail.totals[0] / size;
        variance -= tail.variances[0] + (double) size * width * (u - total / width) * (u - total / width) / (size + width);
        tail.removeOldest(1);
        if (tail.size == 0) {
            rows.remove(last);
        }
    }

    @Override
    public void reset() {
        time = 0;
        width = 0;
        total = 0;
        variance = 0;
        rows = new ArrayList<>();
        rows.add(new Row());
    }

    @Override
    public String name() {
        return "adwin";
    }

    /** The buckets of one size: their totals and variances (sum of squared deviations), oldest first. */
    private static final class Row implements Serializable {
        private static final long serialVersionUID = 1L;

        int size;
        final double[] totals = new double[MAX_BUCKETS_PER_ROW + 1];
        final double[] variances = new double[MAX_BUCKETS_PER_ROW + 1];

        void add(double bucketTotal, double bucketVariance) {
            totals[size] = bucketTotal;
            variances[size] = bucketVariance;
            size++;
        }

        void removeOldest(int count) {
            System.arraycopy(totals, count, totals, 0, totals.length - count);
            System.arraycopy(variances, count, variances, 0, variances.length - count);
            for (int k = totals.length - count; k < totals.length; k++) {
                totals[k] = 0;
                variances[k] = 0;
            }
            size -= count;
        }
    }
}
