package io.tributary.drift.stats;

import io.tributary.core.drift.Profile;
import io.tributary.core.drift.ReferenceProfile;
import io.tributary.core.drift.WindowProfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end at default thresholds: a window of the training distribution (other seeds) is not flagged, a shifted
 * one is, on the shifted feature only. Features as in the flights model: a normal, a lognormal with missing
 * values, an integer hour (ties), two categorical ones and the score; 100,000 reference rows.
 *
 * <p>The data are seeded, and so is KLL's compaction coin ({@link Samples#seedKll}). Unseeded, the coin would only
 * move the sketch-based statistics within their error, which the KS p-value discounts, so the outcomes do not depend
 * on it.
 */
class DriftEvaluatorTest {
    private static final String[] CARRIERS = {"AA", "DL", "UA", "WN", "B6", "AS"};
    private static final double[] CARRIER_SHARES = {0.3, 0.25, 0.2, 0.15, 0.06, 0.04};

    private static ReferenceProfile reference;

    /** How one row is drawn; drifts override parts of it. */
    static class Row {
        double distanceShift = 0;
        double delayMissing = 0.02;
        double scoreShift = 0;
        double[] carrierShares = CARRIER_SHARES;
        double newOrigin = 0;

        void addTo(Profile p, Random r) {
            p.add("distance", 800 + 300 * (r.nextGaussian() + distanceShift));
            p.add("dep_delay", r.nextDouble() < delayMissing ? Double.NaN : Math.exp(2 + r.nextGaussian()));
            p.add("dep_hour", 5 + r.nextInt(18));
            p.addCategory("carrier", CARRIERS[pick(r, carrierShares)]);
            p.addCategory("origin", r.nextDouble() < 0.005 ? null
                    : r.nextDouble() < newOrigin ? "ZZZ" : "A" + Math.min(39, (int) Math.abs(12 * r.nextGaussian())));
            p.addScore(1 / (1 + Math.exp(-(r.nextGaussian() - 1 + scoreShift))));
        }
    }

    @BeforeAll
    static void buildReference() {
        Samples.seedKll(2024);
        reference = new ReferenceProfile();
        Random r = new Random(2024);
        Row row = new Row();
        for (int i = 0; i < 100_000; i++) {
            row.addTo(reference, r);
        }
    }

    static WindowProfile window(long seed, int n, Consumer<Row> drift) {
        Samples.seedKll(seed);
        Row row = new Row();
        drift.accept(row);
        WindowProfile w = WindowProfile.like(reference);
        Random r = new Random(seed);
        for (int i = 0; i < n; i++) {
            row.addTo(w, r);
        }
        return w;
    }

    @Test
    void theTrainingDistributionIsNotFlagged() {
        DriftEvaluator evaluator = new DriftEvaluator();
        for (int n : new int[] {500, 5_000, 50_000}) {
            for (long seed = 1; seed <= 2; seed++) {
                List<DriftTest> tests = evaluator.evaluate(reference, window(seed, n, row -> { }));
                // PSI, KS (and Wasserstein with enough values) for 4 numeric features, chi-square for 2 categorical
                assertThat(tests).hasSize(4 * (n >= DriftEvaluator.WASSERSTEIN_MIN_VALUES ? 3 : 2) + 2);
                assertThat(tests).as("n=%d seed=%d", n, seed).noneMatch(DriftTest::drifted);
                for (DriftTest t : tests) {
                    if (t.test() == DriftTest.Kind.PSI) {
                        assertThat(t.statistic()).as("%s n=%d", t, n).isLessThan(n >= 5_000 ? 0.02 : 0.1);
                    }
                }
            }
        }
    }

