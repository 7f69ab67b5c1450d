package io.tributary.drift.stats;

import io.tributary.core.drift.Profile;
import io.tributary.core.drift.ReferenceProfile;
import io.tributary.core.drift.WindowProfile;
import io.tributary.core.drift.CategoricalSummary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.commons.math3.stat.inference.ChiSquareTest;
import org.junit.jupiter.api.Test;

/**
 * Chi-square from capped frequency maps against commons-math's {@link ChiSquareTest} on the contingency table of the
 * raw values (counted naively): the same statistic and p-value, to the last bit, as long as no category is capped
 * and every expected count is at least 5.
 */
class ChiSquareDifferentialTest {
    private static final ChiSquareTest COMMONS = new ChiSquareTest();

    @Test
    void chiSquareIsCommonsMathsOnTheRawCounts() {
        for (long seed = 1; seed <= 10; seed++) {
            Random r = new Random(seed);
            String[] reference = categories(r, 100_000, new double[] {0.4, 0.3, 0.2, 0.05, 0.05}, 0.01);
            // Window shares move a little more with each seed; seed 1 is the same distribution.
            double shift = 0.01 * (seed - 1);
            String[] window = categories(r, 5_000, new double[] {0.4 - shift, 0.3, 0.2 + shift, 0.05, 0.05}, 0.02);

            DriftStatistics.Result ours = DriftStatistics.chiSquare(summary(reference), summary(window));
            long[][] oracle = naiveTable(reference, window);
            assertThat(oracle[0]).hasSize(6);
            assertThat(ours.statistic()).as("seed %d", seed).isEqualTo(COMMONS.chiSquare(oracle));
            assertThat(ours.pValue()).as("seed %d", seed).isEqualTo(COMMONS.chiSquareTest(oracle));
            assertThat(ours.referenceN()).isEqualTo(100_000);
            assertThat(ours.windowN()).isEqualTo(5_000);
            if (seed == 10) {
                assertThat(ours.pValue()).isLessThan(1e-6);
            }
        }
    }

    @Test
    void aCategoryOnlyOneSideHasIsItsOwnColumnWhenTheOtherSideFoldedNothing() {
        Map<String, Long> ref = Map.of("a", 500L, "b", 500L);
        Map<String, Long> win = Map.of("a", 40L, "b", 40L, "new", 20L);
        CategoricalSummary r = CategoricalSummary.of(10, ref, 0, 0);
        CategoricalSummary w = CategoricalSummary.of(10, win, 0, 0);
        long[][] table = DriftStatistics.chiSquareTable(r, w);
        assertThat(table).isEqualTo(new long[][] {{500, 500, 0}, {40, 40, 20}});
        DriftStatistics.Result chi2 = DriftStatistics.chiSquare(r, w);
        assertThat(chi2.statistic()).isEqualTo(COMMONS.chiSquare(table));
        assertThat(chi2.pValue()).isLessThan(1e-10);
    }

    @Test
    void aCategoryThatMayHideInTheOtherSidesOtherIsPooledIntoOther() {
        // The reference folded 100 values into other: "c" (named in the window only) may be among them.
        CategoricalSummary r = CategoricalSummary.of(10, Map.of("a", 450L, "b", 450L), 100, 0);
        CategoricalSummary w = CategoricalSummary.of(10, Map.of("a", 450L, "b", 450L, "c", 100L), 0, 0);
        assertThat(DriftStatistics.chiSquareTable(r, w)).isEqualTo(new long[][] {{450, 450, 100}, {450, 450, 100}});
        DriftStatistics.Result chi2 = DriftStatistics.chiSquare(r, w);
        assertThat(chi2.statistic()).isEqualTo(0.0);
        assertThat(chi2.pValue()).isEqualTo(1.0);
    }

    @Test
    void smallExpectedCountsArePooledAndEmptyColumnsDropped() {
        // Expected window counts: a 45, b 45, rare1 and rare2 0.45 each (pooled into other), missing 9 (kept).
        CategoricalSummary r = CategoricalSummary.of(10, Map.of("a", 4500L, "b", 4500L, "rare1", 50L, "rare2", 50L), 0, 900);
        CategoricalSummary w = CategoricalSummary.of(10, Map.of("a", 40L, "b", 50L, "rare1", 3L), 0, 7);
        long[][] table = DriftStatistics.chiSquareTable(r, w);
        assertThat(table).isEqualTo(new long[][] {{4500, 4500, 100, 900}, {40, 50, 3, 7}});
        DriftStatistics.Result chi2 = DriftStatistics.chiSquare(r, w);
        assertThat(chi2.statistic()).isEqualTo(COMMONS.chiSquare(table));
        assertThat(chi2.pValue()).isEqualTo(COMMONS.chiSquareTest(table));
        // Without pooling, 3 observations where 0.45 are expected would dominate the statistic.
        long[][] unpooled = {{4500, 4500, 50, 50, 900}, {40, 50, 3, 0, 7}};
        assertThat(COMMONS.chiSquare(unpooled)).isGreaterThan(chi2.statistic() + 5);
    }

