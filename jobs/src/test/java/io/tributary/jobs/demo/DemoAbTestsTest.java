package io.tributary.jobs.demo;

import io.tributary.inference.ab.VariantComparison;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The demo's A/B tests: each with its own statistic, p-value and verdict, as the summary and the report print them. */
class DemoAbTestsTest {
    @Test
    void accuracyEqualButBrierLossDifferentGivesTwoVerdicts() {
        // same decisions at 0.5 (equal accuracy), but the challenger's scores are less sure: a worse Brier loss
        Random random = new Random(7);
        List<VariantComparison.Labelled> rows = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            boolean y = random.nextDouble() < 0.2;
            boolean right = random.nextDouble() < 0.8;
            boolean predictPositive = right == y;
            rows.add(new VariantComparison.Labelled("champion", 2, predictPositive ? 0.9 : 0.1, y));
            rows.add(new VariantComparison.Labelled("challenger", 1, predictPositive ? 0.6 : 0.4, y));
        }
        List<VariantComparison.Result> results = VariantComparison.compare(rows, 0.05);
        VariantComparison.Result challenger = results.stream().filter(r -> r.variant().equals("challenger")).findFirst().orElseThrow();
        VariantComparison.Result champion = results.stream().filter(r -> r.variant().equals("champion")).findFirst().orElseThrow();

        List<DemoResults.AbTest> tests = DemoRun.abTests(challenger, results);
        assertThat(tests).extracting(DemoResults.AbTest::measure).containsExactly("accuracy", "Brier loss");
        DemoResults.AbTest accuracy = tests.get(0), brier = tests.get(1);
        assertThat(accuracy.difference()).isZero();
        assertThat(accuracy.statistic()).isZero();
        assertThat(accuracy.significant()).isFalse();
        assertThat(brier.difference()).isCloseTo(challenger.meanBrier() - champion.meanBrier(), within(1e-12)).isPositive();
        assertThat(brier.significant()).isTrue();
        assertThat(accuracy.describe()).isEqualTo("accuracy +0.0000 (two-proportion z-test z = 0.00, p = 1.0: not significant at 0.05)");
        assertThat(brier.describe()).endsWith(": significant at 0.05)");
        assertThat(DemoRun.abTests(champion, results)).isEmpty();
    }
}
