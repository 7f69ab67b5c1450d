package io.tributary.drift.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;
import moa.classifiers.core.driftdetection.ADWIN;
import moa.classifiers.core.driftdetection.ADWINChangeDetector;
import moa.classifiers.core.driftdetection.ChangeDetector;
import moa.classifiers.core.driftdetection.DDM;
import moa.classifiers.core.driftdetection.EDDM;
import moa.classifiers.core.driftdetection.HDDM_A_Test;
import moa.classifiers.core.driftdetection.HDDM_W_Test;
import moa.classifiers.core.driftdetection.PageHinkleyDM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Differential test against MOA 2024.07 (a test-scope oracle, never shipped): on randomized streams, every detector
 * in its MOA-compatible mode must return the same state (NONE, WARNING or DRIFT) as MOA after every value.
 *
 * <p>One MOA detector runs on one stream at a time, start to end: {@code HDDM_W_Test} keeps its statistics in
 * static fields, so interleaved MOA instances would corrupt each other. {@code @Isolated} keeps other tests away.
 */
@Isolated
class MoaDifferentialTest {
    private static final int STREAMS_PER_FAMILY = 24;
    private static final List<double[]> ERROR_STREAMS = errorStreams();
    private static final List<double[]> REAL_STREAMS = realStreams();

    @Test
    void ddm() {
        agree(ERROR_STREAMS, Ddm::new, DDM::new);
        agree(ERROR_STREAMS, () -> new Ddm(100, 1.5, 2.5), () -> {
            DDM moa = new DDM();
            moa.minNumInstancesOption.setValue(100);
            moa.warningLevelOption.setValue(1.5);
            moa.outcontrolLevelOption.setValue(2.5);
            return moa;
        });
    }

    @Test
    void eddm() {
        agree(ERROR_STREAMS, Eddm::new, EDDM::new);
    }

    @Test
    void hddmA() {
        agree(ERROR_STREAMS, HddmA::new, () -> hddmA(0.001, 0.005, false));
        // MOA's two-sided test restarts silently on a decrease: our twoSided without signalDecrease.
        agree(ERROR_STREAMS, () -> new HddmA(0.001, 0.005, true, false), HDDM_A_Test::new);
        agree(ERROR_STREAMS, () -> new HddmA(0.0001, 0.01, true, false), () -> hddmA(0.0001, 0.01, true));
    }

    @Test
    void hddmW() {
        agree(ERROR_STREAMS, HddmW::new, HDDM_W_Test::new);
        agree(ERROR_STREAMS, () -> new HddmW(0.001, 0.005, 0.05, true), () -> hddmW(0.001, 0.005, 0.05, true));
        agree(ERROR_STREAMS, () -> new HddmW(0.0001, 0.01, 0.1, false), () -> hddmW(0.0001, 0.01, 0.1, false));
        agree(ERROR_STREAMS, () -> new HddmW(0.005, 0.02, 0.02, true), () -> hddmW(0.005, 0.02, 0.02, true));
    }

    @Test
    void adwinUpIsMoasChangeDetector() {
        agree(REAL_STREAMS, () -> Adwin.moa(0.002), ADWINChangeDetector::new);
        agree(ERROR_STREAMS, () -> Adwin.moa(0.002), ADWINChangeDetector::new);
        agree(REAL_STREAMS, () -> Adwin.moa(0.05), () -> {
            ADWINChangeDetector moa = new ADWINChangeDetector();
            moa.deltaAdwinOption.setValue(0.05);
            return moa;
        });
    }

    @Test
    void adwinBothIsMoasRawAdwin() {
        for (int clock : new int[] {32, 1}) {
            agreeRaw(REAL_STREAMS, () -> new Adwin(0.002, clock, Adwin.Direction.BOTH), clock, 0.002);
            agreeRaw(ERROR_STREAMS, () -> new Adwin(0.01, clock, Adwin.Direction.BOTH), clock, 0.01);
        }
    }

    @Test
    void pageHinkleyMoaMode() {
        agree(REAL_STREAMS, () -> new PageHinkley(30, 0.005, 50, 1 - 0.0001, PageHinkley.Mode.MOA), PageHinkleyDM::new);
        agree(ERROR_STREAMS, () -> new PageHinkley(30, 0.005, 50, 1 - 0.0001, PageHinkley.Mode.MOA),
                PageHinkleyDM::new);
        agree(REAL_STREAMS, () -> new PageHinkley(50, 0.05, 20, 0.999, PageHinkley.Mode.MOA), () -> {
            PageHinkleyDM moa = new PageHinkleyDM();
            moa.minNumInstancesOption.setValue(50);
            moa.deltaOption.setValue(0.05);
            moa.lambdaOption.setValue(20);
            moa.alphaOption.setValue(0.999);
            return moa;
        });
        // A low threshold fires right at the first tested value, pinning the instance counting.
        agree(REAL_STREAMS, () -> new PageHinkley(30, 0, 2, 1, PageHinkley.Mode.MOA), () -> {
            PageHinkleyDM moa = new PageHinkleyDM();
            moa.deltaOption.setValue(0);
            moa.lambdaOption.setValue(2);
            moa.alphaOption.setValue(1);
            return moa;
        });
    }

