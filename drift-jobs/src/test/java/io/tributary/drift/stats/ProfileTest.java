package io.tributary.drift.stats;

import io.tributary.core.drift.Profile;
import io.tributary.core.drift.ReferenceProfile;
import io.tributary.core.drift.WindowProfile;
import io.tributary.core.drift.NumericSummary;
import io.tributary.core.drift.CategoricalSummary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Building and merging profiles. */
class ProfileTest {

    @Test
    void countsValuesMissingValuesAndTheScore() {
        ReferenceProfile p = new ReferenceProfile();
        p.add("distance", 100);
        p.add("distance", Double.NaN);
        p.add("distance", Double.NEGATIVE_INFINITY);
        p.addMissing("distance");
        p.add("distance", 300);
        p.addScore(0.7);
        p.addCategory("origin", "JFK");
        p.addCategory("origin", null);
        assertThat(p.numericFeatures()).containsExactly(Profile.SCORE, "distance");
        assertThat(p.categoricalFeatures()).containsExactly("origin");
        NumericSummary d = p.numeric("distance");
        assertThat(d.count()).isEqualTo(5);
        assertThat(d.present()).isEqualTo(2);
        assertThat(d.missing()).isEqualTo(3);
        assertThat(d.quantile(0.5)).isEqualTo(100);
        assertThat(d.quantile(1.0)).isEqualTo(300);
        assertThat(d.cdf(new double[] {50, 100, 200})).containsExactly(0, 0.5, 0.5, 1);
        assertThat(p.numeric(Profile.SCORE).quantile(0.5)).isEqualTo(0.7);
        assertThat(p.categorical("origin").counts()).containsExactly(Map.entry("JFK", 1L));
        assertThat(p.categorical("origin").missing()).isEqualTo(1);
        assertThat(p.numeric("origin")).isNull();
        assertThat(p.categorical("distance")).isNull();
    }

