package io.tributary.features.aggregate;

import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.apache.datasketches.hll.Union;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.memory.WritableMemory;

/** The {@link Aggregator} of each {@link Aggregation}. */
public final class Aggregators {
    /** HLL precision: 2^11 registers, ~2.3 % relative standard error, ~2 KiB of state per window and key. */
    public static final int HLL_LG_K = 11;

    private Aggregators() {}

    public static Aggregator<?> of(Aggregation a) {
        return switch (a) {
            case COUNT -> new Count();
            case SUM -> new Sum();
            case AVG -> new Avg();
            case MIN -> new Extreme(true);
            case MAX -> new Extreme(false);
            case STDDEV -> new StdDev();
            case DISTINCT_COUNT -> new DistinctCount();
            case LAST -> new Last();
            case RATE -> new Rate();
        };
    }

    /** Updates a LAST aggregator's IR with a value and its event time. */
    public static Object updateLast(Aggregator<?> last, Object ir, Object value, long eventTime) {
        return ((Last) last).updateAt((Object[]) ir, value, eventTime);
    }

    /** A numeric input as a double; booleans count as 1/0. Callers validate inputs before aggregation. */
    public static double asDouble(Object v) {
        if (v instanceof Number n) return n.doubleValue();
        if (v instanceof Boolean b) return b ? 1.0 : 0.0;
        if (v instanceof String s) return Double.parseDouble(s);
        throw new IllegalArgumentException("not a number: " + v);
    }

    static final class Count implements Aggregator<long[]> {
        public long[] init() { return new long[1]; }
        public long[] update(long[] ir, Object v) { ir[0]++; return ir; }
        public long[] merge(long[] a, long[] b) { a[0] += b[0]; return a; }
        public Object finish(long[] ir) { return ir[0]; }
    }

    /** IR: {sum, count}. */
    static final class Sum implements Aggregator<double[]> {
        public double[] init() { return new double[2]; }
        public double[] update(double[] ir, Object v) { ir[0] += asDouble(v); ir[1]++; return ir; }
        public double[] merge(double[] a, double[] b) { a[0] += b[0]; a[1] += b[1]; return a; }
        public Object finish(double[] ir) { return ir[1] == 0 ? null : ir[0]; }
    }

    /** IR: {sum, count}. */
    static final class Avg implements Aggregator<double[]> {
        public double[] init() { return new double[2]; }
        public double[] update(double[] ir, Object v) { ir[0] += asDouble(v); ir[1]++; return ir; }
        public double[] merge(double[] a, double[] b) { a[0] += b[0]; a[1] += b[1]; return a; }
        public Object finish(double[] ir) { return ir[1] == 0 ? null : ir[0] / ir[1]; }
    }

    /** IR: {extreme, count}. */
    static final class Extreme implements Aggregator<double[]> {
        private final boolean min;
        Extreme(boolean min) { this.min = min; }
        public double[] init() { return new double[] {min ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY, 0}; }
        public double[] update(double[] ir, Object v) {
            double d = asDouble(v);
            ir[0] = min ? Math.min(ir[0], d) : Math.max(ir[0], d);
            ir[1]++;
            return ir;
        }
        public double[] merge(double[] a, double[] b) {
            a[0] = min ? Math.min(a[0], b[0]) : Math.max(a[0], b[0]);
            a[1] += b[1];
            return a;
        }
        public Object finish(double[] ir) { return ir[1] == 0 ? null : ir[0]; }
    }

    /**
     * IR: {count, sum, sum of squares}. Unlike Welford's update this does not depend on the order of the inputs when
     * the sums are exact (integer-valued inputs), so a backfill, which sees events in another order, gives the same
     * bits as the streaming run; it is also how Flink SQL's STDDEV_POP computes.
     */
    static final class StdDev implements Aggregator<double[]> {
        public double[] init() { return new double[3]; }
        public double[] update(double[] ir, Object v) {
            double x = asDouble(v);
            ir[0]++;
            ir[1] += x;
            ir[2] += x * x;
            return ir;
        }
        public double[] merge(double[] a, double[] b) { a[0] += b[0]; a[1] += b[1]; a[2] += b[2]; return a; }
        public Object finish(double[] ir) {
            if (ir[0] == 0) return null;
            double variance = (ir[2] - ir[1] * ir[1] / ir[0]) / ir[0];
            return Math.sqrt(Math.max(0, variance));
        }
    }

    /** IR: the image of an updatable HLL sketch, updated in place (no copy per event). */
    static final class DistinctCount implements Aggregator<byte[]> {
        public byte[] init() {
            byte[] image = new byte[HllSketch.getMaxUpdatableSerializationBytes(HLL_LG_K, TgtHllType.HLL_8)];
            new HllSketch(HLL_LG_K, TgtHllType.HLL_8, WritableMemory.writableWrap(image));
            return image;
        }
        public byte[] update(byte[] ir, Object v) {
            HllSketch.writableWrap(WritableMemory.writableWrap(ir)).update(String.valueOf(v));
            return ir;
        }
        public byte[] merge(byte[] a, byte[] b) {
            Union union = new Union(HLL_LG_K);
            union.update(HllSketch.wrap(Memory.wrap(a)));
            union.update(HllSketch.wrap(Memory.wrap(b)));
            return padded(union.getResult(TgtHllType.HLL_8).toUpdatableByteArray());
        }
        /** A direct sketch grows in place, so its image always has the maximum size. */
        private static byte[] padded(byte[] image) {
            int max = HllSketch.getMaxUpdatableSerializationBytes(HLL_LG_K, TgtHllType.HLL_8);
            if (image.length >= max) return image;
            byte[] out = new byte[max];
            System.arraycopy(image, 0, out, 0, image.length);
            return out;
        }
        public Object finish(byte[] ir) {
            return Math.round(HllSketch.wrap(Memory.wrap(ir)).getEstimate());
        }
    }

    /**
     * IR: Object[]{event time, unused, value}. The value of the latest event time wins; among equal event times the
     * greatest value (by text), so that the result does not depend on arrival order, which differs between a
     * streaming run, a restored run and a batch backfill.
     */
    static final class Last implements Aggregator<Object[]> {
        public Object[] init() { return new Object[] {Long.MIN_VALUE, 0L, null}; }
        /** Without an event time every input counts as equally late: the greatest value wins. */
        public Object[] update(Object[] ir, Object v) { return updateAt(ir, v, Long.MIN_VALUE + 1); }
        public Object[] updateAt(Object[] ir, Object v, long eventTime) {
            String value = String.valueOf(v);
            long t = (Long) ir[0];
            if (eventTime > t || (eventTime == t && (ir[2] == null || value.compareTo((String) ir[2]) > 0))) {
                ir[0] = eventTime;
                ir[2] = value;
            }
            return ir;
        }
        public Object[] merge(Object[] a, Object[] b) {
            if (b[2] == null) return a;
            return updateAt(a, b[2], (Long) b[0]);
        }
        public Object finish(Object[] ir) { return ir[2]; }
    }

    /** IR: {positives, count}. */
    static final class Rate implements Aggregator<double[]> {
        public double[] init() { return new double[2]; }
        public double[] update(double[] ir, Object v) { if (asDouble(v) > 0) ir[0]++; ir[1]++; return ir; }
        public double[] merge(double[] a, double[] b) { a[0] += b[0]; a[1] += b[1]; return a; }
        public Object finish(double[] ir) { return ir[1] == 0 ? null : ir[0] / ir[1]; }
    }
}
