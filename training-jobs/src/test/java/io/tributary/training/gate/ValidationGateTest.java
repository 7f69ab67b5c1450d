package io.tributary.training.gate;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ValidationGateTest {
    @Test
    void metricsMatchHandComputedValues() {
        double[] p = {0.1, 0.4, 0.35, 0.8};
        boolean[] y = {false, false, true, true};
        Metrics m = Metrics.of(p, y);
        assertThat(m.auc()).isEqualTo(0.75); // pairs (pos > neg): 0.35>0.1, 0.8>0.1, 0.8>0.4 = 3 of 4
        assertThat(m.accuracy()).isEqualTo(0.75);
        assertThat(m.logLoss()).isCloseTo(-(Math.log(0.9) + Math.log(0.6) + Math.log(0.35) + Math.log(0.8)) / 4, within(1e-12));
        assertThat(m.brier()).isCloseTo((0.01 + 0.16 + 0.4225 + 0.04) / 4, within(1e-12));
        assertThat(Metrics.of(new double[] {0.5, 0.5}, new boolean[] {true, false}).auc()).isEqualTo(0.5); // a tie is half
        assertThat(Metrics.of(new double[] {0.2}, new boolean[] {true}).auc()).isNaN();
    }

    @Test
    void theGateNamesEveryReason() {
        ValidationGate gate = new ValidationGate(0.6, 0.7, 0.01);
        Metrics good = new Metrics(100, 0.72, 0.5, 0.8, 0.02, 0.15);
        Metrics champion = new Metrics(100, 0.75, 0.48, 0.82, 0.02, 0.14);
        assertThat(gate.judge(good, Optional.empty()).passed()).isTrue();
        assertThat(gate.judge(good, Optional.of(new Metrics(100, 0.725, 0.5, 0.8, 0.02, 0.15))).passed()).isTrue();
        ValidationGate.Verdict v = gate.judge(good, Optional.of(champion));
        assertThat(v.passed()).isFalse();
        assertThat(v.summary()).isEqualTo("AUC 0.7200 regresses from the champion's 0.7500 by more than 0.0100");
        ValidationGate.Verdict bad = gate.judge(new Metrics(100, 0.55, 0.9, 0.6, 0.1, 0.3), Optional.empty());
        assertThat(bad.reasons()).containsExactly("AUC 0.5500 below the minimum 0.6000", "log loss 0.9000 above the maximum 0.7000");
    }
}
