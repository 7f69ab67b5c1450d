package io.tributary.inference.route;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CanaryGuardTest {
    @Test
    void judgesOnlyWithEnoughSamplesThenOnErrorsAndLatency() {
        CanaryGuard g = new CanaryGuard(100, 20, 0.01, 0.5);
        for (int i = 0; i < 19; i++) {
            g.record(true, 1, true);
            g.record(false, 1, false);
        }
        assertThat(g.verdict()).isEmpty(); // 19 samples: too few to judge
        g.record(true, 1, true);
        g.record(false, 1, false);
        assertThat(g.verdict()).get().asString().contains("error rate 1.0000").contains("champion's 0.0000");

        g.reset();
        for (int i = 0; i < 100; i++) {
            g.record(true, 2.0, false);
            g.record(false, 1.0, false);
        }
        assertThat(g.verdict()).get().asString().contains("p99 latency 2.00 ms").contains("1.00 ms");

        g.reset();
        for (int i = 0; i < 100; i++) {
            g.record(true, 1.4, false);
            g.record(false, 1.0, false);
        }
        assertThat(g.verdict()).isEmpty(); // 40 % slower is within the 50 % margin
    }
}
