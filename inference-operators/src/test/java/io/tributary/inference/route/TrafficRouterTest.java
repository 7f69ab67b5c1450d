package io.tributary.inference.route;

import io.tributary.inference.route.TrafficRouter.Variant;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrafficRouterTest {
    @Test
    void sharesAreHonouredAndAssignmentIsStableAndSalted() {
        TrafficRouter a = new TrafficRouter("exp-1");
        TrafficRouter again = new TrafficRouter("exp-1"); // another subtask, another day
        TrafficRouter other = new TrafficRouter("exp-2");
        Map<Variant, Integer> counts = new EnumMap<>(Variant.class);
        int moved = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            String key = "flight-" + i;
            Variant v = a.route(key, 0.05, 0.30);
            counts.merge(v, 1, Integer::sum);
            assertThat(again.route(key, 0.05, 0.30)).isEqualTo(v);
            if (other.route(key, 0.05, 0.30) != v) moved++;
        }
        assertThat(counts.get(Variant.CANARY) / (double) n).isCloseTo(0.05, within(0.005));
        assertThat(counts.get(Variant.CHALLENGER) / (double) n).isCloseTo(0.30, within(0.01));
        assertThat(counts.get(Variant.CHAMPION) / (double) n).isCloseTo(0.65, within(0.01));
        assertThat(moved).isGreaterThan(n / 4); // a new salt reshuffles the assignment
    }

    @Test
    void growingACanaryOnlyMovesKeysFromTheChampion() {
        TrafficRouter r = new TrafficRouter("s");
        for (int i = 0; i < 10_000; i++) {
            String key = "k" + i;
            if (r.route(key, 0.01, 0) == Variant.CANARY) assertThat(r.route(key, 0.10, 0)).isEqualTo(Variant.CANARY);
        }
        assertThat(r.point("k1")).isBetween(0.0, 1.0).isEqualTo(r.point("k1"));
    }
}
