package io.tributary.inference.ab;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VariantComparisonTest {
    @Test
    void wilsonIntervalAndZTestMatchTextbookValues() {
        double[] ci = VariantComparison.wilson(50, 100);
        assertThat(ci[0]).isCloseTo(0.4038, within(1e-4));
        assertThat(ci[1]).isCloseTo(0.5962, within(1e-4));
        // 60/100 vs 50/100: pooled 0.55, z = 1.4213, two-sided p = 0.1552
        assertThat(VariantComparison.twoProportionPValue(60, 100, 50, 100)).isCloseTo(0.1552, within(1e-4));
        assertThat(VariantComparison.twoProportionPValue(0, 10, 0, 10)).isNaN();
    }

    @Test
    void aBetterChallengerIsSignificantAndAnEqualOneIsNot() {
        Random r = new Random(1);
        List<VariantComparison.Labelled> rows = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            boolean y = r.nextDouble() < 0.3;
            double informative = Math.min(1, Math.max(0, (y ? 0.7 : 0.3) + r.nextGaussian() * 0.15));
            double noise = r.nextDouble();
            rows.add(i % 2 == 0 ? new VariantComparison.Labelled("champion", 1, noise, y)
                    : new VariantComparison.Labelled("challenger", 2, informative, y));
        }
        List<VariantComparison.Result> results = VariantComparison.compare(rows, 0.05);
        VariantComparison.Result champion = results.stream().filter(x -> x.variant().equals("champion")).findFirst().orElseThrow();
        VariantComparison.Result challenger = results.stream().filter(x -> x.variant().equals("challenger")).findFirst().orElseThrow();
        assertThat(champion.n() + challenger.n()).isEqualTo(4000);
        assertThat(champion.auc()).isCloseTo(0.5, within(0.04));
        assertThat(challenger.auc()).isGreaterThan(0.9);
        assertThat(champion.zPValue()).isNaN(); // no comparison with itself
        assertThat(challenger.accuracyDiff()).isGreaterThan(0.2);
        assertThat(challenger.zPValue()).isLessThan(1e-6);
        assertThat(challenger.significant()).isTrue();
        // each test's own statistic and verdict: the better challenger has a positive z, and both tests reject
        assertThat(challenger.z()).isGreaterThan(5);
        assertThat(challenger.accuracySignificant()).isTrue();
        assertThat(challenger.brierSignificant()).isTrue();
        assertThat(champion.z()).isNaN();
        assertThat(champion.accuracySignificant()).isFalse();
        assertThat(VariantComparison.twoProportionZ(60, 100, 50, 100)).isCloseTo(1.4213, within(1e-4));
        assertThat(VariantComparison.twoProportionPValue(60, 100, 50, 100)).isCloseTo(0.1552, within(1e-4));
        assertThat(challenger.meanOutcomeLow()).isLessThan(challenger.meanOutcome()).isLessThan(challenger.meanOutcomeHigh());

        List<VariantComparison.Labelled> same = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            boolean y = r.nextDouble() < 0.3;
            double s = Math.min(1, Math.max(0, (y ? 0.6 : 0.4) + r.nextGaussian() * 0.2));
            same.add(new VariantComparison.Labelled(i % 2 == 0 ? "champion" : "challenger", i % 2 + 1, s, y));
        }
        VariantComparison.Result equal = VariantComparison.compare(same, 0.001).stream()
                .filter(x -> x.variant().equals("challenger")).findFirst().orElseThrow();
        assertThat(equal.significant()).isFalse();
        assertThat(equal.welchPValue()).isGreaterThan(0.001);
    }
}