    @Test
    void aMeanShiftOfHalfASdIsFlaggedOnThatFeatureOnly() {
        for (int n : new int[] {500, 20_000}) {
            List<DriftTest> tests = new DriftEvaluator().evaluate(reference, window(3, n, row -> row.distanceShift = 0.5));
            DriftTest ks = find(tests, "distance", DriftTest.Kind.KS);
            DriftTest psi = find(tests, "distance", DriftTest.Kind.PSI);
            assertThat(ks.drifted()).as("%s", ks).isTrue();
            assertThat(ks.statistic()).isBetween(0.15, 0.26);
            assertThat(ks.pValue()).isLessThan(1e-6);
            // PSI of a 0.5 sd shift on deciles is about 0.24, just over the 0.2 limit; it is at least near it.
            assertThat(psi.statistic()).as("%s", psi).isGreaterThan(0.15);
            if (n >= DriftEvaluator.WASSERSTEIN_MIN_VALUES) {
                // W1 / sd of a shift by 0.5 sd is 0.5: five times the limit, so critical.
                DriftTest wasserstein = find(tests, "distance", DriftTest.Kind.WASSERSTEIN);
                assertThat(wasserstein.statistic()).as("%s", wasserstein).isBetween(0.4, 0.6);
                assertThat(wasserstein.drifted()).isTrue();
                assertThat(wasserstein.critical()).isTrue();
            } else {
                assertThat(tests).noneMatch(t -> t.test() == DriftTest.Kind.WASSERSTEIN);
            }
            assertThat(tests).filteredOn(t -> !t.feature().equals("distance")).noneMatch(DriftTest::drifted);
        }
    }

    @Test
    void aCategoryShareChangeIsFlagged() {
        // AA from 30% to 40%, the others scaled down.
        double[] shares = CARRIER_SHARES.clone();
        for (int i = 1; i < shares.length; i++) {
            shares[i] *= 0.6 / 0.7;
        }
        shares[0] = 0.4;
        List<DriftTest> tests = new DriftEvaluator().evaluate(reference, window(4, 5_000, row -> row.carrierShares = shares));
        DriftTest chi2 = find(tests, "carrier", DriftTest.Kind.CHI2);
        assertThat(chi2.drifted()).isTrue();
        assertThat(chi2.pValue()).isLessThan(1e-10);
        assertThat(tests).filteredOn(t -> !t.feature().equals("carrier")).noneMatch(DriftTest::drifted);

        // A new airport with 5% of the traffic.
        List<DriftTest> newOrigin = new DriftEvaluator().evaluate(reference, window(5, 5_000, row -> row.newOrigin = 0.05));
        assertThat(find(newOrigin, "origin", DriftTest.Kind.CHI2).drifted()).isTrue();
        assertThat(newOrigin).filteredOn(t -> !t.feature().equals("origin")).noneMatch(DriftTest::drifted);
    }

    @Test
    void aScoreShiftAndARiseOfMissingValuesAreFlagged() {
        List<DriftTest> score = new DriftEvaluator().evaluate(reference, window(6, 5_000, row -> row.scoreShift = 0.5));
        assertThat(find(score, Profile.SCORE, DriftTest.Kind.KS).drifted()).isTrue();
        assertThat(find(score, Profile.SCORE, DriftTest.Kind.WASSERSTEIN).drifted()).isTrue();
        assertThat(score).filteredOn(t -> !t.feature().equals(Profile.SCORE)).noneMatch(DriftTest::drifted);

        List<DriftTest> missing = new DriftEvaluator().evaluate(reference, window(7, 5_000, row -> row.delayMissing = 0.2));
        DriftTest psi = find(missing, "dep_delay", DriftTest.Kind.PSI);
        assertThat(psi.drifted()).isTrue();
        assertThat(psi.statistic()).isGreaterThan(0.4);
        // KS and Wasserstein see only the finite values, whose distribution did not change.
        assertThat(find(missing, "dep_delay", DriftTest.Kind.KS).drifted()).isFalse();
        assertThat(find(missing, "dep_delay", DriftTest.Kind.WASSERSTEIN).drifted()).isFalse();
    }