    @Test
    void aFeatureKeepsItsKind() {
        ReferenceProfile p = new ReferenceProfile();
        p.add("distance", 1);
        p.addCategory("origin", "JFK");
        assertThatThrownBy(() -> p.addCategory("distance", "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("feature 'distance' is numeric, got a category");
        assertThatThrownBy(() -> p.add("origin", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("feature 'origin' is categorical, got a numeric value");
        assertThatThrownBy(() -> p.add("", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.add(null, 1)).isInstanceOf(IllegalArgumentException.class);

        ReferenceProfile clash = new ReferenceProfile();
        clash.addCategory("distance", "far");
        assertThatThrownBy(() -> p.merge(clash))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("feature 'distance' is numeric in one");
        assertThatThrownBy(() -> new ReferenceProfile(4, 10)).hasMessageContaining("k must be in [8, 65535]");
        assertThatThrownBy(() -> new WindowProfile(200, 0)).hasMessageContaining("maxCategories must be >= 1");
    }

    @Test
    void categoriesAreCappedToTheMostFrequentWithTheRestInOther() {
        ReferenceProfile p = new ReferenceProfile(200, 3);
        // a:5 b:4 c:3 d:2 e:1 f:1 -> a, b, c named, 4 in other.
        for (String c : "a a a a a b b b b c c c d d e f".split(" ")) {
            p.addCategory("f", c);
        }
        CategoricalSummary s = p.categorical("f");
        assertThat(s.counts()).containsExactly(Map.entry("a", 5L), Map.entry("b", 4L), Map.entry("c", 3L));
        assertThat(s.other()).isEqualTo(4);
        assertThat(s.count()).isEqualTo(16);
        assertThat(s.count("d")).isZero();

        // Beyond 2 * cap distinct categories the tail is folded for good, but the total stays exact, and a
        // frequent category that appears late still makes the top.
        ReferenceProfile q = new ReferenceProfile(200, 3);
        for (int i = 0; i < 100; i++) {
            q.addCategory("f", "rare" + i);
        }
        for (int i = 0; i < 50; i++) {
            q.addCategory("f", "late");
        }
        CategoricalSummary t = q.categorical("f");
        // The price of the bound, cap 1: a, b, c is 3 > 2 * 1 distinct, so b and c are folded (a stays, by name);
        // b's later values count again, its first one stays in other.
        ReferenceProfile folded = new ReferenceProfile(200, 1);
        for (String c : "a b c b b".split(" ")) {
            folded.addCategory("f", c);
        }
        assertThat(folded.categorical("f").counts()).containsExactly(Map.entry("b", 2L));
        assertThat(folded.categorical("f").other()).isEqualTo(3);
        assertThat(t.counts()).hasSize(3).containsEntry("late", 50L);
        assertThat(t.count()).isEqualTo(150);
        assertThat(t.other() + t.counts().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(150);
    }

    @Test
    void mergingTwoWindowsEqualsOneWindowOfTheUnion() {
        Samples.seedKll(1);
        Random r = new Random(1);
        double[] a = Samples.normal(2, 60_000, 3, 2);
        double[] b = Samples.normal(3, 40_000, 4, 1);
        WindowProfile left = new WindowProfile();
        WindowProfile right = new WindowProfile();
        WindowProfile whole = new WindowProfile();
        double[] fedA = feed(left, whole, a, r, 0.01);
        double[] fedB = feed(right, whole, b, r, 0.03);
        byte[] rightBefore = right.toBytes();

        WindowProfile merged = left.merge(right);
        assertThat(merged).isSameAs(left);
        assertThat(right.toBytes()).as("merge leaves its argument alone").isEqualTo(rightBefore);

        NumericSummary m = merged.numeric("x");
        NumericSummary w = whole.numeric("x");
        assertThat(m.count()).isEqualTo(w.count()).isEqualTo(100_000);
        assertThat(m.missing()).isEqualTo(w.missing()).isPositive();
        // Same quantiles within the sketch error: each one's exact rank in the union of the raw data.
        double[] union = Samples.finiteSorted(concat(fedA, fedB));
        double eps = m.rankError();
        assertThat(eps).isCloseTo(0.0133, within(1e-4));
        for (double rank = 0.01; rank < 1; rank += 0.01) {
            assertThat(Samples.exactRank(union, m.quantile(rank))).as("merged, rank %s", rank).isCloseTo(rank, within(eps));
            assertThat(Samples.exactRank(union, w.quantile(rank))).as("whole, rank %s", rank).isCloseTo(rank, within(eps));
        }
        // Categories: exact, so equal.
        assertThat(merged.categorical("c").counts()).isEqualTo(whole.categorical("c").counts());
        assertThat(merged.categorical("c").missing()).isEqualTo(whole.categorical("c").missing());
        // And the drift tests see the same thing.
        assertThat(DriftStatistics.ksStatistic(m, w)).isLessThan(2 * eps);
    }

    @Test
    void aSlidingWindowIsTheUnionOfItsPanesWhichStayUnchanged() {
        List<WindowProfile> panes = new ArrayList<>();
        WindowProfile whole = new WindowProfile();
        Random r = new Random(4);
        for (int pane = 0; pane < 6; pane++) {
            WindowProfile p = new WindowProfile();
            feed(p, whole, Samples.normal(10 + pane, 5_000, pane, 1), r, 0.0);
            panes.add(p);
        }
        List<byte[]> before = panes.stream().map(Profile::toBytes).toList();
        WindowProfile last4 = WindowProfile.union(panes.subList(2, 6));
        WindowProfile all = WindowProfile.union(panes);
        for (int i = 0; i < panes.size(); i++) {
            assertThat(panes.get(i).toBytes()).isEqualTo(before.get(i));
        }
        assertThat(last4.numeric("x").count()).isEqualTo(20_000);
        assertThat(all.numeric("x").count()).isEqualTo(30_000);
        assertThat(all.categorical("c").counts()).isEqualTo(whole.categorical("c").counts());
        assertThat(last4.numeric("x").quantile(0.5)).isCloseTo(3.5, within(0.1));
        assertThatThrownBy(() -> WindowProfile.union(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aCopyIsIndependent() {
        WindowProfile p = new WindowProfile();
        p.add("x", 1);
        p.addCategory("c", "a");
        WindowProfile copy = p.copy();
        assertThat(copy).isEqualTo(p);
        copy.add("x", 2);
        copy.addCategory("c", "b");
        assertThat(p.numeric("x").count()).isEqualTo(1);
        assertThat(p.categorical("c").count()).isEqualTo(1);
        assertThat(copy).isNotEqualTo(p);
    }

    /** Feeds both profiles; returns the values fed (some replaced by NaN). */
    private static double[] feed(Profile p, Profile whole, double[] values, Random r, double missing) {
        double[] fed = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            double x = r.nextDouble() < missing ? Double.NaN : v;
            fed[i] = x;
            String c = r.nextDouble() < 0.01 ? null : "c" + (int) Math.abs(Math.floor(v));
            p.add("x", x);
            whole.add("x", x);
            p.addCategory("c", c);
            whole.addCategory("c", c);
        }
        return fed;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