    @Test
    void poolingKeepsTheFalseAlarmRateNearItsLevelWithManyRareCategories() {
        // 200 categories with Zipf-like shares, windows of 300: most expected window counts are far below 5.
        double[] shares = new double[200];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = 1 / Math.pow(i + 1, 1.2);
        }
        shares = normalize(shares);
        Profile reference = new ReferenceProfile(200, 1000);
        for (String c : categories(new Random(1), 100_000, shares, 0)) {
            reference.addCategory("f", c);
        }
        int ours = 0;
        int unpooled = 0;
        int windows = 300;
        for (int seed = 0; seed < windows; seed++) {
            Profile window = new WindowProfile(200, 1000);
            for (String c : categories(new Random(100 + seed), 300, shares, 0)) {
                window.addCategory("f", c);
            }
            CategoricalSummary r = reference.categorical("f");
            CategoricalSummary w = window.categorical("f");
            if (DriftStatistics.chiSquare(r, w).pValue() < 0.01) {
                ours++;
            }
            // The same test on the union of categories without pooling (only empty columns dropped).
            List<String> names = new ArrayList<>(new java.util.TreeSet<>(r.counts().keySet()));
            long[][] table = new long[2][names.size()];
            for (int j = 0; j < names.size(); j++) {
                table[0][j] = r.count(names.get(j));
                table[1][j] = w.count(names.get(j));
            }
            if (COMMONS.chiSquareTest(table) < 0.01) {
                unpooled++;
            }
        }
        // Same distribution: at the 0.01 level about 3 of 300 windows are expected to be flagged. Measured on 500
        // windows: 1.2% pooled, 6.6% without pooling.
        assertThat(ours).as("false alarms of 300, pooled").isLessThanOrEqualTo(9);
        assertThat(unpooled).as("false alarms of 300, unpooled").isGreaterThanOrEqualTo(2 * Math.max(ours, 6));
    }

    @Test
    void withOneColumnLeftThereIsNothingToCompare() {
        CategoricalSummary r = CategoricalSummary.of(10, Map.of("a", 100L), 0, 0);
        CategoricalSummary w = CategoricalSummary.of(10, Map.of("a", 7L), 0, 0);
        assertThat(DriftStatistics.chiSquareTable(r, w)).isEqualTo(new long[][] {{100}, {7}});
        DriftStatistics.Result chi2 = DriftStatistics.chiSquare(r, w);
        assertThat(chi2.statistic()).isZero();
        assertThat(chi2.pValue()).isEqualTo(1.0);
    }

    @Test
    void cappedCategoriesStillGiveAValidTest() {
        // 300 categories, a cap of 20: the long tail is in other on both sides, totals stay exact.
        Random r = new Random(42);
        double[] shares = new double[300];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = 1.0 / (i + 1);
        }
        String[] reference = categories(r, 50_000, normalize(shares), 0);
        String[] window = categories(r, 20_000, normalize(shares), 0);
        Profile rp = new ReferenceProfile(200, 20);
        Profile wp = new WindowProfile(200, 20);
        for (String c : reference) {
            rp.addCategory("f", c);
        }
        for (String c : window) {
            wp.addCategory("f", c);
        }
        assertThat(rp.categorical("f").counts()).hasSize(20);
        assertThat(rp.categorical("f").count()).isEqualTo(50_000);
        DriftStatistics.Result chi2 = DriftStatistics.chiSquare(rp.categorical("f"), wp.categorical("f"));
        assertThat(chi2.pValue()).isGreaterThan(0.01);
    }

    private static CategoricalSummary summary(String[] values) {
        Profile p = new WindowProfile();
        for (String v : values) {
            p.addCategory("f", v);
        }
        return p.categorical("f");
    }

    /** Categories "c0", "c1", ... with the given shares; null (missing) with probability {@code missing}. */
    static String[] categories(Random r, int n, double[] shares, double missing) {
        String[] out = new String[n];
        for (int i = 0; i < n; i++) {
            if (r.nextDouble() < missing) {
                continue;
            }
            double u = r.nextDouble();
            int c = 0;
            while (c < shares.length - 1 && u >= shares[c]) {
                u -= shares[c];
                c++;
            }
            out[i] = "c" + c;
        }
        return out;
    }

    private static double[] normalize(double[] w) {
        double sum = 0;
        for (double x : w) {
            sum += x;
        }
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w[i] / sum;
        }
        return out;
    }

    /** The oracle: counts per category by name, then missing; columns empty on both sides dropped. */
    private static long[][] naiveTable(String[] reference, String[] window) {
        TreeMap<String, long[]> counts = new TreeMap<>();
        long[] missing = new long[2];
        String[][] sides = {reference, window};
        for (int side = 0; side < 2; side++) {
            for (String v : sides[side]) {
                if (v == null) {
                    missing[side]++;
                } else {
                    counts.computeIfAbsent(v, k -> new long[2])[side]++;
                }
            }
        }
        List<long[]> columns = new ArrayList<>(counts.values());
        if (missing[0] + missing[1] > 0) {
            columns.add(missing);
        }
        long[][] table = new long[2][columns.size()];
        for (int j = 0; j < columns.size(); j++) {
            table[0][j] = columns.get(j)[0];
            table[1][j] = columns.get(j)[1];
        }
        return table;
    }
}