    @Test
    void resultsComeFeatureByFeatureWithTheScoreLastAndCarryTheirThresholdsAndCounts() {
        WindowProfile w = window(8, 1_000, row -> { });
        w.add("only_in_window", 1);
        List<DriftTest> tests = new DriftEvaluator().evaluate(reference, w);
        // dep_delay has no Wasserstein test: about 2% of its 1,000 window values are missing, fewer than 1,000 are left.
        assertThat(tests).extracting(t -> t.feature() + "/" + t.test()).containsExactly(
                "carrier/CHI2", "dep_delay/PSI", "dep_delay/KS",
                "dep_hour/PSI", "dep_hour/KS", "dep_hour/WASSERSTEIN", "distance/PSI", "distance/KS", "distance/WASSERSTEIN",
                "origin/CHI2", Profile.SCORE + "/PSI", Profile.SCORE + "/KS", Profile.SCORE + "/WASSERSTEIN");
        DriftTest psi = find(tests, "dep_delay", DriftTest.Kind.PSI);
        assertThat(psi.pValue()).isNaN();
        assertThat(psi.threshold()).isEqualTo(0.2);
        assertThat(psi.referenceN()).isEqualTo(100_000);
        assertThat(psi.windowN()).isEqualTo(1_000);
        DriftTest ks = find(tests, "dep_delay", DriftTest.Kind.KS);
        assertThat(ks.threshold()).isEqualTo(0.01);
        assertThat(ks.referenceN()).isEqualTo(reference.numeric("dep_delay").present()).isLessThan(100_000);
        assertThat(ks.windowN()).isLessThan(1_000);
        DriftTest wasserstein = find(tests, "distance", DriftTest.Kind.WASSERSTEIN);
        assertThat(wasserstein.pValue()).isNaN();
        assertThat(wasserstein.threshold()).isEqualTo(0.1);
        assertThat(wasserstein.referenceN()).isEqualTo(100_000);
        assertThat(wasserstein.windowN()).isEqualTo(1_000);
        assertThat(find(tests, "origin", DriftTest.Kind.CHI2).windowN()).isEqualTo(1_000);
    }

    @Test
    void perFeatureThresholdsApply() {
        WindowProfile w = window(9, 5_000, row -> { });
        DriftThresholds strict = DriftThresholds.parse("distance.psi=0.0001,dep_hour.ks_d=0.0001,origin.chi2_p=1,"
                + "carrier.chi2_p=0,dep_delay.wasserstein=0.0001,default.wasserstein=5");
        List<DriftTest> tests = new DriftEvaluator(strict).evaluate(reference, w);
        assertThat(tests).filteredOn(DriftTest::drifted).extracting(t -> t.feature() + "/" + t.test())
                .containsExactlyInAnyOrder("distance/PSI", "dep_hour/KS", "origin/CHI2", "dep_delay/WASSERSTEIN");
        assertThat(find(tests, "distance", DriftTest.Kind.WASSERSTEIN).threshold()).isEqualTo(5);
        assertThat(find(tests, "distance", DriftTest.Kind.PSI).threshold()).isEqualTo(0.0001);
        assertThat(find(tests, "carrier", DriftTest.Kind.CHI2).threshold()).isZero();

        // Fewer PSI bins: still no drift, other numbers.
        List<DriftTest> quartiles = new DriftEvaluator(DriftThresholds.defaults(), 4).evaluate(reference, w);
        assertThat(quartiles).noneMatch(DriftTest::drifted);
        assertThat(find(quartiles, "distance", DriftTest.Kind.PSI).statistic())
                .isNotEqualTo(find(new DriftEvaluator().evaluate(reference, w), "distance", DriftTest.Kind.PSI).statistic());
    }

    @Test
    void aFeatureOfAnotherKindInTheWindowIsAnError() {
        WindowProfile w = new WindowProfile();
        w.addCategory("distance", "far");
        assertThatThrownBy(() -> new DriftEvaluator().evaluate(reference, w))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("feature 'distance' is numeric in the reference but categorical in the window");
        assertThatThrownBy(() -> new DriftEvaluator(DriftThresholds.defaults(), 1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new DriftEvaluator().evaluate(reference, new WindowProfile())).isEmpty();
    }

    private static DriftTest find(List<DriftTest> tests, String feature, DriftTest.Kind kind) {
        return tests.stream().filter(t -> t.feature().equals(feature) && t.test() == kind).findFirst().orElseThrow();
    }

    private static int pick(Random r, double[] shares) {
        double u = r.nextDouble();
        for (int i = 0; i < shares.length - 1; i++) {
            if (u < shares[i]) {
                return i;
            }
            u -= shares[i];
        }
        return shares.length - 1;
    }
}
