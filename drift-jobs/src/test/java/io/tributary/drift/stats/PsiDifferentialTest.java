package io.tributary.drift.stats;

import io.tributary.core.drift.NumericSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sketch-based PSI against the oracle {@link Samples#exactPsi} on the raw arrays (exact reference deciles, exact
 * counts), 100,000 values a side.
 *
 * <p>Tolerance: {@code 0.02 + 0.3 * PSI_exact}. KLL at k = 200 places each decile edge and measures each bin share to
 * within about 1.3% of rank (99% a-priori bound), so a 0.1 share can be off by up to about 0.02, and PSI's
 * sensitivity to a share, {@code ln(w/r) + 1 - r/w}, reaches 3 or more where the window's share of a bin is a third
 * of the reference's. Measured over 400 unseeded runs of each case: max |error| 0.005 at PSI 0.0001 (no drift, 0.26
 * of the tolerance), 0.038 at PSI 0.22 (normal shift 0.5 sd, 0.44), 0.028 at 0.091 (integer ties, 0.59), 0.012 at
 * 0.086 (lognormal scale), 0.004 at 0.088 (missing values), and the worst, 0.062 at 0.17 (exponential vs gamma-like,
 * whose first decile holds a third of the reference's share in the window: 0.87). The KLL coin is seeded
 * ({@link Samples#seedKll}) so that a run is reproducible.
 */
class PsiDifferentialTest {
    private static final int N = 100_000;

    static double tolerance(double exactPsi) {
        return 0.02 + 0.3 * exactPsi;
    }

    static List<Arguments> cases() {
        return List.of(
                Arguments.of("normal, no drift", (Function<Random, DoubleSupplier>) r -> r::nextGaussian,
                        (Function<Random, DoubleSupplier>) r -> r::nextGaussian, 0.0),
                Arguments.of("normal, mean +0.5 sd", (Function<Random, DoubleSupplier>) r -> r::nextGaussian,
                        (Function<Random, DoubleSupplier>) r -> () -> r.nextGaussian() + 0.5, 0.2),
                Arguments.of("lognormal, sigma x1.3", (Function<Random, DoubleSupplier>) r -> () -> Math.exp(r.nextGaussian()),
                        (Function<Random, DoubleSupplier>) r -> () -> Math.exp(1.3 * r.nextGaussian()), 0.05),
                // Integers with heavy ties: several deciles coincide, so fewer bins; exercises the <= convention.
                Arguments.of("integer ties", (Function<Random, DoubleSupplier>) r -> () -> Math.floor(Math.abs(2 * r.nextGaussian())),
                        (Function<Random, DoubleSupplier>) r -> () -> Math.floor(Math.abs(2.5 * r.nextGaussian())), 0.05),
                Arguments.of("exponential vs gamma-like", (Function<Random, DoubleSupplier>) r -> () -> -Math.log(r.nextDouble()),
                        (Function<Random, DoubleSupplier>) r -> () -> -Math.log(r.nextDouble()) - 0.2 * Math.log(r.nextDouble()), 0.1),
                // 2% NaN in the reference, 8% NaN/infinite in the window: the missing bin matters.
                Arguments.of("normal with missing values",
                        (Function<Random, DoubleSupplier>) r -> () -> r.nextDouble() < 0.02 ? Double.NaN : r.nextGaussian(),
                        (Function<Random, DoubleSupplier>) r -> () -> {
                            double u = r.nextDouble();
                            return u < 0.06 ? Double.NaN : u < 0.08 ? Double.POSITIVE_INFINITY : r.nextGaussian();
                        }, 0.05));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void sketchPsiMatchesExactPsiOnRawData(String label, Function<Random, DoubleSupplier> ref,
                                           Function<Random, DoubleSupplier> win, double atLeast) {
        for (long seed = 1; seed <= 3; seed++) {
            Samples.seedKll(seed);
            double[] reference = Samples.draw(N, ref.apply(new Random(seed)));
            double[] window = Samples.draw(N, win.apply(new Random(1000 + seed)));
            double exact = Samples.exactPsi(reference, window, 10);
            DriftStatistics.Result psi = DriftStatistics.psi(Samples.reference(reference), Samples.window(window), 10);

            // The case really is what its label says (a drift case far from 0, relative to the tolerance).
            assertThat(exact).as("%s: exact PSI", label).isGreaterThanOrEqualTo(atLeast);
            if (atLeast > 0) {
                assertThat(exact).isGreaterThan(2 * 0.02);
            }
            assertThat(psi.statistic()).as("%s seed %d: sketch PSI vs exact %s", label, seed, exact)
                    .isCloseTo(exact, within(tolerance(exact)));
            assertThat(psi.pValue()).isNaN();
            assertThat(psi.referenceN()).isEqualTo(N);
            assertThat(psi.windowN()).isEqualTo(N);
        }
    }

    @Test
    void whileBothSketchesAreExactPsiIsTheExactOne() {
        // 150 values < k = 200: no compaction, the sketch PSI must equal the oracle to rounding.
        double[] reference = Samples.normal(1, 150, 0, 1);
        double[] window = Samples.normal(2, 120, 0.7, 1);
        NumericSummary r = Samples.reference(reference);
        assertThat(r.isExact()).isTrue();
        assertThat(DriftStatistics.psi(r, Samples.window(window), 10).statistic())
                .isCloseTo(Samples.exactPsi(reference, window, 10), within(1e-12));
        assertThat(DriftStatistics.psi(r, Samples.window(window), 4).statistic())
                .isCloseTo(Samples.exactPsi(reference, window, 4), within(1e-12));
    }

    @Test
    void identicalSummariesHavePsiZero() {
        double[] x = Samples.normal(3, N, 5, 2);
        NumericSummary s = Samples.reference(x);
        assertThat(DriftStatistics.psi(s, s, 10).statistic()).isEqualTo(0.0);
    }

    @Test
    void binsAreTheReferenceDecilesWithTiesMerged() {
        double[] x = Samples.normal(4, N, 0, 1);
        double[] sorted = Samples.finiteSorted(x);
        double[] edges = DriftStatistics.psiEdges(Samples.reference(x), 10);
        assertThat(edges).hasSize(9);
        for (int i = 1; i < 10; i++) {
            // Each edge is the reference quantile at i/10, within the sketch's rank error.
            assertThat(Samples.exactRank(sorted, edges[i - 1])).isCloseTo(i / 10.0, within(0.0133));
        }
        // 135 zeros, then 1..45 (exact sketch): the first 7 deciles are one edge (0), then the 0.8 and 0.9
        // quantiles, the 144th and 162nd values (9 and 27).
        double[] ties = new double[180];
        for (int i = 135; i < 180; i++) {
            ties[i] = i - 134;
        }
        assertThat(DriftStatistics.psiEdges(Samples.reference(ties), 10)).containsExactly(0.0, 9.0, 27.0);
        // -0.0 and 0.0 (Math.ceil(-0.5) is -0.0) are one edge: as two, the sketch's CDF would reject them.
        double[] signedZeros = {-0.0, 0.0, -0.0, 0.0, -0.0, 0.0, 1, 2, 3, 4};
        NumericSummary zeros = Samples.reference(signedZeros);
        assertThat(DriftStatistics.psiEdges(zeros, 10)).hasSize(4);
        assertThat(DriftStatistics.psi(zeros, Samples.window(signedZeros), 10).statistic()).isZero();
    }

    @Test
    void anEmptyBinCostsEpsilonNotInfinity() {
        // 150 values: exact sketches, deciles of exactly 15 values. The window lies above the reference's maximum.
        double[] reference = Samples.normal(6, 150, 0, 1);
        double[] window = Samples.normal(7, 150, 100, 1);
        double psi = DriftStatistics.psi(Samples.reference(reference), Samples.window(window), 10).statistic();
        // 9 bins at (1e-4 - 0.1) ln(1e-4 / 0.1) and the last at (1 - 0.1) ln(1 / 0.1).
        double expected = 9 * (1e-4 - 0.1) * Math.log(1e-4 / 0.1) + 0.9 * Math.log(10);
        assertThat(psi).isCloseTo(expected, within(1e-9)).isCloseTo(Samples.exactPsi(reference, window, 10), within(1e-9));
    }

    @Test
    void missingValuesAreABinOnlyIfEitherSideHasSome() {
        double[] reference = Samples.normal(8, 150, 0, 1);
        double[] window = Samples.normal(9, 150, 0, 1);
        double without = DriftStatistics.psi(Samples.reference(reference), Samples.window(window), 10).statistic();
        assertThat(without).isCloseTo(Samples.exactPsi(reference, window, 10), within(1e-12));
        window[0] = Double.NaN;
        double with = DriftStatistics.psi(Samples.reference(reference), Samples.window(window), 10).statistic();
        // One missing value of 150 against none: the missing bin adds about (1/150 - 1e-4) ln(1/150 / 1e-4) = 0.028.
        assertThat(with).isCloseTo(Samples.exactPsi(reference, window, 10), within(1e-12));
        assertThat(with - without).isBetween(0.02, 0.035);

        // A feature that stops arriving (all missing) is a big drift.
        double[] gone = new double[150];
        java.util.Arrays.fill(gone, Double.NaN);
        double allMissing = DriftStatistics.psi(Samples.reference(reference), Samples.window(gone), 10).statistic();
        assertThat(allMissing).isCloseTo(Samples.exactPsi(reference, gone, 10), within(1e-12)).isGreaterThan(5);
    }

    @Test
    void theFormulaFloorsEachShareAtEpsilon() {
        assertThat(DriftStatistics.psi(new double[] {0.5, 0.5, 0}, new double[] {0.5, 0.25, 0.25}))
                .isCloseTo((0.25 - 0.5) * Math.log(0.5) + (0.25 - 1e-4) * Math.log(0.25 / 1e-4), within(1e-12));
        assertThatThrownBy(() -> DriftStatistics.psi(new double[2], new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("as many");
        assertThatThrownBy(() -> DriftStatistics.psi(Samples.reference(new double[] {1}), Samples.window(new double[] {1}), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 bins");
    }
}