    /** Ours and MOA's agree on every value of every stream, and the streams are not trivially quiet. */
    private static void agree(List<double[]> streams, Supplier<DriftDetector> ours, Supplier<ChangeDetector> moa) {
        compare(streams, ours, values -> {
            ChangeDetector detector = moa.get();
            List<DetectorState> states = new ArrayList<>(values.length);
            for (double value : values) {
                detector.input(value);
                states.add(detector.getChange() ? DetectorState.DRIFT
                        : detector.getWarningZone() ? DetectorState.WARNING : DetectorState.NONE);
            }
            return states;
        });
    }

    /** As {@link #agree}, against MOA's raw {@code ADWIN}, which reports every cut. */
    private static void agreeRaw(List<double[]> streams, Supplier<DriftDetector> ours, int clock, double delta) {
        compare(streams, ours, values -> {
            ADWIN adwin = new ADWIN(delta);
            adwin.setClock(clock);
            List<DetectorState> states = new ArrayList<>(values.length);
            for (double value : values) {
                states.add(adwin.setInput(value) ? DetectorState.DRIFT : DetectorState.NONE);
            }
            return states;
        });
    }

    private static void compare(List<double[]> streams, Supplier<DriftDetector> ours,
                                Function<double[], List<DetectorState>> moa) {
        int withDrift = 0;
        for (int s = 0; s < streams.size(); s++) {
            double[] values = streams.get(s);
            List<DetectorState> expected = moa.apply(values);
            DriftDetector detector = ours.get();
            List<DetectorState> actual = Streams.states(detector, values);
            assertThat(indicesOf(actual, DetectorState.DRIFT)).as("%s drifts on stream %d", detector.name(), s)
                    .isEqualTo(indicesOf(expected, DetectorState.DRIFT));
            assertThat(indicesOf(actual, DetectorState.WARNING)).as("%s warnings on stream %d", detector.name(), s)
                    .isEqualTo(indicesOf(expected, DetectorState.WARNING));
            withDrift += expected.contains(DetectorState.DRIFT) ? 1 : 0;
        }
        // Identical silence proves nothing: most streams carry a change, so most must be detected.
        assertThat(withDrift).as("streams with a MOA detection").isGreaterThanOrEqualTo(streams.size() / 2);
    }

    private static List<Integer> indicesOf(List<DetectorState> states, DetectorState wanted) {
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            if (states.get(i) == wanted) {
                indices.add(i);
            }
        }
        return indices;
    }

    private static HDDM_A_Test hddmA(double drift, double warning, boolean twoSided) {
        HDDM_A_Test moa = new HDDM_A_Test();
        moa.driftConfidenceOption.setValue(drift);
        moa.warningConfidenceOption.setValue(warning);
        moa.oneSidedTestOption.setChosenIndex(twoSided ? 1 : 0);
        return moa;
    }

    private static HDDM_W_Test hddmW(double drift, double warning, double lambda, boolean twoSided) {
        HDDM_W_Test moa = new HDDM_W_Test();
        moa.driftConfidenceOption.setValue(drift);
        moa.warningConfidenceOption.setValue(warning);
        moa.lambdaOption.setValue(lambda);
        moa.oneSidedTestOption.setChosenIndex(twoSided ? 1 : 0);
        // HDDM_W_Test reads its options in resetLearning() only.
        moa.resetLearning();
        return moa;
    }

    /**
     * 0/1 error streams of 3,000 values: a rate that rises once, falls then rises, or (every fourth) rises in
     * small steps; rates and change points drawn from the seed.
     */
    private static List<double[]> errorStreams() {
        List<double[]> streams = new ArrayList<>();
        for (int seed = 0; seed < STREAMS_PER_FAMILY; seed++) {
            Random random = new Random(seed);
            double low = 0.05 + 0.25 * random.nextDouble();
            double high = Math.min(0.95, low + 0.15 + 0.4 * random.nextDouble());
            int change = 500 + random.nextInt(1500);
            double[] rates = switch (seed % 4) {
                case 0, 1 -> new double[] {low, high};
                case 2 -> new double[] {high, low, high};
                default -> new double[] {low, low + 0.05, low + 0.1, low + 0.15};
            };
            double[] values = new double[3000];
            int segment = Math.max(1, values.length / rates.length);
            for (int i = 0; i < values.length; i++) {
                double rate = rates.length == 2 ? (i < change ? low : high) : rates[Math.min(i / segment, rates.length - 1)];
                values[i] = random.nextDouble() < rate ? 1.0 : 0.0;
            }
            streams.add(values);
        }
        return streams;
    }

    /** Gaussian streams of 4,000 values whose mean shifts up or down by 0.5 to 3 every 1,000 values. */
    private static List<double[]> realStreams() {
        List<double[]> streams = new ArrayList<>();
        for (int seed = 0; seed < STREAMS_PER_FAMILY; seed++) {
            Random random = new Random(1000 + seed);
            double sigma = 0.5 + 1.5 * random.nextDouble();
            double mean = random.nextDouble() * 2 - 1;
            double[] values = new double[4000];
            for (int i = 0; i < values.length; i++) {
                if (i > 0 && i % 1000 == 0) {
                    double shift = 0.5 + 2.5 * random.nextDouble();
                    mean += random.nextBoolean() ? shift : -shift;
                }
                values[i] = mean + sigma * random.nextGaussian();
            }
            streams.add(values);
        }
        return streams;
    }
}
